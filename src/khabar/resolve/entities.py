"""Cross-article entity resolution: each document entity joins a KB-linked cluster, an existing
cluster (names + type + context + role), or a new one. Every choice is a recorded decision.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, Select, bindparam, delete, func, insert, or_, select, update

from khabar.resolve.features import WEAK_CONTEXT_TYPES, Comparison, NameRow, compare_names, role_words, type_factor
from khabar.store.schema import Decision as DecisionRow
from khabar.store.schema import DocEntity, DocEntityName, Entity, EntityName, Pin, utcnow

#: A name match at least this strong links on its own (unless the contexts conflict).
STRONG = 0.85
#: A weak name match (a bare surname, an acronym) links only with this much total score: a shared
#: co-mentioned actor or agreeing roles.
WITH_SUPPORT = 0.65


#: How many of a cluster's latest documents give its context.
CONTEXT_DOCS = 50


def _names_query(*conds: object) -> Select:
    """Distinct spellings of active clusters, with their type and KB id."""
    return (
        select(
            EntityName.entity_id,
            EntityName.name,
            EntityName.key,
            EntityName.n_words,
            EntityName.derived,
            Entity.type,
            Entity.kb_id,
        )
        .join(Entity, Entity.id == EntityName.entity_id)
        .where(Entity.status == "active", *conds)
        .limit(5000)
    )


class _Q:
    """The resolver's hot queries, built once (parameters bound at execution)."""

    _keys = EntityName.key.in_(bindparam("keys", expanding=True))
    cands = _names_query(_keys)
    cands_person = _names_query(or_(_keys, EntityName.last_key.in_(bindparam("lasts", expanding=True))))
    full_names = _names_query(EntityName.entity_id.in_(bindparam("ids", expanding=True)), EntityName.n_words >= 2)
    cluster_docs = (
        select(DocEntity.document_id)
        .where(DocEntity.entity_id == bindparam("eid"))
        .order_by(DocEntity.document_id.desc())
        .limit(CONTEXT_DOCS)
    )
    co_mentioned = (
        select(DocEntity.entity_id)
        .distinct()
        .join(Entity, Entity.id == DocEntity.entity_id)
        .where(
            DocEntity.document_id.in_(bindparam("docs", expanding=True)),
            DocEntity.entity_id != bindparam("eid"),
            Entity.type.not_in(WEAK_CONTEXT_TYPES),
        )
    )
    roles = (
        select(DocEntity.role)
        .where(DocEntity.entity_id == bindparam("eid"), DocEntity.role.is_not(None))
        .order_by(DocEntity.id.desc())
        .limit(100)
    )


def _last_key(key: str, derived: bool) -> str:
    return (key if derived else key.split()[-1])[:80]


def add_names(conn: Connection, names_by_entity: dict[int, list[NameRow]]) -> None:
    """Add spellings to clusters' name index (those already there are left alone)."""
    ids = [e for e, names in names_by_entity.items() if names]
    if not ids:
        return
    have = {
        (r[0], r[1], r[2])
        for r in conn.execute(
            select(EntityName.entity_id, EntityName.key, EntityName.name).where(EntityName.entity_id.in_(ids))
        )
    }
    rows = []
    for eid in ids:
        for n in names_by_entity[eid]:
            if (eid, n.key, n.name) not in have:
                have.add((eid, n.key, n.name))
                rows.append(
                    {
                        "entity_id": eid,
                        "name": n.name,
                        "key": n.key,
                        "last_key": _last_key(n.key, n.derived),
                        "n_words": n.n_words,
                        "derived": n.derived,
                    }
                )
    if rows:
        conn.execute(insert(EntityName), rows)


def rebuild_names(conn: Connection, entity_ids: list[int]) -> None:
    """Recompute clusters' name index from the names of the document entities they hold."""
    ids = sorted({e for e in entity_ids if e is not None})
    if not ids:
        return
    conn.execute(delete(EntityName).where(EntityName.entity_id.in_(ids)))
    rows = conn.execute(
        select(DocEntity.entity_id, DocEntityName.name, DocEntityName.key, DocEntityName.n_words, DocEntityName.derived)
        .distinct()
        .join(DocEntity, DocEntity.id == DocEntityName.doc_entity_id)
        .where(DocEntity.entity_id.in_(ids))
    ).all()
    grouped: dict[int, list[NameRow]] = defaultdict(list)
    for eid, name, key, n_words, derived in rows:
        grouped[eid].append(NameRow(name, key, n_words, bool(derived)))
    add_names(conn, grouped)


@dataclass
class _Cand:
    type: str
    kb_id: str | None
    names: list[NameRow]


