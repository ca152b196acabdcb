"""Writing documents and their extractions as statements (callers hold the transaction)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select, update

from khabar.model import Document as ArticleDoc
from khabar.model import Extraction
from khabar.normalize import acronym, looks_like_acronym, name_key, word_keys
from khabar.store.schema import (
    DocEntity,
    DocEntityName,
    Document,
    DocumentSource,
    Mention,
    Statement,
    StatementArg,
    utcnow,
)

ORG_TYPES = frozenset({"ARMED_GROUP", "POLITICAL_PARTY", "GOV_BODY", "OTHER_ORG", "MEDIA"})


@dataclass(frozen=True)
class SourceRef:
    """Where an article was read."""

    locator: str
    kind: str
    feed: str | None = None
    publisher: str | None = None
    url: str | None = None


def find_source(conn: Connection, locator: str) -> list[tuple[int, str]]:
    """(document id, content hash) of every document already read from ``locator``."""
    rows = conn.execute(
        select(DocumentSource.document_id, Document.content_hash)
        .join(Document, Document.id == DocumentSource.document_id)
        .where(DocumentSource.locator == locator)
    )
    return [(r[0], r[1]) for r in rows]


def find_hash(conn: Connection, content_hash: str) -> int | None:
    return conn.execute(select(Document.id).where(Document.content_hash == content_hash)).scalar()


def add_source(conn: Connection, document_id: int, source: SourceRef, run_id: int | None) -> bool:
    """Record that ``source`` holds ``document_id``; False when it was already recorded."""
    exists = conn.execute(
        select(DocumentSource.id).where(
            DocumentSource.locator == source.locator, DocumentSource.document_id == document_id
        )
    ).scalar()
    if exists:
        return False
    conn.execute(
        insert(DocumentSource).values(
            document_id=document_id,
            locator=source.locator,
            kind=source.kind,
            feed=source.feed,
            publisher=source.publisher,
            url=source.url,
            run_id=run_id,
            first_seen=utcnow(),
        )
    )
    return True


def insert_document(
    conn: Connection,
    doc: ArticleDoc,
    *,
    content_hash: str,
    status: str,
    run_id: int | None,
    minhash: bytes | None = None,
    duplicate_of: int | None = None,
    similarity: float | None = None,
) -> int:
    return conn.execute(
        insert(Document)
        .values(
            content_hash=content_hash,
            title=doc.title,
            publisher=doc.publisher,
            author=doc.author,
            url=doc.url,
            published=doc.published,
            published_source=doc.published_source,
            text=doc.text,
            n_chars=len(doc.text),
            status=status,
            duplicate_of=duplicate_of,
            similarity=similarity,
            minhash=minhash,
            run_id=run_id,
            ingested_at=utcnow(),
            warnings=[],
        )
        .returning(Document.id)
    ).scalar_one()


def clear_extraction(conn: Connection, document_id: int) -> None:
    """Remove a document's statements and entities (before it is extracted again)."""
    de_ids = select(DocEntity.id).where(DocEntity.document_id == document_id).scalar_subquery()
    st_ids = select(Statement.id).where(Statement.document_id == document_id).scalar_subquery()
    conn.execute(delete(StatementArg).where(StatementArg.statement_id.in_(st_ids)))
    conn.execute(delete(StatementArg).where(StatementArg.doc_entity_id.in_(de_ids)))
    conn.execute(delete(Statement).where(Statement.document_id == document_id))
    conn.execute(delete(Mention).where(Mention.document_id == document_id))
    conn.execute(delete(DocEntityName).where(DocEntityName.doc_entity_id.in_(de_ids)))
    conn.execute(delete(DocEntity).where(DocEntity.document_id == document_id))


