"""The corpus query API (used by the CLI and the web app). Every function takes a :class:`Store`
(or an open connection) and returns the pydantic models of :mod:`khabar.store.views`.

>>> from khabar.store import Store, queries
>>> store = Store.open()
>>> queries.actor_profile(store, "Khazaali").aliases
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import urlparse

from sqlalchemy import Connection, and_, func, or_, select, text

from khabar.normalize import looks_like_acronym, name_key, word_keys
from khabar.store.handle import Store
from khabar.store.schema import (
    Decision,
    DocEntity,
    DocEntityName,
    Document,
    DocumentSource,
    Entity,
    Event,
    Failure,
    Mention,
    Statement,
    StatementArg,
)
from khabar.store.views import (
    ActorProfile,
    ActorSummary,
    AliasView,
    CorpusStats,
    DecisionView,
    DocumentDetail,
    DocumentSummary,
    EntityRef,
    EventView,
    GraphEdge,
    MentionSpan,
    Provenance,
    QuoteView,
    RelationView,
    SearchHit,
    SearchResult,
    TrendPoint,
)

Source = Store | Connection


class NotFound(LookupError):
    """Nothing in the corpus answers the query; the message says what was looked for."""


@contextmanager
def _conn(src: Source) -> Iterator[Connection]:
    if isinstance(src, Connection):
        yield src
    else:
        with src.connect() as conn:
            yield conn


def outlet(publisher: str | None, url: str | None, locator: str | None = None) -> str:
    """Who published a document: its publisher, else its web host, else its file name."""
    if publisher:
        return publisher
    for candidate in (url, locator):
        if candidate and candidate.startswith(("http://", "https://")):
            host = urlparse(candidate).hostname or candidate
            return host.removeprefix("www.")
    if locator:
        return locator.replace("\\", "/").rsplit("/", 1)[-1]
    return "unknown outlet"


# -- documents ---------------------------------------------------------------------------------------
def _first_locators(conn: Connection, doc_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = list(set(doc_ids))
    out: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return out
    for doc_id, loc in conn.execute(
        select(DocumentSource.document_id, DocumentSource.locator)
        .where(DocumentSource.document_id.in_(ids))
        .order_by(DocumentSource.id)
    ):
        out[doc_id].append(loc)
    return out


def _summaries(conn: Connection, doc_ids: Iterable[int]) -> dict[int, DocumentSummary]:
    ids = list(set(doc_ids))
    if not ids:
        return {}
    locs = _first_locators(conn, ids)
    rows = conn.execute(
        select(
            Document.id,
            Document.title,
            Document.publisher,
            Document.author,
            Document.url,
            Document.published,
            Document.status,
            Document.duplicate_of,
            Document.similarity,
            Document.n_chars,
            Document.extractor_version,
        ).where(Document.id.in_(ids))
    )
    out = {}
    for r in rows:
        loc = locs.get(r.id, [])
        out[r.id] = DocumentSummary(
            id=r.id,
            title=r.title,
            publisher=r.publisher,
            outlet=outlet(r.publisher, r.url, loc[0] if loc else None),
            author=r.author,
            url=r.url,
            published=r.published,
            status=r.status,
            duplicate_of=r.duplicate_of,
            similarity=r.similarity,
            n_chars=r.n_chars,
            extractor_version=r.extractor_version,
            sources=loc,
        )
    return out


def list_documents(
    src: Source, *, limit: int = 50, offset: int = 0, publisher: str | None = None, include_duplicates: bool = True
) -> list[DocumentSummary]:
    with _conn(src) as conn:
        q = select(Document.id).order_by(Document.id.desc()).limit(limit).offset(offset)
        if publisher:
            q = q.where(Document.publisher == publisher)
        if not include_duplicates:
            q = q.where(Document.status == "extracted")
        ids = list(conn.execute(q).scalars())
        summ = _summaries(conn, ids)
        return [summ[i] for i in ids]


def document_detail(src: Source, document_id: int) -> DocumentDetail:
    with _conn(src) as conn:
        summ = _summaries(conn, [document_id]).get(document_id)
        if summ is None:
            raise NotFound(f"no document {document_id}")
        body = conn.execute(select(Document.text).where(Document.id == document_id)).scalar_one()
        ents = conn.execute(
            select(
                DocEntity.id,
                DocEntity.local_id,
                DocEntity.name,
                DocEntity.type,
                DocEntity.kb_id,
                DocEntity.role,
                DocEntity.entity_id,
            )
            .where(DocEntity.document_id == document_id)
            .order_by(DocEntity.id)
        ).all()
        clusters = _refs(conn, {e.entity_id for e in ents if e.entity_id})
        entities = [
            {
                "doc_entity": e.id,
                "local_id": e.local_id,
                "name": e.name,
                "type": e.type,
                "kb_id": e.kb_id,
                "role": e.role,
                "entity": clusters[e.entity_id].model_dump() if e.entity_id in clusters else None,
            }
            for e in ents
        ]
        sts = conn.execute(select(Statement).where(Statement.document_id == document_id).order_by(Statement.id)).all()
        args = _args(conn, [s.id for s in sts])
        statements = [
            {
                "id": s.id,
                "kind": s.kind,
                "label": s.label,
                "sentence": s.sentence,
                "start": s.start,
                "end": s.end,
                "evidence": s.evidence,
                "confidence": s.confidence,
                "status": s.status,
                "date": s.date,
                "event": s.event_id,
                "data": s.data,
                "args": [{"role": role, "entity": ref.model_dump()} for role, ref in args.get(s.id, [])],
            }
            for s in sts
        ]
        dup_ids = conn.execute(select(Document.id).where(Document.duplicate_of == document_id)).scalars().all()
        dups = _summaries(conn, dup_ids)
        return DocumentDetail(
            document=summ, text=body, entities=entities, statements=statements, duplicates=[dups[i] for i in dup_ids]
        )


# -- entities ----------------------------------------------------------------------------------------
def _refs(conn: Connection, ids: Iterable[int]) -> dict[int, EntityRef]:
    ids = [i for i in set(ids) if i is not None]
    if not ids:
        return {}
    rows = conn.execute(select(Entity.id, Entity.name, Entity.type, Entity.kb_id).where(Entity.id.in_(ids)))
    return {r.id: EntityRef(id=r.id, name=r.name, type=r.type, kb_id=r.kb_id) for r in rows}


def _args(conn: Connection, statement_ids: list[int]) -> dict[int, list[tuple[str, EntityRef]]]:
    out: dict[int, list[tuple[str, EntityRef]]] = defaultdict(list)
    if not statement_ids:
        return out
    rows = conn.execute(
        select(StatementArg.statement_id, StatementArg.role, DocEntity.entity_id)
        .join(DocEntity, DocEntity.id == StatementArg.doc_entity_id)
        .where(StatementArg.statement_id.in_(statement_ids))
        .order_by(StatementArg.id)
    ).all()
    refs = _refs(conn, {r.entity_id for r in rows})
    for r in rows:
        if r.entity_id in refs:
            out[r.statement_id].append((r.role, refs[r.entity_id]))
    return out


def _counts(conn: Connection, ids: list[int]) -> dict[int, tuple[int, int, int]]:
    if not ids:
        return {}
    docs = dict(
        conn.execute(
            select(DocEntity.entity_id, func.count(func.distinct(DocEntity.document_id)))
            .where(DocEntity.entity_id.in_(ids))
            .group_by(DocEntity.entity_id)
        ).all()
    )
    ments = dict(
        conn.execute(
            select(DocEntity.entity_id, func.count(Mention.id))
            .join(Mention, Mention.doc_entity_id == DocEntity.id)
            .where(DocEntity.entity_id.in_(ids))
            .group_by(DocEntity.entity_id)
        ).all()
    )
    sts = dict(
        conn.execute(
            select(DocEntity.entity_id, func.count(func.distinct(StatementArg.statement_id)))
            .join(StatementArg, StatementArg.doc_entity_id == DocEntity.id)
            .where(DocEntity.entity_id.in_(ids))
            .group_by(DocEntity.entity_id)
        ).all()
    )
    return {i: (docs.get(i, 0), ments.get(i, 0), sts.get(i, 0)) for i in ids}


def _summaries_for(conn: Connection, ids: list[int]) -> list[ActorSummary]:
    refs = _refs(conn, ids)
    counts = _counts(conn, ids)
    return [
        ActorSummary(**refs[i].model_dump(), documents=counts[i][0], mentions=counts[i][1], statements=counts[i][2])
        for i in ids
        if i in refs
    ]


def list_actors(
    src: Source, *, type: str | None = None, top: int | None = 50, include_places: bool = False, offset: int = 0
) -> list[ActorSummary]:
    """Clusters ranked by the number of documents that mention them."""
    with _conn(src) as conn:
        ndocs = func.count(func.distinct(DocEntity.document_id))
        q = (
            select(Entity.id)
            .join(DocEntity, DocEntity.entity_id == Entity.id)
            .where(Entity.status == "active")
            .group_by(Entity.id)
            .order_by(ndocs.desc(), Entity.id)
        )
        if type:
            q = q.where(Entity.type == type.upper())
        elif not include_places:
            q = q.where(Entity.type.not_in(["LOCATION"]))
        if top:
            q = q.limit(top)
        if offset:
            q = q.offset(offset)
        ids = list(conn.execute(q).scalars())
        return _summaries_for(conn, ids)


def find_entities(src: Source, query: str, *, limit: int = 10) -> list[ActorSummary]:
    """Clusters answering to a name (any spelling, a surname, an acronym), an id or a KB id; best first."""
    query = query.strip()
    if not query:
        return []
    with _conn(src) as conn:
        scores: Counter = Counter()
        if query.isdigit():
            hit = conn.execute(
                select(Entity.id, Entity.status, Entity.merged_into).where(Entity.id == int(query))
            ).one_or_none()
            if hit is not None:
                scores[hit.merged_into if hit.status == "merged" and hit.merged_into else hit.id] += 100
        for eid in conn.execute(select(Entity.id).where(Entity.kb_id == query, Entity.status == "active")).scalars():
            scores[eid] += 50
        key = name_key(query)
        keys = {key}
        if looks_like_acronym(query):
            keys.add(f"acr:{query.replace('-', '')}")
        if key:
            for eid in conn.execute(
                select(Entity.id).where(Entity.status == "active", func.lower(Entity.name) == query.lower())
            ).scalars():
                scores[eid] += 30
            rows = conn.execute(
                select(DocEntity.entity_id, func.count())
                .join(DocEntityName, DocEntityName.doc_entity_id == DocEntity.id)
                .where(DocEntityName.key.in_(keys), DocEntity.entity_id.is_not(None))
                .group_by(DocEntity.entity_id)
            ).all()
            for eid, n in rows:
                scores[eid] += 10 + min(n, 20)
            wk = word_keys(query)
            if not scores and len(wk) == 1:
                rows = conn.execute(
                    select(DocEntity.entity_id, func.count())
                    .join(DocEntityName, DocEntityName.doc_entity_id == DocEntity.id)
                    .where(DocEntityName.last_key == wk[0], DocEntity.entity_id.is_not(None))
                    .group_by(DocEntity.entity_id)
                ).all()
                for eid, n in rows:
                    scores[eid] += 5 + min(n, 20)
        if not scores and len(query) >= 3:
            like = f"%{query.lower()}%"
            for eid in conn.execute(
                select(Entity.id).where(Entity.status == "active", func.lower(Entity.name).like(like)).limit(limit)
            ).scalars():
                scores[eid] += 1
        active = set(
            conn.execute(select(Entity.id).where(Entity.id.in_(list(scores)), Entity.status == "active")).scalars()
        )
        ranked = [eid for eid, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])) if eid in active]
        return _summaries_for(conn, ranked[:limit])


def _provenance(conn: Connection, statement_ids: list[int]) -> dict[int, Provenance]:
    if not statement_ids:
        return {}
    rows = conn.execute(
        select(
            Statement.id,
            Statement.document_id,
            Statement.sentence,
            Statement.start,
            Statement.end,
            Statement.evidence,
            Statement.confidence,
            Statement.extractor_version,
            Document.title,
            Document.publisher,
            Document.url,
            Document.published,
        )
        .join(Document, Document.id == Statement.document_id)
        .where(Statement.id.in_(statement_ids))
    ).all()
    locs = _first_locators(conn, {r.document_id for r in rows})
    return {
        r.id: Provenance(
            statement_id=r.id,
            document_id=r.document_id,
            title=r.title,
            outlet=outlet(r.publisher, r.url, (locs.get(r.document_id) or [None])[0]),
            published=r.published,
            url=r.url,
            sentence=r.sentence,
            start=r.start,
            end=r.end,
            evidence=r.evidence,
            confidence=r.confidence,
            extractor_version=r.extractor_version,
        )
        for r in rows
    }


def _statements_of(conn: Connection, entity_id: int, kind: str, roles: Iterable[str]) -> list[tuple[int, str]]:
    rows = conn.execute(
        select(StatementArg.statement_id, StatementArg.role)
        .join(DocEntity, DocEntity.id == StatementArg.doc_entity_id)
        .join(Statement, Statement.id == StatementArg.statement_id)
        .where(DocEntity.entity_id == entity_id, Statement.kind == kind, StatementArg.role.in_(list(roles)))
        .order_by(StatementArg.statement_id)
        .limit(5000)
    ).all()
    return [(r[0], r[1]) for r in rows]


def _quotes(conn: Connection, statement_ids: list[int]) -> list[QuoteView]:
    if not statement_ids:
        return []
    prov = _provenance(conn, statement_ids)
    args = _args(conn, statement_ids)
    rows = conn.execute(
        select(Statement.id, Statement.evidence, Statement.data, Statement.label)
        .where(Statement.id.in_(statement_ids))
        .order_by(Statement.id)
    ).all()
    out = []
    for r in rows:
        a = args.get(r.id, [])
        speaker = next((ref for role, ref in a if role == "speaker"), None)
        about = [ref for role, ref in a if role == "about"]
        data = r.data or {}
        out.append(
            QuoteView(
                statement_id=r.id,
                speaker=speaker,
                speaker_role=data.get("speaker_role"),
                text=r.evidence,
                direct=r.label == "direct",
                about=about,
                source=prov[r.id],
            )
        )
    return out


def _events(conn: Connection, event_ids: list[int], *, with_sources: bool = True) -> list[EventView]:
    if not event_ids:
        return []
    evs = conn.execute(select(Event).where(Event.id.in_(event_ids))).all()
    sts = conn.execute(
        select(
            Statement.id, Statement.event_id, Statement.status, Statement.data, Statement.document_id, Statement.date
        )
        .where(Statement.event_id.in_(event_ids))
        .order_by(Statement.id)
    ).all()
    args = _args(conn, [s.id for s in sts])
    by_event: dict[int, list] = defaultdict(list)
    for s in sts:
        by_event[s.event_id].append(s)
    prov = _provenance(conn, [s.id for s in sts]) if with_sources else {}
    out = []
    for e in evs:
        ss = by_event.get(e.id, [])
        actors: dict[int, EntityRef] = {}
        targets: dict[int, EntityRef] = {}
        places: Counter = Counter()
        place_refs: dict[int, EntityRef] = {}
        for s in ss:
            for role, ref in args.get(s.id, []):
                if role in ("actor", "claimed_by"):
                    actors[ref.id] = ref
                elif role == "target":
                    targets[ref.id] = ref
                elif role == "location":
                    places[ref.id] += 1
                    place_refs[ref.id] = ref
        fatal = [s.data.get("fatalities") for s in ss if s.data and isinstance(s.data.get("fatalities"), int)]
        dates = Counter(s.date for s in ss if s.date)
        sources = [prov[s.id] for s in ss if s.id in prov]
        out.append(
            EventView(
                id=e.id,
                type=e.type,
                date=dates.most_common(1)[0][0] if dates else e.date,
                date_precision=e.date_precision,
                place=place_refs[places.most_common(1)[0][0]] if places else None,
                actors=list(actors.values()),
                targets=list(targets.values()),
                fatalities=max(fatal) if fatal else None,
                statuses=sorted({s.status or "asserted" for s in ss}),
                documents=len({s.document_id for s in ss}),
                outlets=sorted({p.outlet for p in sources}),
                sources=sources,
            )
        )
    out.sort(key=lambda v: (v.date or "", v.id), reverse=True)
    return out


def _aliases(conn: Connection, entity_id: int) -> list[AliasView]:
    rows = conn.execute(
        select(DocEntityName.name, DocEntityName.count, DocEntity.document_id, Document.publisher, Document.url)
        .join(DocEntity, DocEntity.id == DocEntityName.doc_entity_id)
        .join(Document, Document.id == DocEntity.document_id)
        .where(DocEntity.entity_id == entity_id, DocEntityName.derived.is_(False))
        .limit(20000)
    ).all()
    locs = _first_locators(conn, {r.document_id for r in rows if not r.publisher and not r.url})
    agg: dict[str, dict] = {}
    for r in rows:
        a = agg.setdefault(r.name, {"count": 0, "outlets": set(), "documents": set()})
        a["count"] += r.count
        a["outlets"].add(outlet(r.publisher, r.url, (locs.get(r.document_id) or [None])[0]))
        a["documents"].add(r.document_id)
    views = [
        AliasView(name=n, count=a["count"], outlets=sorted(a["outlets"]), documents=sorted(a["documents"]))
        for n, a in agg.items()
    ]
    views.sort(key=lambda v: (-len(v.documents), -v.count, v.name))
    return views


def actor_profile(src: Source, name_or_id: str | int, *, kb: object | None = None, limit: int = 200) -> ActorProfile:
    """Everything the corpus says about one actor, each item with its sources."""
    with _conn(src) as conn:
        found = find_entities(conn, str(name_or_id), limit=5)
        if not found:
            raise NotFound(f"no actor named {name_or_id!r} in the corpus")
        actor = found[0]
        eid = actor.id
        aliases = _aliases(conn, eid)
        doc_ids = list(
            conn.execute(
                select(DocEntity.document_id)
                .distinct()
                .where(DocEntity.entity_id == eid)
                .order_by(DocEntity.document_id)
            ).scalars()
        )
        summ = _summaries(conn, doc_ids)
        # relations
        rel = _statements_of(conn, eid, "relation", ("subject", "object"))
        rel_ids = [sid for sid, _ in rel]
        args = _args(conn, rel_ids)
        prov = _provenance(conn, rel_ids)
        labels = (
            dict(conn.execute(select(Statement.id, Statement.label).where(Statement.id.in_(rel_ids))).all())
            if rel_ids
            else {}
        )
        groups: dict[tuple[str, str, int], list[Provenance]] = defaultdict(list)
        others: dict[int, EntityRef] = {}
        for sid, role in rel:
            other_role = "object" if role == "subject" else "subject"
            for r2, ref in args.get(sid, []):
                if r2 == other_role and ref.id != eid:
                    groups[(labels[sid], "out" if role == "subject" else "in", ref.id)].append(prov[sid])
                    others[ref.id] = ref
        relations = [
            RelationView(
                predicate=p, direction=d, other=others[o], sources=v, documents=len({x.document_id for x in v})
            )
            for (p, d, o), v in groups.items()
        ]
        relations.sort(key=lambda r: (-r.documents, r.predicate, r.other.name))
        # events
        ev_rows = _statements_of(conn, eid, "event", ("actor", "target", "location", "claimed_by"))
        roles: dict[int, set[str]] = defaultdict(set)
        ev_ids: list[int] = []
        if ev_rows:
            ev_of = dict(
                conn.execute(
                    select(Statement.id, Statement.event_id).where(Statement.id.in_([s for s, _ in ev_rows]))
                ).all()
            )
            for sid, role in ev_rows:
                if ev_of.get(sid):
                    roles[ev_of[sid]].add(role)
            ev_ids = list(roles)[:limit]
        events = _events(conn, ev_ids)
        for ev in events:
            ev.roles = sorted(roles.get(ev.id, set()))
        quotes_by = _quotes(conn, [s for s, _ in _statements_of(conn, eid, "quote", ("speaker",))][:limit])
        quotes_about = _quotes(conn, [s for s, _ in _statements_of(conn, eid, "quote", ("about",))][:limit])
        decisions = conn.execute(
            select(func.count()).select_from(Decision).where(or_(Decision.entity_id == eid, Decision.other_id == eid))
        ).scalar_one()
        description = None
        if kb is not None and actor.kb_id:
            entry = kb.get(actor.kb_id)  # type: ignore[attr-defined]
            description = getattr(entry, "description", None)
        docs = [summ[i] for i in doc_ids if i in summ]
        return ActorProfile(
            actor=actor,
            description=description,
            aliases=aliases,
            outlets=sorted({d.outlet for d in docs}),
            documents=docs,
            relations=relations,
            events=events,
            quotes_by=quotes_by,
            quotes_about=quotes_about,
            decisions=decisions,
            also_matching=[EntityRef(**a.model_dump(include={"id", "name", "type", "kb_id"})) for a in found[1:]],
        )


# -- events, quotes ----------------------------------------------------------------------------------
def _entity_ids_for(conn: Connection, name: str) -> list[int]:
    return [a.id for a in find_entities(conn, name, limit=5)][:1] or [-1]


def _events_query(
    conn: Connection,
    *,
    actor: str | None = None,
    type: str | None = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    place: str | None = None,
):
    q = select(Event.id)
    if type:
        q = q.where(Event.type == type.upper())
    if since:
        q = q.where(Event.date >= str(since))
    if until:
        q = q.where(Event.date <= (str(until) + "~"))  # "~" sorts after any date suffix
    for who, roles in ((actor, ("actor", "target", "claimed_by")), (place, ("location",))):
        if who:
            ids = _entity_ids_for(conn, who)
            sub = (
                select(Statement.event_id)
                .join(StatementArg, StatementArg.statement_id == Statement.id)
                .join(DocEntity, DocEntity.id == StatementArg.doc_entity_id)
                .where(DocEntity.entity_id.in_(ids), StatementArg.role.in_(roles))
            )
            q = q.where(Event.id.in_(sub))
    return q


def list_events(
    src: Source,
    *,
    actor: str | None = None,
    type: str | None = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    place: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[EventView]:
    """Events (each with all its sources), newest first, filtered by participant, type, dates, place."""
    with _conn(src) as conn:
        q = _events_query(conn, actor=actor, type=type, since=since, until=until, place=place)
        ids = list(conn.execute(q.order_by(Event.date.desc(), Event.id.desc()).limit(limit).offset(offset)).scalars())
        return _events(conn, ids)


def event_detail(src: Source, event_id: int) -> EventView:
    with _conn(src) as conn:
        found = _events(conn, [event_id])
        if not found:
            raise NotFound(f"no event {event_id}")
        return found[0]


def _quotes_query(conn: Connection, *, speaker: str | None = None, about: str | None = None):
    q = select(Statement.id).where(Statement.kind == "quote")
    for who, role in ((speaker, "speaker"), (about, "about")):
        if who:
            ids = _entity_ids_for(conn, who)
            sub = (
                select(StatementArg.statement_id)
                .join(DocEntity, DocEntity.id == StatementArg.doc_entity_id)
                .where(DocEntity.entity_id.in_(ids), StatementArg.role == role)
            )
            q = q.where(Statement.id.in_(sub))
    return q


def list_quotes(
    src: Source, *, speaker: str | None = None, about: str | None = None, limit: int = 100, offset: int = 0
) -> list[QuoteView]:
    with _conn(src) as conn:
        q = _quotes_query(conn, speaker=speaker, about=about).order_by(Statement.id.desc())
        ids = list(conn.execute(q.limit(limit).offset(offset)).scalars())
        quotes = _quotes(conn, ids)
        quotes.sort(key=lambda v: -v.statement_id)
        return quotes


# -- search, graph, stats ----------------------------------------------------------------------------
_TOKEN = re.compile(r'"[^"]+"|[\w\-]+', re.UNICODE)


def _fts5_query(query: str) -> str:
    parts = []
    for tok in _TOKEN.findall(query):
        tok = tok.strip('"').replace('"', " ").strip()
        if tok and tok.upper() not in ("AND", "OR", "NOT", "NEAR"):
            parts.append('"' + tok + '"')
    return " ".join(parts)


def search(src: Source, query: str, *, limit: int = 20) -> SearchResult:
    """Full-text search over articles (SQLite FTS5 / PostgreSQL tsvector) plus actors by name."""
    with _conn(src) as conn:
        hits: list[tuple[int, str, float]] = []
        if conn.dialect.name == "sqlite":
            match = _fts5_query(query)
            if match:
                rows = conn.execute(
                    text(
                        "SELECT rowid, snippet(documents_fts, 1, '[', ']', ' … ', 16), bm25(documents_fts) "
                        "FROM documents_fts WHERE documents_fts MATCH :q ORDER BY bm25(documents_fts) LIMIT :n"
                    ),
                    {"q": match, "n": limit},
                ).all()
                hits = [(r[0], r[1], -float(r[2])) for r in rows]
        else:
            rows = conn.execute(
                text(
                    "SELECT id, ts_headline('english', text, websearch_to_tsquery('english', :q), "
                    "'StartSel=[, StopSel=], MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=\" … \"'), "
                    "ts_rank(tsv, websearch_to_tsquery('english', :q)) AS rank FROM documents "
                    "WHERE tsv @@ websearch_to_tsquery('english', :q) ORDER BY rank DESC, id LIMIT :n"
                ),
                {"q": query, "n": limit},
            ).all()
            hits = [(r[0], r[1], float(r[2])) for r in rows]
        summ = _summaries(conn, [h[0] for h in hits])
        docs = [
            SearchHit(document=summ[h[0]], snippet=" ".join(h[1].split()), rank=round(h[2], 4))
            for h in hits
            if h[0] in summ
        ]
        return SearchResult(query=query, documents=docs, actors=find_entities(conn, query, limit=5))


def graph_edges(
    src: Source,
    *,
    predicate: str | None = None,
    min_documents: int = 1,
    limit: int = 1000,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
) -> list[GraphEdge]:
    """Actor-to-actor relations aggregated over statements (for graph views and exports)."""
    with _conn(src) as conn:
        subj = StatementArg.__table__.alias("subj")
        obj = StatementArg.__table__.alias("obj")
        de_s = DocEntity.__table__.alias("de_s")
        de_o = DocEntity.__table__.alias("de_o")
        q = (
            select(
                de_s.c.entity_id.label("s"),
                de_o.c.entity_id.label("o"),
                Statement.label,
                func.count(func.distinct(Statement.id)),
                func.count(func.distinct(Statement.document_id)),
            )
            .select_from(Statement)
            .join(subj, and_(subj.c.statement_id == Statement.id, subj.c.role == "subject"))
            .join(obj, and_(obj.c.statement_id == Statement.id, obj.c.role == "object"))
            .join(de_s, de_s.c.id == subj.c.doc_entity_id)
            .join(de_o, de_o.c.id == obj.c.doc_entity_id)
            .where(Statement.kind == "relation", de_s.c.entity_id != de_o.c.entity_id)
            .group_by(de_s.c.entity_id, de_o.c.entity_id, Statement.label)
            .having(func.count(func.distinct(Statement.document_id)) >= min_documents)
            .order_by(func.count(func.distinct(Statement.document_id)).desc())
            .limit(limit)
        )
        if predicate:
            q = q.where(Statement.label == predicate.upper())
        if since or until:  # by the publication date of the reporting document
            q = q.join(Document, Document.id == Statement.document_id)
            if since:
                q = q.where(Document.published >= _as_date(since))
            if until:
                q = q.where(Document.published <= _as_date(until))
        rows = conn.execute(q).all()
        refs = _refs(conn, {r[0] for r in rows} | {r[1] for r in rows})
        return [
            GraphEdge(source=refs[r[0]], target=refs[r[1]], predicate=r[2], statements=r[3], documents=r[4])
            for r in rows
            if r[0] in refs and r[1] in refs
        ]


def stats(src: Source) -> CorpusStats:
    with _conn(src) as conn:

        def count(q) -> int:
            return int(conn.execute(q).scalar_one())

        kinds = dict(conn.execute(select(Statement.kind, func.count()).group_by(Statement.kind)).all())
        url = conn.engine.url.render_as_string(hide_password=True)
        return CorpusStats(
            documents=count(select(func.count()).select_from(Document).where(Document.status == "extracted")),
            near_duplicates=count(
                select(func.count()).select_from(Document).where(Document.status == "near_duplicate")
            ),
            sources=count(select(func.count()).select_from(DocumentSource)),
            entities=count(select(func.count()).select_from(Entity).where(Entity.status == "active")),
            statements={k: int(v) for k, v in kinds.items()},
            events=count(select(func.count()).select_from(Event)),
            decisions=count(select(func.count()).select_from(Decision)),
            failures=count(select(func.count()).select_from(Failure).where(Failure.outcome == "failed")),
            database=url,
        )


def failures(src: Source, *, run: int | None = None, limit: int = 200) -> list[dict]:
    """Inputs that could not be ingested (latest run by default), with their reasons."""
    with _conn(src) as conn:
        if run is None:
            run = conn.execute(select(func.max(Failure.run_id))).scalar()
        rows = conn.execute(
            select(Failure.run_id, Failure.locator, Failure.outcome, Failure.reason)
            .where(Failure.run_id == run)
            .order_by(Failure.id)
            .limit(limit)
        ).all()
        return [{"run": r.run_id, "source": r.locator, "outcome": r.outcome, "reason": r.reason} for r in rows]


# -- counts for paginated lists, highlights, trend, places, decisions (used by the web app) -----------
def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _count(conn: Connection, ids_query) -> int:
    return int(conn.execute(select(func.count()).select_from(ids_query.subquery())).scalar_one())


def count_actors(src: Source, *, type: str | None = None, include_places: bool = False) -> int:
    """How many clusters :func:`list_actors` would list with no limit."""
    with _conn(src) as conn:
        q = (
            select(Entity.id)
            .join(DocEntity, DocEntity.entity_id == Entity.id)
            .where(Entity.status == "active")
            .group_by(Entity.id)
        )
        if type:
            q = q.where(Entity.type == type.upper())
        elif not include_places:
            q = q.where(Entity.type.not_in(["LOCATION"]))
        return _count(conn, q)


def count_events(
    src: Source,
    *,
    actor: str | None = None,
    type: str | None = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    place: str | None = None,
) -> int:
    with _conn(src) as conn:
        return _count(conn, _events_query(conn, actor=actor, type=type, since=since, until=until, place=place))


def count_quotes(src: Source, *, speaker: str | None = None, about: str | None = None) -> int:
    with _conn(src) as conn:
        return _count(conn, _quotes_query(conn, speaker=speaker, about=about))


def count_documents(src: Source, *, publisher: str | None = None, include_duplicates: bool = True) -> int:
    with _conn(src) as conn:
        q = select(Document.id)
        if publisher:
            q = q.where(Document.publisher == publisher)
        if not include_duplicates:
            q = q.where(Document.status == "extracted")
        return _count(conn, q)


def actor_summaries(src: Source, ids: Iterable[int]) -> list[ActorSummary]:
    """Names, types and activity counts (documents, mentions, statements) of the given clusters."""
    with _conn(src) as conn:
        return _summaries_for(conn, list(dict.fromkeys(ids)))


def document_mentions(src: Source, document_id: int) -> list[MentionSpan]:
    """Every entity mention of a document with its offsets and cluster, in reading order."""
    with _conn(src) as conn:
        rows = conn.execute(
            select(
                Mention.id,
                Mention.doc_entity_id,
                Mention.start,
                Mention.end,
                Mention.text,
                Mention.sentence,
                DocEntity.type,
                DocEntity.entity_id,
            )
            .join(DocEntity, DocEntity.id == Mention.doc_entity_id)
            .where(Mention.document_id == document_id)
            .order_by(Mention.start, Mention.end.desc())
        ).all()
        refs = _refs(conn, {r.entity_id for r in rows})
        return [
            MentionSpan(
                id=r.id,
                doc_entity=r.doc_entity_id,
                start=r.start,
                end=r.end,
                text=r.text,
                sentence=r.sentence,
                type=r.type,
                entity=refs.get(r.entity_id),
            )
            for r in rows
        ]


def _period(date: str | None, bucket: str) -> str | None:
    if not date:
        return None
    if bucket == "year":
        return date[:4] if len(date) >= 4 else None
    if bucket == "day":
        return date[:10] if len(date) >= 10 else None
    if bucket == "week":
        if len(date) < 10:
            return None
        try:
            y, w, _ = dt.date.fromisoformat(date[:10]).isocalendar()
        except ValueError:
            return None
        return f"{y}-W{w:02d}"
    return date[:7] if len(date) >= 7 else None


def event_trend(
    src: Source,
    *,
    actor: str | None = None,
    type: str | None = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    bucket: str = "month",
) -> list[TrendPoint]:
    """Events per period (``year``, ``month``, ``week`` or ``day``) with their PLOVER cooperation-conflict
    weights (each event weighs the mean of its statements' weights); events dated less precisely than
    the period are left out. Oldest period first."""
    if bucket not in ("year", "month", "week", "day"):
        raise ValueError(f"unknown period {bucket!r}: use year, month, week or day")
    with _conn(src) as conn:
        sub = _events_query(conn, actor=actor, type=type, since=since, until=until).subquery()
        rows = conn.execute(
            select(Event.id, Event.date, Statement.data)
            .join(Statement, Statement.event_id == Event.id)
            .where(Event.id.in_(select(sub.c.id)))
        ).all()
        weights: dict[int, list[float]] = defaultdict(list)
        dates: dict[int, str | None] = {}
        for r in rows:
            dates[r.id] = r.date
            w = (r.data or {}).get("weight")
            if isinstance(w, int | float):
                weights[r.id].append(float(w))
        agg: dict[str, list[float]] = defaultdict(list)
        for eid, date in dates.items():
            period = _period(date, bucket)
            if period is not None:
                ws = weights.get(eid)
                agg[period].append(sum(ws) / len(ws) if ws else 0.0)
        return [
            TrendPoint(
                period=p,
                events=len(ws),
                conflict=round(sum(w for w in ws if w < 0), 2),
                cooperation=round(sum(w for w in ws if w > 0), 2),
                mean=round(sum(ws) / len(ws), 2),
            )
            for p, ws in sorted(agg.items())
        ]


def place_coordinates(src: Source, entity_ids: Iterable[int]) -> dict[int, tuple[float, float]]:
    """The coordinates the extractions gave each place cluster (their mean), where they gave any."""
    ids = [i for i in set(entity_ids) if i is not None]
    if not ids:
        return {}
    with _conn(src) as conn:
        rows = conn.execute(
            select(DocEntity.entity_id, func.avg(DocEntity.lat), func.avg(DocEntity.lon))
            .where(DocEntity.entity_id.in_(ids), DocEntity.lat.is_not(None), DocEntity.lon.is_not(None))
            .group_by(DocEntity.entity_id)
        ).all()
        return {r[0]: (float(r[1]), float(r[2])) for r in rows}


def _quote_search_query(query: str):
    q = select(Statement.id).where(Statement.kind == "quote")
    words = [w for w in _TOKEN.findall(query.lower()) if w.strip('"')]
    if not words:
        return None
    for w in words:
        q = q.where(func.lower(Statement.evidence).like("%" + w.strip('"').replace("%", "").replace("_", "") + "%"))
    return q


def search_quotes(src: Source, query: str, *, limit: int = 20, offset: int = 0) -> tuple[list[QuoteView], int]:
    """Quotes whose text holds every word of the query (newest first), and how many there are."""
    q = _quote_search_query(query)
    if q is None:
        return [], 0
    with _conn(src) as conn:
        total = _count(conn, q)
        ids = list(conn.execute(q.order_by(Statement.id.desc()).limit(limit).offset(offset)).scalars())
        quotes = _quotes(conn, ids)
        quotes.sort(key=lambda v: -v.statement_id)
        return quotes, total


def recent_decisions(
    src: Source, *, actor: str | None = None, kinds: Iterable[str] | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[DecisionView], int]:
    """Resolution decisions, newest first (``actor="user"`` for the reviewers' own), and how many."""
    with _conn(src) as conn:
        q = select(Decision.id)
        if actor:
            q = q.where(Decision.actor == actor)
        if kinds:
            q = q.where(Decision.kind.in_(list(kinds)))
        total = _count(conn, q)
        ids = list(conn.execute(q.order_by(Decision.id.desc()).limit(limit).offset(offset)).scalars())
        rows = (
            conn.execute(select(Decision.__table__).where(Decision.id.in_(ids)).order_by(Decision.id.desc())).all()
            if ids
            else []
        )
        names = (
            dict(
                conn.execute(
                    select(Entity.id, Entity.name).where(
                        Entity.id.in_({r.entity_id for r in rows} | {r.other_id for r in rows})
                    )
                ).all()
            )
            if rows
            else {}
        )
        return [
            DecisionView(
                id=d.id,
                kind=d.kind,
                entity=d.entity_id,
                other=d.other_id,
                entity_name=names.get(d.entity_id),
                other_name=names.get(d.other_id),
                document=d.document_id,
                score=d.score,
                reason=d.reason,
                actor=d.actor,
                created_at=d.created_at.isoformat(timespec="seconds"),
                undone_by=d.undone_by,
            )
            for d in rows
        ], total


def count_search(src: Source, query: str) -> int:
    """How many documents :func:`search` would find with no limit."""
    with _conn(src) as conn:
        if conn.dialect.name == "sqlite":
            match = _fts5_query(query)
            if not match:
                return 0
            return int(
                conn.execute(
                    text("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :q"), {"q": match}
                ).scalar_one()
            )
        return int(
            conn.execute(
                text("SELECT count(*) FROM documents WHERE tsv @@ websearch_to_tsquery('english', :q)"), {"q": query}
            ).scalar_one()
        )
