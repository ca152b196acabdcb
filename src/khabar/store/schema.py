"""The corpus schema (SQLAlchemy 2 declarative models).

The stored unit is the *statement*: "document D, sentence S, characters [start, end) say X", with
the extractor version and a confidence. Everything an analyst sees about an actor is a view over
statements:

``documents``         one row per distinct article text (exact duplicates add a ``document_sources``
                      row; near-duplicates get their own row with ``duplicate_of`` set, unextracted)
``doc_entities``      the entities one extraction found in one document (with their surface names
                      in ``doc_entity_names`` and their ``mentions``), each assigned to a cluster
``entities``          cross-article clusters (actors, places); ``merged_into`` after a merge;
                      ``entity_names`` indexes their distinct spellings for the resolver
``statements``        relations, events, quotes with provenance; ``statement_args`` link them to the
                      document's entities (subject, object, actor, target, location, speaker, about)
``events``            cross-source events: event statements that report the same happening
``decisions``         every resolution decision (automatic or by a user), with score, reason and
                      features; ``pins`` keep a user's split across re-extraction
``ingest_runs``/``failures``  what each ``khabar ingest`` did and what it could not read
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict] = {dict[str, Any]: JSON, list[Any]: JSON}


class IngestRun(Base):
    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    extractor_version: Mapped[str | None] = mapped_column(String(80))
    new: Mapped[int] = mapped_column(Integer, default=0)
    duplicate: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    published_source: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    n_chars: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), index=True)  # extracted | near_duplicate
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    similarity: Mapped[float | None] = mapped_column(Float)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    extractor_version: Mapped[str | None] = mapped_column(String(80))
    extracted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id"))
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)


class DocumentSource(Base):
    """Where a document was read: a path, a URL, a line of a JSONL file, a feed item."""

    __tablename__ = "document_sources"
    __table_args__ = (UniqueConstraint("locator", "document_id", name="uq_document_sources_locator_doc"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    locator: Mapped[str] = mapped_column(Text, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    feed: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id"))
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Failure(Base):
    """An input that could not be ingested (``failed``) or was deliberately passed over (``skipped``)."""

    __tablename__ = "failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id"), index=True)
    locator: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(16))  # failed | skipped
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Entity(Base):
    """A cross-article cluster: one actor (or place) however the sources spell it."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(24), index=True)
    kb_id: Mapped[str | None] = mapped_column(String(120), index=True)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)  # active | merged
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))
    name_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class DocEntity(Base):
    """One entity of one document's extraction, assigned to a cluster."""

    __tablename__ = "doc_entities"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text, index=True)
    type: Mapped[str] = mapped_column(String(24))
    kb_id: Mapped[str | None] = mapped_column(String(120))
    role: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)


class DocEntityName(Base):
    """A surface name of a document entity (its name and each alias), with lookup keys."""

    __tablename__ = "doc_entity_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_entity_id: Mapped[int] = mapped_column(ForeignKey("doc_entities.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text, index=True)
    last_key: Mapped[str] = mapped_column(String(80), index=True)
    n_words: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer, default=1)
    derived: Mapped[bool] = mapped_column(Boolean, default=False)  # an acronym key, not a surface name


class EntityName(Base):
    """The distinct spellings of a cluster (derived from its documents' names): the resolver's lookup index,
    rebuilt for a cluster whenever a merge, a split or a re-extraction changes what it holds."""

    __tablename__ = "entity_names"
    __table_args__ = (UniqueConstraint("entity_id", "key", "name", name="uq_entity_names_entry"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text, index=True)
    last_key: Mapped[str] = mapped_column(String(80), index=True)
    n_words: Mapped[int] = mapped_column(Integer)
    derived: Mapped[bool] = mapped_column(Boolean, default=False)


class Mention(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    doc_entity_id: Mapped[int] = mapped_column(ForeignKey("doc_entities.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[int] = mapped_column(Integer, default=0)


class Event(Base):
    """One happening reported by one or more event statements (from one or more sources)."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    date: Mapped[str | None] = mapped_column(String(10), index=True)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    place_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))
    location_name: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Statement(Base):
    """What one sentence of one document says: a relation, an event or a quote."""

    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)  # relation | event | quote
    label: Mapped[str] = mapped_column(String(40), index=True)  # predicate | event type | direct/indirect
    sentence: Mapped[int] = mapped_column(Integer, default=0)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    extractor_version: Mapped[str] = mapped_column(String(80))
    status: Mapped[str | None] = mapped_column(String(16))
    date: Mapped[str | None] = mapped_column(String(10), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)


class StatementArg(Base):
    __tablename__ = "statement_args"
    __table_args__ = (Index("ix_statement_args_role_de", "doc_entity_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    doc_entity_id: Mapped[int] = mapped_column(ForeignKey("doc_entities.id", ondelete="CASCADE"))


class Decision(Base):
    """A resolution decision: link, new cluster, merge, split, event merge, undo."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    entity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    other_id: Mapped[int | None] = mapped_column(Integer, index=True)
    document_id: Mapped[int | None] = mapped_column(Integer)
    event_id: Mapped[int | None] = mapped_column(Integer, index=True)
    score: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    features: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor: Mapped[str] = mapped_column(String(16), default="resolver")  # resolver | user
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    undone_by: Mapped[int | None] = mapped_column(Integer)


class Pin(Base):
    """A user's assignment of a document's name to a cluster, honoured when the document is re-extracted."""

    __tablename__ = "pins"
    __table_args__ = (UniqueConstraint("document_id", "key", name="uq_pins_document_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(Text)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"))
    decision_id: Mapped[int | None] = mapped_column(Integer)


class Separation(Base):
    """Two clusters a user split apart: the resolver will not join them again."""

    __tablename__ = "separations"
    __table_args__ = (UniqueConstraint("entity_a", "entity_b", name="uq_separations_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_a: Mapped[int] = mapped_column(Integer, index=True)
    entity_b: Mapped[int] = mapped_column(Integer, index=True)
    decision_id: Mapped[int | None] = mapped_column(Integer)