def _locate(text: str, fragment: str, start: int | None, end: int | None) -> tuple[int | None, int | None]:
    """Offsets of ``fragment`` in ``text``: the given ones when they match, else its nearest occurrence."""
    if not fragment:
        return None, None
    if start is not None and end is not None and 0 <= start <= end <= len(text) and text[start:end] == fragment:
        return start, end
    hits = []
    pos = text.find(fragment)
    while pos != -1 and len(hits) < 50:
        hits.append(pos)
        pos = text.find(fragment, pos + 1)
    if not hits:
        return None, None
    best = min(hits, key=lambda p: abs(p - (start or 0)))
    return best, best + len(fragment)


def name_rows(names: Iterable[str], type_: str, mentions: Iterable[str] = ()) -> list[dict]:
    """Lookup rows for a document entity's surface names (one per spelling, with its count), plus
    acronym keys for organisations."""
    rows: dict[str, dict] = {}
    acronyms: set[str] = set()
    for name in names:
        name = " ".join(name.split())
        key = name_key(name)
        if not key:
            continue
        if name in rows:
            continue
        wk = word_keys(name)
        rows[name] = {
            "name": name,
            "key": key,
            "last_key": (wk[-1] if wk else key)[:80],
            "n_words": len(wk),
            "count": 1,
            "derived": False,
        }
        if type_ in ORG_TYPES:
            acr = name if looks_like_acronym(name) else (acronym(name) if len(wk) >= 2 else "")
            if len(acr) >= 2:
                acronyms.add(acr.replace("-", ""))
    counts = Counter(" ".join(m.split()) for m in mentions)
    for name, row in rows.items():
        row["count"] = max(1, counts.get(name, 0))
    out = list(rows.values())
    out += [
        {"name": a, "key": f"acr:{a}", "last_key": f"acr:{a}"[:80], "n_words": 0, "count": 0, "derived": True}
        for a in sorted(acronyms)
    ]
    return out


def _insert_returning_ids(conn: Connection, table: type, rows: list[dict]) -> list[int]:
    """Insert rows in one round trip; their ids in the order of ``rows``."""
    if not rows:
        return []
    result = conn.execute(insert(table).returning(table.id, sort_by_parameter_order=True), rows)
    return [r[0] for r in result]


