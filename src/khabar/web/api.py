"""The JSON API under ``/api`` (documented by OpenAPI at ``/docs``, schema at ``/openapi.json``).

Every list is paginated: ``{"items": [...], "total": n, "limit": l, "offset": o}`` with ``?limit=``
(1-500, default 50) and ``?offset=``. Writes (``POST``) need the server's token when it has one
(``X-Khabar-Token: TOKEN`` or ``Authorization: Bearer TOKEN``) and answer 403 on a read-only server.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response

from khabar.store import queries
from khabar.store.views import (
    ActorSummary,
    DecisionView,
    DocumentSummary,
    EventView,
    GraphEdge,
    QuoteView,
    RelationView,
    TrendPoint,
)
from khabar.web import actions, graphview, places, trend
from khabar.web.basemap import countries_geojson
from khabar.web.kbfacts import kb_facts
from khabar.web.paging import Page, Paging
from khabar.web.state import WebState, state

router = APIRouter(prefix="/api", tags=["api"])

#: The most actors a name lookup returns (then paginated).
MAX_FIND = 200

St = Annotated[WebState, Depends(state)]
Pg = Annotated[Paging, Depends()]
DateQ = Annotated[dt.date | None, Query(description="YYYY-MM-DD")]


def _profile(st: WebState, actor_id: int):
    try:
        return queries.actor_profile(st.store, actor_id, kb=st.kb)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from None


# -- reading -----------------------------------------------------------------------------------------
@router.get("/stats", summary="Corpus counts (documents, entities, statements by kind, events, decisions)")
def api_stats(st: St) -> Any:
    return queries.stats(st.store).model_dump(exclude={"database"})  # no server paths or hosts


@router.get("/actors", response_model=Page[ActorSummary], summary="Actors, most documented first")
def api_actors(
    st: St,
    pg: Pg,
    type: Annotated[str | None, Query(description="PERSON, ARMED_GROUP, STATE, ...")] = None,
    q: Annotated[str | None, Query(description="A name in any spelling, an acronym, an id")] = None,
    include_places: bool = False,
) -> Any:
    if q:
        found = queries.find_entities(st.store, q, limit=MAX_FIND)
        if type:
            found = [a for a in found if a.type == type.upper()]
        elif not include_places:
            found = [a for a in found if a.type != "LOCATION"]
        return pg.slice(found)
    items = queries.list_actors(st.store, type=type, top=pg.limit, offset=pg.offset, include_places=include_places)
    return pg.page(items, queries.count_actors(st.store, type=type, include_places=include_places))


@router.get(
    "/actors/{actor_id}",
    summary="An actor's profile: aliases with outlets, KB facts, relations, "
    "events, quotes by and about, each with its sources",
)
def api_actor(st: St, actor_id: int) -> Any:
    prof = _profile(st, actor_id)
    return {**prof.model_dump(mode="json"), "kb": kb_facts(st, prof.actor.kb_id)}


@router.get("/actors/{actor_id}/relations", response_model=Page[RelationView], summary="An actor's relations")
def api_actor_relations(
    st: St, actor_id: int, pg: Pg, predicate: Annotated[str | None, Query(description="LEADS, MEMBER_OF, ...")] = None
) -> Any:
    rels = _profile(st, actor_id).relations
    if predicate:
        rels = [r for r in rels if r.predicate == predicate.upper()]
    return pg.slice(rels)


@router.get("/actors/{actor_id}/graph", summary="An actor's neighbourhood graph (nodes and edges)")
def api_actor_graph(st: St, actor_id: int) -> Any:
    return graphview.neighbourhood(st, _profile(st, actor_id))


@router.get("/actors/{actor_id}/history", response_model=Page[dict], summary="Resolution decisions about an actor")
def api_actor_history(st: St, actor_id: int, pg: Pg) -> Any:
    return pg.slice(list(reversed(actions.history(st, actor_id))))


@router.get("/relations", response_model=Page[GraphEdge], summary="Relations between actors, aggregated")
def api_relations(
    st: St,
    pg: Pg,
    predicate: str | None = None,
    since: DateQ = None,
    until: DateQ = None,
    min_documents: Annotated[int, Query(ge=1)] = 1,
) -> Any:
    edges = queries.graph_edges(
        st.store, predicate=predicate, min_documents=min_documents, limit=100_000, since=since, until=until
    )
    return pg.slice(edges)


@router.get("/events", response_model=Page[EventView], summary="Events, newest first")
def api_events(
    st: St,
    pg: Pg,
    actor: Annotated[str | None, Query(description="A participant (actor, target or claimant)")] = None,
    type: Annotated[str | None, Query(description="PLOVER type: ASSAULT, PROTEST, ...")] = None,
    since: DateQ = None,
    until: DateQ = None,
    place: Annotated[str | None, Query(description="Where it happened")] = None,
) -> Any:
    flt: dict[str, Any] = {"actor": actor, "type": type, "since": since, "until": until, "place": place}
    return pg.page(
        queries.list_events(st.store, limit=pg.limit, offset=pg.offset, **flt), queries.count_events(st.store, **flt)
    )


@router.get("/events/{event_id}", response_model=EventView, summary="One event with all its sources")
def api_event(st: St, event_id: int) -> Any:
    try:
        return queries.event_detail(st.store, event_id)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/quotes", response_model=Page[QuoteView], summary="Quotes, newest first")
def api_quotes(st: St, pg: Pg, speaker: str | None = None, about: str | None = None) -> Any:
    return pg.page(
        queries.list_quotes(st.store, speaker=speaker, about=about, limit=pg.limit, offset=pg.offset),
        queries.count_quotes(st.store, speaker=speaker, about=about),
    )


@router.get("/documents", response_model=Page[DocumentSummary], summary="Documents, latest ingested first")
def api_documents(st: St, pg: Pg, publisher: str | None = None, include_duplicates: bool = True) -> Any:
    return pg.page(
        queries.list_documents(
            st.store, limit=pg.limit, offset=pg.offset, publisher=publisher, include_duplicates=include_duplicates
        ),
        queries.count_documents(st.store, publisher=publisher, include_duplicates=include_duplicates),
    )


@router.get("/documents/{document_id}", summary="A document: text, entities, mentions with offsets, statements")
def api_document(st: St, document_id: int) -> Any:
    try:
        detail = queries.document_detail(st.store, document_id)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    mentions = queries.document_mentions(st.store, document_id)
    return {**detail.model_dump(mode="json"), "mentions": [m.model_dump(mode="json") for m in mentions]}


@router.get("/search", summary="Full-text search across articles, actors and quotes")
def api_search(st: St, pg: Pg, q: Annotated[str, Query(min_length=1, description='Words or "a phrase"')]) -> Any:
    return search_all(st, q, pg)


def search_all(st: WebState, q: str, pg: Paging) -> dict[str, Any]:
    res = queries.search(st.store, q, limit=pg.offset + pg.limit)
    actors = queries.find_entities(st.store, q, limit=MAX_FIND)
    quotes, nquotes = queries.search_quotes(st.store, q, limit=pg.limit, offset=pg.offset)
    docs = res.documents[pg.offset :]
    return {
        "query": q,
        "documents": pg.page([d.model_dump(mode="json") for d in docs], queries.count_search(st.store, q)),
        "actors": pg.slice([a.model_dump(mode="json") for a in actors]),
        "quotes": pg.page([x.model_dump(mode="json") for x in quotes], nquotes),
    }


@router.get("/graph", summary="The relation network: nodes (actors, with activity) and edges")
def api_graph(
    st: St,
    predicate: Annotated[str | None, Query(description="Only this relation type")] = None,
    type: Annotated[list[str] | None, Query(description="Only actors of these types (repeatable)")] = None,
    since: DateQ = None,
    until: DateQ = None,
    min_documents: Annotated[int, Query(ge=1)] = 1,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> Any:
    return graphview.network(
        st, predicate=predicate, types=type, since=since, until=until, min_documents=min_documents, limit=limit
    )


@router.get(
    "/trend", response_model=list[TrendPoint], summary="Conflict/cooperation trend: PLOVER weights summed per period"
)
def api_trend(
    st: St,
    actor: str | None = None,
    type: str | None = None,
    since: DateQ = None,
    until: DateQ = None,
    bucket: Annotated[str, Query(pattern="^(year|month|week|day)$")] = "month",
    fill: Annotated[bool, Query(description="Add the empty periods in between")] = True,
) -> Any:
    points = queries.event_trend(st.store, actor=actor, type=type, since=since, until=until, bucket=bucket)
    return trend.fill(points, bucket) if fill else points


@router.get("/map", summary="Located events as GeoJSON points")
def api_map(
    st: St,
    actor: str | None = None,
    type: str | None = None,
    since: DateQ = None,
    until: DateQ = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> Any:
    events = queries.list_events(st.store, actor=actor, type=type, since=since, until=until, limit=limit)
    return places.events_geojson(st, events)


@router.get("/basemap.geojson", summary="Country outlines (Natural Earth, shipped by geo-intel-offline)")
def api_basemap() -> Response:
    return Response(
        countries_geojson(), media_type="application/geo+json", headers={"cache-control": "public, max-age=86400"}
    )


@router.get("/decisions", response_model=Page[DecisionView], summary="Resolution decisions, newest first")
def api_decisions(st: St, pg: Pg, actor: Annotated[str | None, Query(description="user or resolver")] = None) -> Any:
    items, total = queries.recent_decisions(st.store, actor=actor, limit=pg.limit, offset=pg.offset)
    return pg.page(items, total)


# -- writing -----------------------------------------------------------------------------------------
def writable(request: Request, st: St) -> WebState:
    st.check_write(request)
    return st


Wr = Annotated[WebState, Depends(writable)]


def _run(fn, *args) -> dict[str, Any]:
    try:
        return fn(*args)
    except actions.ActionError as exc:
        raise HTTPException(400, str(exc)) from None


@router.post("/entities/merge", summary="Merge two entities (undoable)")
def api_merge(st: Wr, req: actions.MergeRequest) -> Any:
    return _run(actions.merge, st, req)


@router.post("/entities/{entity_id}/split", summary="Split an entity: by names, documents, or undo a decision")
def api_split(st: Wr, entity_id: int, req: actions.SplitRequest) -> Any:
    return _run(actions.split, st, entity_id, req)


@router.post("/decisions/{decision_id}/undo", summary="Undo a merge, link or split decision")
def api_undo(st: Wr, decision_id: int) -> Any:
    return _run(actions.undo, st, decision_id)


@router.post("/ingest", summary="Ingest one article (text and metadata)")
def api_ingest(st: Wr, req: actions.IngestRequest) -> Any:
    return actions.ingest(st, req)