@dataclass
class _DocEnt:
    id: int
    name: str
    type: str
    kb_id: str | None
    role: str | None
    names: list[NameRow]


def resolve_entity(conn: Connection, entity_id: int) -> int:
    """Follow ``merged_into`` to the active cluster."""
    seen = set()
    while entity_id not in seen:
        seen.add(entity_id)
        row = conn.execute(select(Entity.status, Entity.merged_into).where(Entity.id == entity_id)).one_or_none()
        if row is None or row.status != "merged" or row.merged_into is None:
            return entity_id
        entity_id = row.merged_into
    return entity_id


def record(
    conn: Connection,
    kind: str,
    reason: str,
    *,
    entity_id: int | None = None,
    other_id: int | None = None,
    document_id: int | None = None,
    event_id: int | None = None,
    score: float | None = None,
    features: dict | None = None,
    actor: str = "resolver",
    pending: list[dict] | None = None,
) -> int:
    """Record a decision; with ``pending`` it is queued there (for :func:`flush_decisions`) and 0 returned."""
    row = {
        "kind": kind,
        "reason": reason,
        "entity_id": entity_id,
        "other_id": other_id,
        "document_id": document_id,
        "event_id": event_id,
        "score": score,
        "features": features or {},
        "actor": actor,
        "created_at": utcnow(),
        "undone_by": None,
    }
    if pending is not None:
        pending.append(row)
        return 0
    return conn.execute(insert(DecisionRow).returning(DecisionRow.id), [row]).scalar_one()


def flush_decisions(conn: Connection, pending: list[dict]) -> None:
    if pending:
        conn.execute(insert(DecisionRow), pending)
        pending.clear()


def refresh_name(conn: Connection, entity_id: int, new_name: str | None = None) -> None:
    """Canonical name of a cluster without a KB entry: its most used full name. With ``new_name`` (the
    name just added), nothing is recomputed when it is already the cluster's name."""
    locked = conn.execute(select(Entity.name, Entity.name_locked, Entity.kb_id).where(Entity.id == entity_id)).one()
    if locked.name_locked or locked.kb_id or (new_name is not None and new_name == locked.name):
        return
    rows = conn.execute(
        select(DocEntity.name, func.count()).where(DocEntity.entity_id == entity_id).group_by(DocEntity.name)
    ).all()
    if not rows:
        return
    best = max(rows, key=lambda r: (len(r[0].split()) > 1, r[1], len(r[0]), r[0]))
    conn.execute(update(Entity).where(Entity.id == entity_id).values(name=best[0], updated_at=utcnow()))


