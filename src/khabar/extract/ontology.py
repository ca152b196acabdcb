"""The PLOVER event ontology and the event cue lists: YAML data, validated models, generated docs.

Knowledge is data: ``khabar/extract/data/plover.yaml`` holds the 16 PLOVER event types with their
quad category, cooperation-conflict weight, modes (with the clause cues that select them) and trigger
lexicon; ``khabar/extract/data/event_cues.yaml`` holds the words that make an event hypothetical,
threatened, negated, denied or claimed, and the casualty vocabulary. The schema and the decisions on
ambiguous words are documented at the top of each file.

>>> onto = load_ontology()
>>> [hit.type for hit in onto.types_for("attack", "VERB")]
['ASSAULT']
>>> onto.mode_for("ASSAULT", {"drone", "strike"})
'aerial'

Every problem in a data file raises :class:`OntologyError` naming the file and the field.
``python -m khabar.extract.ontology --write-docs`` regenerates ``docs/plover.md`` from the data (and the
README section between ``<!-- plover:start -->`` and ``<!-- plover:end -->`` when the markers exist);
``--check`` exits 1 when either is out of date.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)

from khabar.yamlfile import read_yaml, validation_reason

DATA_DIR = Path(str(resources.files("khabar.extract") / "data"))
ONTOLOGY_FILE = DATA_DIR / "plover.yaml"
EVENT_CUES_FILE = DATA_DIR / "event_cues.yaml"

#: The 16 PLOVER event types, in PLOVER's order (cooperation to conflict).
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

Quad = Literal["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]
COOPERATION_QUADS = frozenset({"verbal_cooperation", "material_cooperation"})
WEIGHT_MIN, WEIGHT_MAX = -10.0, 10.0

#: Parts of speech a phrase matcher may skip between the words of a trigger phrase, and how many in a row.
SKIPPABLE_POS = frozenset({"DET", "PRON", "NUM", "ADJ"})
MAX_SKIP = 3
README_START = "<!-- plover:start -->"
README_END = "<!-- plover:end -->"
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


class OntologyError(ValueError):
    """An ontology or event-cue file that cannot be used; the message names the file and the field."""


# --------------------------------------------------------------------------------------- matching helpers


def _variants(word: str) -> set[str]:
    """A lower-cased word with its plausible singulars ("rockets" -> "rocket", "militias" -> "militia")."""
    w = word.lower().strip()
    out = {w}
    if len(w) > 3 and not w.endswith("ss"):
        if w.endswith("ies"):
            out.add(w[:-3] + "y")
        if w.endswith("es"):
            out.add(w[:-2])
        if w.endswith("s"):
            out.add(w[:-1])
    return out


def _bag(words: Iterable[str]) -> frozenset[str]:
    """The words of a clause, lower-cased, with singular variants and the parts of hyphenated words."""
    out: set[str] = set()
    for word in words:
        if not isinstance(word, str) or not word.strip():
            continue
        for v in _variants(word):
            out.add(v)
            if "-" in v:
                out.update(p for p in v.split("-") if p)
    return frozenset(out)


def _word_in(word: str, bag: frozenset[str]) -> bool:
    if word in bag:
        return True
    return "-" in word and all(p in bag for p in word.split("-") if p)


def _cue_in(cue: str, bag: frozenset[str]) -> bool:
    """A cue matches when every one of its words is in the bag (word order is not checked)."""
    return all(_word_in(w, bag) for w in cue.split())


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """A phrase as spaCy tokenises it: words split on spaces, hyphenated words as ``w - w``."""
    out: list[str] = []
    for word in phrase.split():
        if "-" in word.strip("-"):
            parts = word.split("-")
            for i, part in enumerate(parts):
                if i:
                    out.append("-")
                if part:
                    out.append(part)
        else:
            out.append(word)
    return tuple(out)


Token = tuple[str, str, str]  # (text, lemma, pos) of one token, as spaCy gives them


def _norm_tokens(tokens: Sequence[Token]) -> list[Token]:
    return [(text.lower(), lemma.lower(), pos.upper()) for text, lemma, pos in tokens]


def _token_is(token: Token, word: str) -> bool:
    return word in (token[0], token[1])


def _match_at(tokens: Sequence[Token], start: int, words: tuple[str, ...], skip: bool) -> int | None:
    """The end index of ``words`` matched from ``tokens[start]``, or None (tokens already normalised)."""
    i = start
    for k, word in enumerate(words):
        if k and skip and word != "-" and words[k - 1] != "-":
            skipped = 0
            while (
                i < len(tokens)
                and skipped < MAX_SKIP
                and not _token_is(tokens[i], word)
                and tokens[i][2] in SKIPPABLE_POS
            ):
                i += 1
                skipped += 1
        if i >= len(tokens) or not _token_is(tokens[i], word):
            return None
        i += 1
    return i


@dataclass(frozen=True)
class PhraseMatch:
    """A trigger phrase found in a token sequence: ``tokens[start:end]`` (end exclusive)."""

    start: int
    end: int
    words: tuple[str, ...]
    hit: TriggerHit


# --------------------------------------------------------------------------------------- models


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _clean_words(values: list[str], *, what: str, single: bool = False, multi: bool = False) -> list[str]:
    """Lower-case and space-normalise a word list; reject empty entries, duplicates and wrong arity."""
    out: list[str] = []
    for value in values:
        word = " ".join(value.lower().split())
        if not word:
            raise ValueError(f"{what}: empty entry")
        if single and " " in word:
            raise ValueError(f"{what}: {value!r} has several words (put it under phrases)")
        if multi and " " not in word:
            raise ValueError(f"{what}: {value!r} is a single word (put it under words)")
        if word in out:
            raise ValueError(f"{what}: {word!r} is listed twice")
        out.append(word)
    return out


@dataclass(frozen=True)
class TriggerHit:
    """One reading of a trigger: the event type it evokes, the mode it fixes, the words it needs."""

    type: str
    mode: str | None = None
    requires: tuple[str, ...] = ()

    def satisfied(self, words: Iterable[str]) -> bool:
        """True when the trigger needs nothing or one of its ``requires`` words is among ``words``.

        ``words`` are the lower-cased words and lemmas of the trigger's clause (plurals and hyphenated
        words are handled here).
        """
        if not self.requires:
            return True
        bag = _bag(words)
        return any(_cue_in(r, bag) for r in self.requires)


class Trigger(_Strict):
    """A trigger entry: a lemma (or, under ``phrases``, a lemma sequence) with optional conditions."""

    lemma: StrictStr
    mode: StrictStr | None = None
    requires: tuple[StrictStr, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, data: Any) -> Any:
        return {"lemma": data} if isinstance(data, str) else data

    @field_validator("lemma")
    @classmethod
    def _lemma(cls, value: str) -> str:
        lemma = " ".join(value.lower().split())
        if not lemma:
            raise ValueError("empty lemma")
        return lemma

    @field_validator("requires")
    @classmethod
    def _requires(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_clean_words(list(values), what="requires"))

    def hit(self, event_type: str) -> TriggerHit:
        return TriggerHit(type=event_type, mode=self.mode, requires=self.requires)


class Triggers(_Strict):
    verbs: list[Trigger] = Field(default_factory=list)
    nouns: list[Trigger] = Field(default_factory=list)
    phrases: list[Trigger] = Field(default_factory=list)

    @field_validator("verbs", "nouns")
    @classmethod
    def _single(cls, values: list[Trigger]) -> list[Trigger]:
        for t in values:
            if " " in t.lemma:
                raise ValueError(f"{t.lemma!r} has several words (put it under phrases)")
        return _no_duplicates(values)

    @field_validator("phrases")
    @classmethod
    def _multi(cls, values: list[Trigger]) -> list[Trigger]:
        for t in values:
            if len(phrase_tokens(t.lemma)) < 2:
                raise ValueError(f"{t.lemma!r} is a single word (put it under verbs or nouns)")
        return _no_duplicates(values)

    def all(self) -> list[tuple[str, Trigger]]:
        """(kind, trigger) for every entry; kind is verbs, nouns or phrases."""
        return [(kind, t) for kind in ("verbs", "nouns", "phrases") for t in getattr(self, kind)]

    def __len__(self) -> int:
        return len(self.verbs) + len(self.nouns) + len(self.phrases)


def _no_duplicates(values: list[Trigger]) -> list[Trigger]:
    seen: set[tuple[str, str | None, tuple[str, ...]]] = set()
    for t in values:
        key = (t.lemma, t.mode, t.requires)
        if key in seen:
            raise ValueError(f"trigger {t.lemma!r} is listed twice with the same mode and requires")
        seen.add(key)
    return values


class Mode(_Strict):
    description: StrictStr = Field(min_length=1)
    weight: StrictFloat | None = Field(default=None, ge=WEIGHT_MIN, le=WEIGHT_MAX)
    cues: list[StrictStr] = Field(default_factory=list)
    khabar_extension: StrictBool = False

    @field_validator("cues")
    @classmethod
    def _cues(cls, values: list[str]) -> list[str]:
        return _clean_words(values, what="cues")


class EventType(_Strict):
    description: StrictStr = Field(min_length=1)
    quad: Quad
    weight: StrictFloat = Field(ge=WEIGHT_MIN, le=WEIGHT_MAX)
    modes: dict[str, Mode] = Field(default_factory=dict)
    triggers: Triggers

    @field_validator("modes")
    @classmethod
    def _mode_names(cls, modes: dict[str, Mode]) -> dict[str, Mode]:
        owner: dict[str, str] = {}
        for name, mode in modes.items():
            if not _NAME.match(name):
                raise ValueError(f"mode name {name!r} is not snake_case (a-z, 0-9, single underscores)")
            for cue in mode.cues:
                if cue in owner:
                    raise ValueError(f"cue {cue!r} is listed under both mode {owner[cue]!r} and mode {name!r}")
                owner[cue] = name
        return modes

    @model_validator(mode="after")
    def _consistent(self) -> EventType:
        cooperative = self.quad in COOPERATION_QUADS
        if self.weight == 0 or (self.weight > 0) != cooperative:
            side = "positive" if cooperative else "negative"
            raise ValueError(f"weight {self.weight:+g} contradicts quad {self.quad} (needs a {side} weight)")
        for name, mode in self.modes.items():
            if mode.weight is not None and (mode.weight == 0 or (mode.weight > 0) != cooperative):
                raise ValueError(f"modes.{name}.weight {mode.weight:+g} is on the wrong side of zero for {self.quad}")
        for kind, t in self.triggers.all():
            if t.mode is not None and t.mode not in self.modes:
                known = ", ".join(self.modes) or "none"
                raise ValueError(
                    f"triggers.{kind}: {t.lemma!r} names mode {t.mode!r}, not a mode of this type (modes: {known})"
                )
        return self


class Ontology(_Strict):
    """The PLOVER event types with their trigger lexicon, modes and weights."""

    version: StrictInt = 1
    types: dict[str, EventType]

    _index: dict[tuple[str, str], tuple[TriggerHit, ...]] = PrivateAttr(default_factory=dict)
    _phrases: list[tuple[tuple[str, ...], TriggerHit]] = PrivateAttr(default_factory=list)
    _by_first: dict[str, list[tuple[tuple[str, ...], TriggerHit]]] = PrivateAttr(default_factory=dict)

    @field_validator("types")
    @classmethod
    def _sixteen(cls, types: dict[str, EventType]) -> dict[str, EventType]:
        unknown = [t for t in types if t not in PLOVER_TYPES]
        if unknown:
            raise ValueError(
                f"unknown event type(s) {', '.join(unknown)}; the PLOVER types are {', '.join(PLOVER_TYPES)}"
            )
        missing = [t for t in PLOVER_TYPES if t not in types]
        if missing:
            raise ValueError(f"missing event type(s) {', '.join(missing)}")
        return types

    @model_validator(mode="after")
    def _unique_defaults(self) -> Ontology:
        """At most one type may use a lemma without ``requires``: the default sense must be unique."""
        default: dict[tuple[str, str], str] = {}
        for name, et in self.types.items():
            for kind, t in et.triggers.all():
                if t.requires:
                    continue
                key = (kind, t.lemma)
                if key in default and default[key] != name:
                    raise ValueError(
                        f"types.{name}.triggers.{kind}: {t.lemma!r} has no `requires` here and in "
                        f"{default[key]}; give one of them `requires` so the default sense is unique"
                    )
                default[key] = name
        return self

    def model_post_init(self, context: Any, /) -> None:
        index: dict[tuple[str, str], list[tuple[int, int, TriggerHit]]] = {}
        phrases: list[tuple[int, int, int, tuple[str, ...], TriggerHit]] = []
        order = 0
        for type_rank, (name, et) in enumerate(self.types.items()):
            for kind, t in et.triggers.all():
                order += 1
                hit = t.hit(name)
                specificity = 0 if t.requires else 1
                if kind == "phrases":
                    tokens = phrase_tokens(t.lemma)
                    phrases.append((-len(tokens), specificity, type_rank * 10_000 + order, tokens, hit))
                    continue
                pos = "VERB" if kind == "verbs" else "NOUN"
                index.setdefault((pos, t.lemma), []).append((specificity, order, hit))
                tokens = phrase_tokens(t.lemma)
                if len(tokens) > 1:  # sit-in, build-up: spaCy splits them into sit - in
                    phrases.append((-len(tokens), specificity, type_rank * 10_000 + order, tokens, hit))
        self._index = {key: tuple(h for _, _, h in sorted(hits, key=lambda x: x[:2])) for key, hits in index.items()}
        self._phrases = [(tokens, hit) for *_, tokens, hit in sorted(phrases, key=lambda x: x[:3])]
        self._by_first = {}
        for tokens, hit in self._phrases:
            self._by_first.setdefault(tokens[0], []).append((tokens, hit))

    # -- the extractor's API -------------------------------------------------------------------------

    def types_for(self, lemma: str, pos: str) -> list[TriggerHit]:
        """Every reading of a single-word trigger, the specific (``requires``) ones first.

        ``pos`` is "VERB" or "NOUN" ("PROPN" counts as NOUN: spaCy tags capitalised plurals such as
        "Rockets" as proper nouns). A noun that is not listed is retried in the singular. Take the first
        hit whose :meth:`TriggerHit.satisfied` accepts the clause.
        """
        pos = pos.upper()
        if pos == "PROPN":
            pos = "NOUN"
        if pos not in ("VERB", "NOUN"):
            return []
        key = " ".join(lemma.lower().split())
        hits = self._index.get((pos, key))
        if hits is None and pos == "NOUN":
            for variant in sorted(_variants(key) - {key}, key=len, reverse=True):
                hits = self._index.get((pos, variant))
                if hits is not None:
                    break
        return list(hits or ())

    def phrases(self) -> list[tuple[tuple[str, ...], TriggerHit]]:
        """Multi-word triggers as token tuples, longest first (then specific before default, then file order)."""
        return list(self._phrases)

    def match_phrases(self, tokens: Sequence[Token]) -> list[PhraseMatch]:
        """The trigger phrases in a sentence, longest first, without overlaps, in text order.

        ``tokens`` are (text, lemma, pos) triples. A phrase word matches a token whose lower-cased text or
        lemma equals it; up to :data:`MAX_SKIP` tokens tagged DET, PRON, NUM or ADJ may stand between two
        phrase words ("carried out a deadly attack", "handed them over"). Every reading of a phrase is
        returned (the specific ones first); check ``hit.satisfied`` and keep the first that holds.
        """
        toks = _norm_tokens(tokens)
        groups: dict[tuple[int, int, tuple[str, ...]], list[PhraseMatch]] = {}
        for start, (text, lemma, _pos) in enumerate(toks):
            for first in dict.fromkeys((text, lemma)):
                for words, hit in self._by_first.get(first, ()):
                    end = _match_at(toks, start, words, skip=True)
                    if end is not None:
                        groups.setdefault((start, end, words), []).append(PhraseMatch(start, end, words, hit))
        out: list[PhraseMatch] = []
        taken: set[int] = set()
        for (start, end, _words), readings in sorted(groups.items(), key=lambda kv: (-len(kv[0][2]), kv[0][0])):
            if taken.isdisjoint(range(start, end)):
                out.extend(readings)
                taken.update(range(start, end))
        return sorted(out, key=lambda m: m.start)

    def mode_for(self, event_type: str, words: Iterable[str]) -> str | None:
        """The first mode of ``event_type`` (in file order) whose cues occur among ``words``, else None."""
        bag = _bag(words)
        for name, mode in self._type(event_type).modes.items():
            if any(_cue_in(cue, bag) for cue in mode.cues):
                return name
        return None

    def resolve_mode(self, hit: TriggerHit, words: Iterable[str]) -> str | None:
        """The mode of an event: the trigger's own mode if it fixes one, else :meth:`mode_for`."""
        return hit.mode if hit.mode is not None else self.mode_for(hit.type, words)

    def weight(self, event_type: str, mode: str | None = None) -> float:
        """The cooperation-conflict weight (-10..+10) of a type, or of one of its modes if it overrides."""
        et = self._type(event_type)
        if mode is None:
            return et.weight
        if mode not in et.modes:
            raise KeyError(f"{mode!r} is not a mode of {event_type} (modes: {', '.join(et.modes) or 'none'})")
        override = et.modes[mode].weight
        return et.weight if override is None else override

    def _type(self, event_type: str) -> EventType:
        try:
            return self.types[event_type]
        except KeyError:
            raise KeyError(f"{event_type!r} is not a PLOVER event type") from None


