"""What the query API returns: plain pydantic models (``.model_dump(mode="json")`` for JSON)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field


class EntityRef(BaseModel):
    id: int
    name: str
    type: str
    kb_id: str | None = None


class ActorSummary(EntityRef):
    documents: int = 0
    mentions: int = 0
    statements: int = 0


class DocumentSummary(BaseModel):
    id: int
    title: str | None = None
    publisher: str | None = None
    outlet: str
    author: str | None = None
    url: str | None = None
    published: dt.date | None = None
    status: str
    duplicate_of: int | None = None
    similarity: float | None = None
    n_chars: int = 0
    extractor_version: str | None = None
    sources: list[str] = Field(default_factory=list)


class Provenance(BaseModel):
    """Where a statement comes from: the document and the sentence."""

    statement_id: int
    document_id: int
    title: str | None = None
    outlet: str
    published: dt.date | None = None
    url: str | None = None
    sentence: int = 0
    start: int | None = None
    end: int | None = None
    evidence: str
    confidence: float = 0.5
    extractor_version: str = ""


class AliasView(BaseModel):
    name: str
    count: int
    outlets: list[str]
    documents: list[int]


class RelationView(BaseModel):
    predicate: str
    direction: str  # out: this actor is the subject; in: the object
    other: EntityRef
    documents: int
    sources: list[Provenance]


class EventView(BaseModel):
    id: int
    type: str
    date: str | None = None
    date_precision: str | None = None
    place: EntityRef | None = None
    actors: list[EntityRef] = Field(default_factory=list)
    targets: list[EntityRef] = Field(default_factory=list)
    fatalities: int | None = None
    statuses: list[str] = Field(default_factory=list)
    documents: int = 0
    outlets: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)  # in an actor profile: the actor's roles in it
    sources: list[Provenance] = Field(default_factory=list)


class QuoteView(BaseModel):
    statement_id: int
    speaker: EntityRef | None = None
    speaker_role: str | None = None
    text: str
    direct: bool
    about: list[EntityRef] = Field(default_factory=list)
    source: Provenance


class ActorProfile(BaseModel):
    actor: ActorSummary
    description: str | None = None
    aliases: list[AliasView]
    outlets: list[str]
    documents: list[DocumentSummary]
    relations: list[RelationView]
    events: list[EventView]
    quotes_by: list[QuoteView]
    quotes_about: list[QuoteView]
    decisions: int = 0
    also_matching: list[EntityRef] = Field(default_factory=list)


class SearchHit(BaseModel):
    document: DocumentSummary
    snippet: str
    rank: float


class SearchResult(BaseModel):
    query: str
    documents: list[SearchHit]
    actors: list[ActorSummary]


class GraphEdge(BaseModel):
    source: EntityRef
    target: EntityRef
    predicate: str
    statements: int
    documents: int


class DocumentDetail(BaseModel):
    document: DocumentSummary
    text: str
    entities: list[dict[str, Any]]
    statements: list[dict[str, Any]]
    duplicates: list[DocumentSummary] = Field(default_factory=list)


class CorpusStats(BaseModel):
    documents: int
    near_duplicates: int
    sources: int
    entities: int
    statements: dict[str, int]
    events: int
    decisions: int
    failures: int
    database: str


# -- added for the web app: document highlights, the conflict/cooperation trend, decisions ----------
class MentionSpan(BaseModel):
    """One mention of an entity in a document, with its character offsets."""

    id: int
    doc_entity: int
    start: int
    end: int
    text: str
    sentence: int = 0
    type: str
    entity: EntityRef | None = None


class TrendPoint(BaseModel):
    """Events of one period with their PLOVER weights: conflict is the sum of the negative weights,
    cooperation the sum of the positive ones."""

    period: str
    events: int
    conflict: float
    cooperation: float
    mean: float


class DecisionView(BaseModel):
    id: int
    kind: str
    entity: int | None = None
    other: int | None = None
    entity_name: str | None = None
    other_name: str | None = None
    document: int | None = None
    score: float | None = None
    reason: str
    actor: str
    created_at: str
    undone_by: int | None = None
