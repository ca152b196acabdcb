"""``khabar db check``: the store's integrity, from the database engine's own checks to Khabar's rules
(every statement's offsets point at its evidence, every mention at its text, clusters and duplicates
point at rows that exist, the full-text index covers every document)."""

from __future__ import annotations

from sqlalchemy import Connection, func, select, text

from khabar.store.handle import Store
from khabar.store.schema import (
    DocEntity,
    DocEntityName,
    Document,
    DocumentSource,
    Entity,
    EntityName,
    Mention,
    Statement,
    StatementArg,
)


def _sqlite_checks(conn: Connection) -> list[str]:
    problems = []
    result = conn.execute(text("PRAGMA integrity_check")).scalars().all()
    if result != ["ok"]:
        problems += [f"sqlite integrity: {r}" for r in result[:20]]
    fks = conn.execute(text("PRAGMA foreign_key_check")).all()
    problems += [f"foreign key: {r[0]} row {r[1]} points to a missing {r[2]}" for r in fks[:20]]
    try:
        conn.execute(text("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)"))
    except Exception as exc:
        problems.append(f"full-text index: {str(exc).splitlines()[0]}")
    return problems


def _count(conn: Connection, q) -> int:
    return int(conn.execute(q).scalar_one())


def check(store: Store | Connection) -> list[str]:
    """Problems found (an empty list means the store is consistent)."""
    if isinstance(store, Store):
        with store.begin() as conn:
            return _check(conn)
    return _check(store)


def _check(conn: Connection) -> list[str]:
    problems: list[str] = []
    if conn.dialect.name == "sqlite":
        problems += _sqlite_checks(conn)
    n = _count(
        conn,
        select(func.count())
        .select_from(Statement)
        .join(Document, Document.id == Statement.document_id)
        .where(
            Statement.start.is_not(None),
            func.substr(Document.text, Statement.start + 1, Statement.end - Statement.start) != Statement.evidence,
        ),
    )
    if n:
        problems.append(f"{n} statement(s) whose offsets do not point at their evidence")
    n = _count(
        conn,
        select(func.count())
        .select_from(Mention)
        .join(Document, Document.id == Mention.document_id)
        .where(func.substr(Document.text, Mention.start + 1, Mention.end - Mention.start) != Mention.text),
    )
    if n:
        problems.append(f"{n} mention(s) whose offsets do not point at their text")
    n = _count(
        conn,
        select(func.count())
        .select_from(Document)
        .where(Document.status == "extracted", Document.extractor_version.is_(None)),
    )
    if n:
        problems.append(f"{n} document(s) marked extracted without an extraction")
    n = _count(
        conn,
        select(func.count())
        .select_from(Document)
        .where(
            Document.status == "near_duplicate",
            Document.duplicate_of.is_(None) | Document.duplicate_of.not_in(select(Document.id)),
        ),
    )
    if n:
        problems.append(f"{n} near-duplicate(s) not linked to an existing original")
    n = _count(
        conn, select(func.count()).select_from(Document).where(Document.id.not_in(select(DocumentSource.document_id)))
    )
    if n:
        problems.append(f"{n} document(s) without a source")
    n = _count(conn, select(func.count()).select_from(DocEntity).where(DocEntity.entity_id.is_(None)))
    if n:
        problems.append(f"{n} document entit(ies) not assigned to a cluster")
    n = _count(
        conn,
        select(func.count())
        .select_from(DocEntity)
        .join(Entity, Entity.id == DocEntity.entity_id)
        .where(Entity.status != "active"),
    )
    if n:
        problems.append(f"{n} document entit(ies) assigned to a merged cluster")
    n = _count(
        conn,
        select(func.count(func.distinct(DocEntity.entity_id)))
        .join(DocEntityName, DocEntityName.doc_entity_id == DocEntity.id)
        .where(DocEntity.entity_id.is_not(None), DocEntity.entity_id.not_in(select(EntityName.entity_id))),
    )
    if n:
        problems.append(f"{n} cluster(s) missing from the name index")
    n = _count(
        conn, select(func.count()).select_from(Entity).where(Entity.status == "merged", Entity.merged_into.is_(None))
    )
    if n:
        problems.append(f"{n} merged cluster(s) without a target")
    n = _count(
        conn,
        select(func.count())
        .select_from(StatementArg)
        .join(DocEntity, DocEntity.id == StatementArg.doc_entity_id)
        .join(Statement, Statement.id == StatementArg.statement_id)
        .where(DocEntity.document_id != Statement.document_id),
    )
    if n:
        problems.append(f"{n} statement argument(s) pointing into another document")
    n = _count(
        conn, select(func.count()).select_from(Statement).where(Statement.kind == "event", Statement.event_id.is_(None))
    )
    if n:
        problems.append(f"{n} event statement(s) not attached to an event")
    if conn.dialect.name == "sqlite":
        docs = _count(conn, select(func.count()).select_from(Document))
        fts = _count(conn, text("SELECT count(*) FROM documents_fts_docsize"))
        if docs != fts:
            problems.append(f"full-text index holds {fts} documents, the store {docs}")
    else:
        n = _count(conn, text("SELECT count(*) FROM documents WHERE tsv IS NULL"))
        if n:
            problems.append(f"{n} document(s) missing from the full-text index")
    return problems