# --------------------------------------------------------------------------------------- event cues


class CueList(_Strict):
    """Single words and multi-word phrases (see the header of event_cues.yaml for how they match)."""

    words: list[StrictStr] = Field(default_factory=list)
    phrases: list[StrictStr] = Field(default_factory=list)

    @field_validator("words")
    @classmethod
    def _words(cls, values: list[str]) -> list[str]:
        return _clean_words(values, what="words", single=True)

    @field_validator("phrases")
    @classmethod
    def _phrases(cls, values: list[str]) -> list[str]:
        return _clean_words(values, what="phrases", multi=True)

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]  # the cue strings, not pydantic's fields
        yield from self.words
        yield from self.phrases

    def __contains__(self, item: object) -> bool:
        return isinstance(item, str) and (item in self.words or item in self.phrases)

    def __len__(self) -> int:
        return len(self.words) + len(self.phrases)

    def _index(self) -> tuple[dict[str, list[tuple[str, tuple[str, ...]]]], frozenset[str]]:
        """Phrases by their first word (longest first) and the single words, built once."""
        cached = self.__dict__.get("_cue_index")
        if cached is None:
            by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
            for p in self.phrases:
                words = phrase_tokens(p)
                by_first.setdefault(words[0], []).append((p, words))
            for lst in by_first.values():
                lst.sort(key=lambda x: -len(x[1]))
            cached = (by_first, frozenset(self.words))
            object.__setattr__(self, "_cue_index", cached)
        return cached

    def phrase_tuples(self) -> list[tuple[str, ...]]:
        """The phrases as token tuples, longest first."""
        return sorted((phrase_tokens(p) for p in self.phrases), key=len, reverse=True)

    def find(self, tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
        """(start, end, cue) for every cue in ``tokens`` ((text, lemma, pos) triples), longest first.

        Phrases match contiguous tokens by lower-cased text or lemma; overlapping shorter matches are
        dropped, so "no immediate reports of casualties" is not also read as "reports of casualties".
        """
        toks = _norm_tokens(tokens)
        by_first, words_set = self._index()
        found: list[tuple[int, int, str]] = []
        for start, tok in enumerate(toks):
            for first in dict.fromkeys(tok[:2]):
                for phrase, words in by_first.get(first, ()):
                    end = _match_at(toks, start, words, skip=False)
                    if end is not None:
                        found.append((start, end, phrase))
        order = {p: k for k, p in enumerate(self.phrases)}
        found.sort(key=lambda x: (-(x[1] - x[0]), x[0], order[x[2]]))
        rank = {w: k for k, w in enumerate(self.words)}
        for i, tok in enumerate(toks):
            hits = [w for w in tok[:2] if w in words_set]
            if hits:
                found.append((i, i + 1, min(hits, key=rank.__getitem__)))
        out: list[tuple[int, int, str]] = []
        taken: set[int] = set()
        for start, end, cue in found:
            if taken.isdisjoint(range(start, end)):
                out.append((start, end, cue))
                taken.update(range(start, end))
        return out

    def has_word(self, words: Iterable[str]) -> bool:
        """True when one of the single-word cues is among ``words`` (lower-cased words or lemmas)."""
        bag = {w.lower() for w in words if isinstance(w, str)}
        return any(w in bag for w in self.words)


class CasualtyCues(_Strict):
    killed: CueList
    injured: CueList
    ambiguous: CueList

    def get(self, key: str, default: Iterable[str] = ()) -> Iterable[str]:
        """The cue list ``killed``, ``injured`` or ``ambiguous`` (mapping-style access), else ``default``."""
        return getattr(self, key) if key in type(self).model_fields else default


class EventCues(_Strict):
    """Status, perpetrator and toll cues for events (``khabar/extract/data/event_cues.yaml``)."""

    hypothetical: CueList
    threatened: CueList
    ended: CueList
    negation: CueList
    denied: CueList
    no_casualties: CueList
    unknown_casualties: CueList
    claim: CueList
    unknown_perpetrator: CueList
    casualty: CasualtyCues


# --------------------------------------------------------------------------------------- loading


def _load(path: Path, model: type[Ontology] | type[EventCues]) -> Any:
    data = read_yaml(path, OntologyError)
    if not isinstance(data, dict):
        raise OntologyError(f"{path}: expected a mapping at the top level")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise OntologyError(f"{path}: {validation_reason(exc)}") from exc


@cache
def load_ontology(path: Path | None = None) -> Ontology:
    """The ontology from ``path`` (default: the shipped ``plover.yaml``), loaded once per path."""
    return _load(Path(path) if path is not None else ONTOLOGY_FILE, Ontology)


@cache
def load_event_cues(path: Path | None = None) -> EventCues:
    """The event cues from ``path`` (default: the shipped ``event_cues.yaml``), loaded once per path."""
    return _load(Path(path) if path is not None else EVENT_CUES_FILE, EventCues)


# --------------------------------------------------------------------------------------- documentation


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _weight(value: float) -> str:
    return f"{value:+.1f}"


def _trigger_text(t: Trigger) -> str:
    text = t.lemma
    extras = []
    if t.requires:
        extras.append("with " + "/".join(t.requires))
    if t.mode:
        extras.append(f"mode {t.mode}")
    return f"{text} ({'; '.join(extras)})" if extras else text


def types_table(ontology: Ontology) -> str:
    """The Markdown table of the event types: type, quad, weight, trigger count, description."""
    lines = ["| Type | Quad | Weight | Triggers | Description |", "|---|---|---:|---:|---|"]
    for name, et in ontology.types.items():
        lines.append(
            f"| {name} | {et.quad.replace('_', ' ')} | {_weight(et.weight)} | {len(et.triggers)} "
            f"| {_cell(et.description)} |"
        )
    return "\n".join(lines)


def ontology_markdown(ontology: Ontology) -> str:
    """The reference page ``docs/plover.md``: types, modes and the trigger lexicon, from the data file."""
    out = [
        "# PLOVER event ontology",
        "",
        "<!-- Generated from src/khabar/extract/data/plover.yaml by "
        "`python -m khabar.extract.ontology --write-docs`. Do not edit by hand. -->",
        "",
        "Khabar codes events with the 16 event types of PLOVER (Political Language Ontology for Verifiable "
        "Event Records, Open Event Data Alliance). Each type belongs to a quad category and carries a weight "
        "on a cooperation-conflict scale from -10 (most conflictual) to +10 (most cooperative); a mode says "
        "how the event happened and may override the weight. The schema, the sources of the weights and the "
        "decisions on ambiguous trigger words are documented at the top of the data file.",
        "",
        "## Event types",
        "",
        types_table(ontology),
        "",
        "## Modes",
        "",
        "The extractor picks the first mode (in this order) whose cue words occur in the trigger's clause, "
        "unless the trigger itself fixes the mode. Modes marked *Khabar* are Khabar's extensions to PLOVER.",
        "",
        "| Type | Mode | Weight | Origin | Description | Cues |",
        "|---|---|---:|---|---|---|",
    ]
    for name, et in ontology.types.items():
        for mode_name, mode in et.modes.items():
            origin = "*Khabar*" if mode.khabar_extension else "PLOVER"
            out.append(
                f"| {name} | {mode_name} | {_weight(ontology.weight(name, mode_name))} | {origin} "
                f"| {_cell(mode.description)} | {_cell(', '.join(mode.cues))} |"
            )
    out += [
        "",
        "## Trigger lexicon",
        "",
        'Verbs and nouns are lemmas; phrases are lemma sequences. "with a/b" means the trigger only counts '
        "when one of those words occurs in its clause; such specific readings are tried before a lemma's "
        "default reading.",
    ]
    for name, et in ontology.types.items():
        out += ["", f"### {name}", ""]
        for kind in ("verbs", "nouns", "phrases"):
            entries = getattr(et.triggers, kind)
            if entries:
                out.append(
                    f"- **{kind.capitalize()}** ({len(entries)}): "
                    + _cell(", ".join(_trigger_text(t) for t in entries))
                )
    return "\n".join(out) + "\n"


def readme_section(ontology: Ontology) -> str:
    """The README text between the plover markers: the types table and a pointer to the full page."""
    return (
        types_table(ontology) + "\n\nModes, cue words and the full trigger lexicon: "
        "[docs/plover.md](docs/plover.md) (generated from `src/khabar/extract/data/plover.yaml`)."
    )


def replace_marked(text: str, body: str, start: str = README_START, end: str = README_END) -> str | None:
    """``text`` with the part between the ``start`` and ``end`` markers replaced, or None without markers."""
    i = text.find(start)
    j = text.find(end, i + len(start)) if i >= 0 else -1
    if i < 0 or j < 0:
        return None
    return text[: i + len(start)] + "\n" + body.strip("\n") + "\n" + text[j:]


def default_root() -> Path:
    """The repository root (the checkout this module lives in), else the current directory."""
    root = Path(__file__).resolve().parents[3]
    return root if (root / "pyproject.toml").is_file() else Path.cwd()


def doc_targets(root: Path, ontology: Ontology) -> dict[Path, str]:
    """The files the docs generator owns and their expected content (README only when it has the markers)."""
    targets = {root / "docs" / "plover.md": ontology_markdown(ontology)}
    readme = root / "README.md"
    if readme.is_file():
        replaced = replace_marked(readme.read_text(encoding="utf-8"), readme_section(ontology))
        if replaced is not None:
            targets[readme] = replaced
    return targets


def write_docs(root: Path, ontology: Ontology) -> list[Path]:
    """Write docs/plover.md (and the README section); return the files whose content changed."""
    changed = []
    for path, content in doc_targets(root, ontology).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            changed.append(path)
    return changed


def stale_docs(root: Path, ontology: Ontology) -> list[Path]:
    """The generated files that differ from what the data file produces."""
    return [
        path
        for path, content in doc_targets(root, ontology).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != content
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m khabar.extract.ontology",
        description="Validate the PLOVER ontology data and generate its documentation.",
    )
    parser.add_argument(
        "--write-docs",
        action="store_true",
        help="write docs/plover.md and the README section between the plover markers",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when the generated docs are out of date")
    parser.add_argument("--root", type=Path, default=None, help="repository root (default: this checkout)")
    parser.add_argument("--data", type=Path, default=None, help="ontology file (default: the shipped plover.yaml)")
    args = parser.parse_args(argv)
    try:
        ontology = load_ontology(args.data)
        load_event_cues()
    except OntologyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    root = args.root or default_root()
    if args.write_docs:
        changed = write_docs(root, ontology)
        for path in changed:
            print(f"wrote {path}")
        if not changed:
            print("docs are up to date")
        return 0
    if args.check:
        stale = stale_docs(root, ontology)
        for path in stale:
            print(f"out of date: {path} (run python -m khabar.extract.ontology --write-docs)", file=sys.stderr)
        return 1 if stale else 0
    sys.stdout.write(ontology_markdown(ontology))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
