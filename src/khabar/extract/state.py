"""What the extraction components leave on a spaCy ``Doc`` for the next one to use."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from khabar.extract.text import Block, BlockKind


@dataclass
class Nominal:
    """How a descriptive mention ("US troops", "Iran-backed militias") was built."""

    category: str
    head: str
    owner: str | None = None  # an owner key: a KB id or a folded name
    owner_text: str | None = None
    backer: str | None = None
    backer_text: str | None = None
    backer_word: str | None = None  # backed | aligned | allied | loyal | pro | possessive ...


@dataclass
class Candidate:
    """A mention of a possible entity, before in-article resolution."""

    start: int  # token index
    end: int  # token index, exclusive
    name: str  # the name proper (titles and determiners stripped)
    type: str
    source: str  # kb | ner | nominal | acronym | surname | speaker
    kb_id: str | None = None
    confidence: float = 0.6
    role: str | None = None
    nominal: Nominal | None = None
    latent: bool = False
    titled_start: int | None = None  # token index where a title before the name starts
    extra_forms: list[tuple[int, int]] = field(default_factory=list)  # other surface forms (char spans)
    joinable_only: bool = False  # may join an entity but not found one ("the electricity ministry")
    link: Candidate | None = None  # the mention an acronym was defined by
    block: BlockKind = BlockKind.BODY
    char_start: int = 0
    char_end: int = 0

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]


@dataclass(eq=False)
class Cluster:
    """One real-world thing in the article: its mentions and what is known of it."""

    id: str
    mentions: list[Candidate] = field(default_factory=list)
    kb_id: str | None = None
    type: str = "OTHER_ORG"
    name: str = ""
    role: str | None = None
    latent: bool = False
    coordinates: tuple[float, float] | None = None  # a place's (lat, lon) from the gazetteer

    def add(self, cand: Candidate) -> None:
        self.mentions.append(cand)

    @property
    def first(self) -> Candidate:
        return min(self.mentions, key=lambda c: c.start)


@dataclass
class DocState:
    """Everything the khabar components know about one document."""

    original: str
    published: dt.date | None = None
    first_line_is_title: bool = True
    blocks: list[Block] = field(default_factory=list)
    token_block: list[int] = field(default_factory=list)  # token index -> block index
    candidates: list[Candidate] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    token_cluster: dict[int, str] = field(default_factory=dict)  # token index -> cluster id
    dates: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    relations: list = field(default_factory=list)
    events: list = field(default_factory=list)
    hypothetical_events: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sent_starts: list[int] = field(default_factory=list)  # token index where each sentence starts
    sent_char_starts: list[int] = field(default_factory=list)

    def index_sentences(self, doc: Doc) -> None:
        """Number the parsed document's sentences once, for every component after the parser."""
        sents = list(doc.sents)
        self.sent_starts = [s.start for s in sents]
        self.sent_char_starts = [s.start_char for s in sents]

    def sentence_of(self, token_i: int) -> int:
        """The number of the sentence holding this token."""
        return max(0, bisect_right(self.sent_starts, token_i) - 1)

    def sentence_at_char(self, char: int) -> int:
        """The number of the sentence holding this character offset."""
        return max(0, bisect_right(self.sent_char_starts, char) - 1)

    def block_of(self, token_i: int) -> Block:
        return self.blocks[self.token_block[token_i]]

    def cluster(self, cid: str) -> Cluster | None:
        return next((c for c in self.clusters if c.id == cid), None)

    def new_cluster_id(self) -> str:
        return f"e{len(self.clusters) + 1}"


if not Doc.has_extension("khabar"):
    Doc.set_extension("khabar", default=None)


def state_of(doc: Doc) -> DocState:
    st = doc._.khabar
    if st is None:
        st = DocState(original=doc.text)
        doc._.khabar = st
    return st
