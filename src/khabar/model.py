"""The data model: documents in, extractions out.

An :class:`Extraction` serialises to the JSON of ``shared/eval/OUTPUT_FORMAT.md`` (the same shape as
the gold files), with extra provenance fields (offsets, sentence indices, confidences, kb ids) that
the scorer ignores.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class EntityType(StrEnum):
    PERSON = "PERSON"
    ARMED_GROUP = "ARMED_GROUP"
    POLITICAL_PARTY = "POLITICAL_PARTY"
    STATE = "STATE"
    GOV_BODY = "GOV_BODY"
    MEDIA = "MEDIA"
    LOCATION = "LOCATION"
    OTHER_ORG = "OTHER_ORG"


class Predicate(StrEnum):
    LEADS = "LEADS"
    MEMBER_OF = "MEMBER_OF"
    BACKED_BY = "BACKED_BY"
    ALLIED_WITH = "ALLIED_WITH"
    RIVAL_OF = "RIVAL_OF"


SYMMETRIC_PREDICATES = frozenset({Predicate.ALLIED_WITH, Predicate.RIVAL_OF})


class EventStatus(StrEnum):
    ASSERTED = "asserted"
    THREATENED = "threatened"
    HYPOTHETICAL = "hypothetical"
    DENIED = "denied"
    CLAIMED = "claimed_by"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Document(_Model):
    """One article: its full text and what is known about where it came from.

    ``text`` is the whole article as read (for .txt files the first line is the title); every
    offset in an extraction indexes into it.
    """

    text: str
    doc_id: str = "doc"
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_source: str | None = None  # given | metadata | text (inferred)
    source_path: str | None = None


class Span(_Model):
    """A stretch of the document text: ``text == document.text[start:end]``."""

    text: str
    start: int
    end: int
    sentence: int = 0


class Mention(Span):
    """One occurrence of an entity in the text."""


class Entity(_Model):
    id: str
    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    kb_id: str | None = None
    confidence: float = 0.5
    role: str | None = None
    coordinates: tuple[float, float] | None = None


class Relation(_Model):
    subject: str
    predicate: Predicate
    object: str
    evidence: str
    start: int = 0
    end: int = 0
    sentence: int = 0
    confidence: float = 0.5
    kb_supported: bool = False


class DateValue(_Model):
    """A date expression resolved against the publication date."""

    text: str
    start: int
    end: int
    sentence: int = 0
    value: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str | None = None  # day | month | year
    confidence: float = 0.5


class Event(_Model):
    type: str
    mode: str | None = None
    actors: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    location: str | None = None
    coordinates: tuple[float, float] | None = None
    date: str | None = None
    date_text: str | None = None
    date_precision: str | None = None
    fatalities: int | None = None
    injuries: int | None = None
    status: EventStatus = EventStatus.ASSERTED
    claimed_by: str | None = None
    trigger: str | None = None
    weight: float | None = None
    evidence: str
    start: int = 0
    end: int = 0
    sentence: int = 0
    confidence: float = 0.5


class Quote(_Model):
    speaker: str
    speaker_role: str | None = None
    text: str
    direct: bool
    start: int = 0
    end: int = 0
    sentence: int = 0
    cue: str | None = None
    confidence: float = 0.5


class Extraction(_Model):
    doc_id: str
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_inferred: bool = False
    published_source: str | None = None
    extractor_version: str = ""
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    # what the text says did not happen: hypothetical ("may ignite a civil war"), denied ("denied
    # targeting civilians") or only threatened ("vowed to continue their attacks"); Event.status says which
    hypothetical_events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    dates: list[DateValue] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def to_output(self) -> dict[str, Any]:
        """The OUTPUT_FORMAT.md dictionary (JSON-ready)."""
        return self.model_dump(mode="json")