def write_extraction(
    conn: Connection, document_id: int, text: str, ex: Extraction, version: str, *, fresh: bool = False
) -> dict[str, int]:
    """Store an extraction of ``document_id`` as document entities, mentions and statements (replacing
    any earlier extraction of it unless ``fresh``). Returns the extraction's entity ids -> stored ids."""
    if not fresh:
        clear_extraction(conn, document_id)
    warnings: list[str] = list(ex.warnings)
    ent_rows = []
    for ent in ex.entities:
        lat, lon = ent.coordinates if ent.coordinates else (None, None)
        ent_rows.append(
            {
                "document_id": document_id,
                "local_id": ent.id,
                "name": ent.name,
                "key": name_key(ent.name) or ent.name.lower(),
                "type": str(ent.type),
                "kb_id": ent.kb_id,
                "role": ent.role,
                "confidence": ent.confidence,
                "lat": lat,
                "lon": lon,
                "entity_id": None,
            }
        )
    ids = _insert_returning_ids(conn, DocEntity, ent_rows)
    local: dict[str, int] = {ent.id: de_id for ent, de_id in zip(ex.entities, ids, strict=True)}
    name_rows_all: list[dict] = []
    mention_rows: list[dict] = []
    for ent, de_id in zip(ex.entities, ids, strict=True):
        surfaces = [*ent.aliases, *(m.text for m in ent.mentions)]
        if not ent.kb_id or not surfaces:
            surfaces.insert(0, ent.name)
        name_rows_all += [
            {"doc_entity_id": de_id, **r} for r in name_rows(surfaces, str(ent.type), [m.text for m in ent.mentions])
        ]
        for m in ent.mentions:
            s, e = _locate(text, m.text, m.start, m.end)
            if s is None or e is None:
                warnings.append(f"mention {m.text!r} of {ent.id} not found in the text; dropped")
                continue
            mention_rows.append(
                {
                    "document_id": document_id,
                    "doc_entity_id": de_id,
                    "text": m.text,
                    "start": s,
                    "end": e,
                    "sentence": m.sentence,
                }
            )
    if name_rows_all:
        conn.execute(insert(DocEntityName), name_rows_all)
    if mention_rows:
        conn.execute(insert(Mention), mention_rows)

    st_rows: list[dict] = []
    st_args: list[list[tuple[str, str | None]]] = []

    def add(
        kind: str,
        label: str,
        evidence: str,
        start: int,
        end: int,
        sentence: int,
        confidence: float,
        args: list[tuple[str, str | None]],
        *,
        status: str | None = None,
        date: str | None = None,
        data: dict | None = None,
    ) -> None:
        s, e = _locate(text, evidence, start, end)
        st_rows.append(
            {
                "document_id": document_id,
                "kind": kind,
                "label": label,
                "sentence": sentence,
                "start": s,
                "end": e,
                "evidence": evidence,
                "confidence": confidence,
                "extractor_version": version,
                "status": status,
                "date": date,
                "data": data or {},
                "event_id": None,
            }
        )
        st_args.append(args)

    for r in ex.relations:
        add(
            "relation",
            str(r.predicate),
            r.evidence,
            r.start,
            r.end,
            r.sentence,
            r.confidence,
            [("subject", r.subject), ("object", r.object)],
            data={"kb_supported": r.kb_supported},
        )
    for ev in ex.events:
        args = [("actor", a) for a in ev.actors] + [("target", t) for t in ev.targets]
        args += [("location", ev.location), ("claimed_by", ev.claimed_by)]
        data = {
            k: getattr(ev, k)
            for k in (
                "mode",
                "date_text",
                "date_precision",
                "fatalities",
                "injuries",
                "trigger",
                "weight",
                "location",
                "claimed_by",
            )
        }
        data["coordinates"] = list(ev.coordinates) if ev.coordinates else None
        data["actors"], data["targets"] = list(ev.actors), list(ev.targets)
        add(
            "event",
            str(ev.type),
            ev.evidence,
            ev.start,
            ev.end,
            ev.sentence,
            ev.confidence,
            args,
            status=str(ev.status),
            date=ev.date,
            data=data,
        )
    for q in ex.quotes:
        add(
            "quote",
            "direct" if q.direct else "indirect",
            q.text,
            q.start,
            q.end,
            q.sentence,
            q.confidence,
            [("speaker", q.speaker)],
            data={"speaker_role": q.speaker_role, "cue": q.cue, "direct": q.direct},
        )
    st_ids = _insert_returning_ids(conn, Statement, st_rows)
    arg_rows: list[dict] = []
    for sid, row, args in zip(st_ids, st_rows, st_args, strict=True):
        seen: set[tuple[str, int]] = set()
        for role, ref in args:
            if ref is not None and ref in local and (role, local[ref]) not in seen:
                seen.add((role, local[ref]))
                arg_rows.append({"statement_id": sid, "role": role, "doc_entity_id": local[ref]})
        s, e = row["start"], row["end"]
        if s is not None and e is not None and row["kind"] == "quote":
            speaker = {local.get(ref) for role, ref in args if role == "speaker"}
            about = {m["doc_entity_id"] for m in mention_rows if s <= m["start"] and m["end"] <= e} - speaker
            arg_rows += [{"statement_id": sid, "role": "about", "doc_entity_id": d} for d in sorted(about)]
    if arg_rows:
        conn.execute(insert(StatementArg), arg_rows)

    values: dict = {"extractor_version": version, "extracted_at": utcnow(), "warnings": warnings[:50]}
    current = conn.execute(
        select(Document.published, Document.published_source).where(Document.id == document_id)
    ).one()
    if current.published is None and ex.published is not None:
        values["published"] = ex.published if isinstance(ex.published, dt.date) else None
        values["published_source"] = ex.published_source or "text"
    conn.execute(update(Document).where(Document.id == document_id).values(**values))
    return local