class EntityResolver:
    """Assigns the entities of a stored document to cross-article clusters.

    ``kb`` (a :class:`~khabar.kb.KnowledgeBase`) supplies canonical names for KB-linked clusters.
    """

    def __init__(self, kb: object | None = None) -> None:
        self.kb = kb
        self._ctx_cache: dict[int, tuple[set[int], set[str]]] = {}
        self._decisions: list[dict] = []

    # -- loading ------------------------------------------------------------------------------------
    def _doc_entities(self, conn: Connection, document_id: int) -> list[_DocEnt]:
        ents = conn.execute(
            select(DocEntity.id, DocEntity.name, DocEntity.type, DocEntity.kb_id, DocEntity.role)
            .where(DocEntity.document_id == document_id)
            .order_by(DocEntity.id)
        ).all()
        names: dict[int, list[NameRow]] = defaultdict(list)
        for r in conn.execute(
            select(
                DocEntityName.doc_entity_id,
                DocEntityName.name,
                DocEntityName.key,
                DocEntityName.n_words,
                DocEntityName.derived,
            )
            .join(DocEntity, DocEntity.id == DocEntityName.doc_entity_id)
            .where(DocEntity.document_id == document_id)
        ):
            names[r[0]].append(NameRow(r[1], r[2], r[3], bool(r[4])))
        return [_DocEnt(e.id, e.name, e.type, e.kb_id, e.role, names.get(e.id, [])) for e in ents]

    def _candidates(self, conn: Connection, de: _DocEnt, document_id: int) -> dict[int, _Cand]:
        keys = sorted({n.key for n in de.names})
        lasts = sorted({n.key.split()[-1] for n in de.names if not n.derived and n.key})
        if not keys:
            return {}
        params = {"keys": keys}
        if de.type == "PERSON" and lasts:
            rows = conn.execute(_Q.cands_person, {**params, "lasts": lasts})
        else:
            rows = conn.execute(_Q.cands, params)
        out: dict[int, _Cand] = {}
        for eid, name, key, n_words, derived, type_, kb_id in rows:
            cand = out.setdefault(eid, _Cand(type_, kb_id, []))
            cand.names.append(NameRow(name, key, n_words, bool(derived)))
        # compare against all of a candidate's full names, not only those that matched the keys
        if out and de.type == "PERSON":
            for eid, name, key, n_words, derived, _t, _k in conn.execute(_Q.full_names, {"ids": sorted(out)}):
                row = NameRow(name, key, n_words, bool(derived))
                if row not in out[eid].names:
                    out[eid].names.append(row)
        return out

    def _cluster_context(self, conn: Connection, entity_id: int) -> tuple[set[int], set[str]]:
        """Co-mentioned clusters (of identifying types) in the cluster's latest documents, and its role words."""
        if entity_id in self._ctx_cache:
            return self._ctx_cache[entity_id]
        docs = conn.execute(_Q.cluster_docs, {"eid": entity_id}).scalars().all()
        ctx: set[int] = set()
        if docs:
            ctx = set(conn.execute(_Q.co_mentioned, {"docs": docs, "eid": entity_id}).scalars())
        words: set[str] = set()
        for r in conn.execute(_Q.roles, {"eid": entity_id}).scalars():
            words |= role_words(r)
        self._ctx_cache[entity_id] = (ctx, words)
        return ctx, words

    # -- deciding -----------------------------------------------------------------------------------
    def _compare(
        self, conn: Connection, de: _DocEnt, entity_id: int, cand: _Cand, doc_ctx: set[int]
    ) -> Comparison | None:
        tf = type_factor(de.type, cand.type)
        if tf == 0.0 or (de.kb_id and cand.kb_id and de.kb_id != cand.kb_id):
            return None
        score, kind, matched, conflict = compare_names(de.names, cand.names, de.type)
        if score == 0.0:
            return None
        comp = Comparison(
            entity_id=entity_id,
            name_score=score,
            name_match=kind,
            matched=matched,
            type_factor=tf,
            full_name_conflict=conflict,
        )
        if conflict or (score * tf >= STRONG and de.type != "PERSON"):
            return comp  # decided by the names alone: no need to read the context
        cctx, croles = self._cluster_context(conn, entity_id)
        mine = role_words(de.role)
        if mine and croles:
            comp.role_agreement = 1 if mine & croles else -1
        comp.shared_context = sorted(doc_ctx & cctx)[:10]
        comp.doc_context, comp.cluster_context = len(doc_ctx), len(cctx)
        return comp

    def _new_cluster(
        self, conn: Connection, de: _DocEnt, document_id: int, reason: str, features: dict | None = None
    ) -> int:
        name, type_ = de.name, de.type
        if de.kb_id and self.kb is not None:
            entry = self.kb.get(de.kb_id)  # type: ignore[attr-defined]
            if entry is not None:
                name = entry.name
        eid = conn.execute(
            insert(Entity)
            .values(name=name, type=type_, kb_id=de.kb_id, status="active", created_at=utcnow(), updated_at=utcnow())
            .returning(Entity.id)
        ).scalar_one()
        record(
            conn,
            "new",
            reason,
            entity_id=eid,
            document_id=document_id,
            score=None,
            pending=self._decisions,
            features={"doc_entity": de.id, "name": de.name, "type": de.type, "kb_id": de.kb_id, **(features or {})},
        )
        return eid

    def _flush(self, conn: Connection, assigned: dict[int, int], names: dict[int, str], ents: list[_DocEnt]) -> None:
        by_entity: dict[int, list[NameRow]] = defaultdict(list)
        for de in ents:
            if de.id in assigned:
                by_entity[assigned[de.id]].extend(de.names)
        add_names(conn, by_entity)
        if assigned:
            conn.execute(
                update(DocEntity)
                .where(DocEntity.id == bindparam("de"))
                .values(entity_id=bindparam("eid"))
                .execution_options(synchronize_session=False),
                [{"de": de, "eid": eid} for de, eid in assigned.items()],
            )
        for eid, name in names.items():
            refresh_name(conn, eid, name)
        flush_decisions(conn, self._decisions)

    def resolve_document(self, conn: Connection, document_id: int) -> dict[int, int]:
        """Assign every entity of the document to a cluster; returns doc-entity id -> cluster id."""
        self._ctx_cache = {}
        ents = self._doc_entities(conn, document_id)
        pins = dict(conn.execute(select(Pin.key, Pin.entity_id).where(Pin.document_id == document_id)).all())
        out: dict[int, int] = {}
        renamed: dict[int, str] = {}
        doc_ctx: set[int] = set()

        def order(d: _DocEnt) -> tuple:
            full = max((n.n_words for n in d.names if not n.derived), default=0)
            return (d.kb_id is None, -full, d.id)

        for de in sorted(ents, key=order):
            key = next((n.key for n in de.names if n.name == de.name), None)
            if key is not None and key in pins:
                eid = resolve_entity(conn, pins[key])
                record(
                    conn,
                    "link",
                    "pinned by a user decision",
                    entity_id=eid,
                    document_id=document_id,
                    score=1.0,
                    features={"doc_entity": de.id, "name": de.name},
                    pending=self._decisions,
                )
            elif de.kb_id:
                eid = self._link_kb(conn, de, document_id)
            else:
                eid = self._link_by_names(conn, de, document_id, doc_ctx)
            out[de.id] = eid
            if not de.kb_id:
                renamed[eid] = de.name
            if de.type not in WEAK_CONTEXT_TYPES:
                doc_ctx.add(eid)
        self._flush(conn, out, renamed, ents)
        return out

    def _link_kb(self, conn: Connection, de: _DocEnt, document_id: int) -> int:
        rows = conn.execute(select(Entity.id).where(Entity.kb_id == de.kb_id).order_by(Entity.id)).scalars().all()
        for eid in rows:
            eid = resolve_entity(conn, eid)
            record(
                conn,
                "link",
                f"same knowledge-base entry {de.kb_id}",
                entity_id=eid,
                document_id=document_id,
                score=1.0,
                features={"doc_entity": de.id, "name": de.name, "kb_id": de.kb_id},
                pending=self._decisions,
            )
            return eid
        # no cluster holds this KB entry yet: an earlier unlinked cluster with the same name takes it
        eid = self._link_by_names(conn, de, document_id, set(), create=False)
        if eid is not None:
            name = de.name
            entry = self.kb.get(de.kb_id) if self.kb is not None else None  # type: ignore[attr-defined]
            if entry is not None:
                name = entry.name
            conn.execute(
                update(Entity)
                .where(Entity.id == eid, Entity.kb_id.is_(None))
                .values(kb_id=de.kb_id, name=name, updated_at=utcnow())
            )
            return eid
        return self._new_cluster(conn, de, document_id, f"first mention of knowledge-base entry {de.kb_id}")

    def _link_by_names(
        self, conn: Connection, de: _DocEnt, document_id: int, doc_ctx: set[int], *, create: bool = True
    ) -> int | None:
        cands = self._candidates(conn, de, document_id)
        comps = [c for eid, cand in cands.items() if (c := self._compare(conn, de, eid, cand, doc_ctx)) is not None]
        comps.sort(key=lambda c: (-c.score, c.entity_id))
        accepted: list[Comparison] = []
        rejected: list[dict] = []
        for c in comps:
            why = None
            if c.full_name_conflict:
                why = "different full names"
            elif c.context_conflict:
                why = "contexts disagree (no shared actors, different roles)"
            elif c.name_score * c.type_factor < STRONG and (
                c.score < WITH_SUPPORT or (not c.shared_context and c.role_agreement <= 0)
            ):
                why = "weak name match without supporting context"
            if why:
                rejected.append({"entity": c.entity_id, "why": why, **c.features()})
            else:
                accepted.append(c)
        if accepted:
            best = accepted[0]
            if len(accepted) > 1 and accepted[1].score >= best.score and best.name_score < STRONG:
                # two equally good clusters for a weak name: do not guess
                rejected.append(
                    {"entity": best.entity_id, "why": "ambiguous between clusters", "tied_with": accepted[1].entity_id}
                )
            else:
                eid = resolve_entity(conn, best.entity_id)
                reason = f"{best.name_match}: {best.matched[0]!r} ~ {best.matched[1]!r}"
                if best.shared_context:
                    reason += f"; {len(best.shared_context)} co-mentioned actor(s) in common"
                if best.role_agreement > 0:
                    reason += "; roles agree"
                record(
                    conn,
                    "link",
                    reason,
                    entity_id=eid,
                    document_id=document_id,
                    score=best.score,
                    pending=self._decisions,
                    features={
                        "doc_entity": de.id,
                        "name": de.name,
                        **best.features(),
                        "alternatives": [{"entity": c.entity_id, "score": c.score} for c in accepted[1:4]],
                        "rejected": rejected[:5],
                    },
                )
                return eid
        if not create:
            return None
        reason = (
            "no cluster with a matching name"
            if not comps
            else "matching names rejected: " + "; ".join(sorted({r["why"] for r in rejected}))
        )
        return self._new_cluster(conn, de, document_id, reason, {"rejected": rejected[:5]})
