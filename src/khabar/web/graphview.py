"""Graph data for the network page and an actor's neighbourhood: nodes (actors, sized by activity)
and edges (aggregated relations), in the shape the front end draws (``graph.js``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from khabar.store import queries
from khabar.store.views import ActorProfile, GraphEdge
from khabar.web.state import WebState


def _node(a: Any, activity: int, *, focus: bool = False) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name,
        "type": a.type,
        "kb_id": a.kb_id,
        "activity": activity,
        "url": f"/actors/{a.id}",
        "focus": focus,
    }


def network(
    st: WebState,
    *,
    predicate: str | None = None,
    types: list[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    min_documents: int = 1,
    limit: int = 1000,
) -> dict[str, Any]:
    """The relation network: every actor-to-actor relation (filtered), with the actors it connects."""
    edges: list[GraphEdge] = queries.graph_edges(
        st.store, predicate=predicate, min_documents=min_documents, limit=limit, since=since, until=until
    )
    wanted = {t.upper() for t in types or [] if t}
    if wanted:
        edges = [e for e in edges if e.source.type in wanted and e.target.type in wanted]
    ids = [i for e in edges for i in (e.source.id, e.target.id)]
    summaries = queries.actor_summaries(st.store, ids)
    nodes = [_node(a, a.documents + a.statements) for a in summaries]
    return {
        "nodes": nodes,
        "edges": [
            {
                "source": e.source.id,
                "target": e.target.id,
                "predicate": e.predicate,
                "statements": e.statements,
                "documents": e.documents,
            }
            for e in edges
        ],
        "predicates": sorted({e.predicate for e in edges}),
    }


def neighbourhood(st: WebState, profile: ActorProfile) -> dict[str, Any]:
    """The actor, everyone it has a relation with, and those relations."""
    me = profile.actor
    others = {r.other.id for r in profile.relations}
    summaries = {a.id: a for a in queries.actor_summaries(st.store, [me.id, *others])}
    nodes = [_node(a, a.documents + a.statements, focus=a.id == me.id) for a in summaries.values()]
    edges = []
    for r in profile.relations:
        src, dst = (me.id, r.other.id) if r.direction == "out" else (r.other.id, me.id)
        edges.append(
            {
                "source": src,
                "target": dst,
                "predicate": r.predicate,
                "statements": len(r.sources),
                "documents": r.documents,
            }
        )
    return {"nodes": nodes, "edges": edges, "predicates": sorted({e["predicate"] for e in edges})}
