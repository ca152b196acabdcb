"""Load and validate the extractor's rule data (``khabar/extract/data/*.yaml``).

Knowledge lives in these files, not in code: organisation typing cues, person titles, descriptive
actor nominals, boilerplate and caption patterns, reporting verbs, the event ontology. Each file is
validated on load; a broken file raises :class:`LexiconError` naming the file and the field.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from khabar.model import EntityType
from khabar.normalize import fold
from khabar.yamlfile import read_yaml, validation_reason

M = TypeVar("M", bound=BaseModel)

DATA = Path(str(resources.files("khabar.extract") / "data"))


class LexiconError(ValueError):
    """A rule file that cannot be used."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def noun_in(tok: object, words: frozenset[str] | set[str]) -> bool:
    """A token (spaCy Token) whose lemma, or whose plural written form, is one of ``words``
    ("Fighters", "representatives", "positions")."""
    return bool({tok.lemma_.lower(), tok.lower_.removesuffix("s")} & words)  # type: ignore[attr-defined]


def _folded(values: list[str]) -> list[str]:
    return [fold(v) for v in values]


class OrgCue(_Strict):
    type: EntityType
    any: list[str] = Field(default_factory=list)
    all: list[str] = Field(default_factory=list)
    last: list[str] = Field(default_factory=list)

    _fold = field_validator("any", "all", "last")(_folded)

    def matches(self, words: list[str]) -> bool:
        ws = set(words)
        if self.any and not ws & set(self.any):
            return False
        if self.all and not set(self.all) <= ws:
            return False
        if self.last and (not words or words[-1] not in self.last):
            return False
        return bool(self.any or self.all or self.last)


class OrgCues(_Strict):
    rules: list[OrgCue]
    suffixes: list[str] = Field(default_factory=list)
    non_actor_prefixes: list[str] = Field(default_factory=list)
    name_endings: list[str] = Field(default_factory=list)

    _fold = field_validator("suffixes", "non_actor_prefixes", "name_endings")(_folded)

    def type_of(self, name: str) -> EntityType | None:
        words = fold(name).split()
        for rule in self.rules:
            if rule.matches(words):
                return EntityType(rule.type)
        return None


class PersonTitles(_Strict):
    titles: list[str]
    keep_when_followed_by_name: list[str] = Field(default_factory=list)

    _fold = field_validator("titles", "keep_when_followed_by_name")(_folded)


class NominalCategory(_Strict):
    type: EntityType
    heads: list[str]
    bare: bool | list[str] = False
    needs: Literal["owner", "backer", "owner_or_backer"] | None = None
    join: Literal["category", "phrase", "owner_state", "owner_capital", "article"] = "category"
    compound: bool = False
    latent: bool = False
    postmod: list[str] = Field(default_factory=list)
    bare_joins: Literal["category", "same_head"] = "category"

    _fold = field_validator("heads")(_folded)

    def bare_ok(self, head: str) -> bool:
        return self.bare if isinstance(self.bare, bool) else fold(head) in {fold(b) for b in self.bare}


class Nominals(_Strict):
    categories: dict[str, NominalCategory]


class TextPatterns(_Strict):
    boilerplate: list[str]
    caption: list[str]

    @field_validator("boilerplate", "caption")
    @classmethod
    def _regex(cls, values: list[str]) -> list[str]:
        for v in values:
            try:
                re.compile(v)
            except re.error as exc:
                raise ValueError(f"bad regular expression {v!r}: {exc}") from exc
        return values

    def compiled(self, key: Literal["boilerplate", "caption"]) -> list[re.Pattern[str]]:
        return [re.compile(p, re.IGNORECASE) for p in getattr(self, key)]


def load_yaml_model(path: Path, model: type[M]) -> M:
    data = read_yaml(path, LexiconError)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise LexiconError(f"{path}: {validation_reason(exc)}") from exc


@cache
def org_cues() -> OrgCues:
    return load_yaml_model(DATA / "org_cues.yaml", OrgCues)


@cache
def person_titles() -> PersonTitles:
    return load_yaml_model(DATA / "person_titles.yaml", PersonTitles)


@cache
def nominals() -> Nominals:
    return load_yaml_model(DATA / "nominals.yaml", Nominals)


@cache
def text_patterns() -> TextPatterns:
    return load_yaml_model(DATA / "text_boilerplate.yaml", TextPatterns)


class ReportingVerbs(_Strict):
    clause: list[str]
    object: list[str]
    clause_only: list[str]


class Reporting(_Strict):
    verbs: ReportingVerbs
    particles: dict[str, list[str]] = Field(default_factory=dict)
    according_to: list[str]
    continuations: list[str]
    parenthetical: list[str] = Field(default_factory=list)
    anaphors: dict[str, list[EntityType]]
    person_nouns: list[str]
    pronouns: dict[Literal["person", "group"], list[str]]
    nouns: list[str] = Field(default_factory=list)
    rank: dict[str, int] = Field(default_factory=dict)

    def strength(self, lemma: str) -> int:
        """Attribution strength: explicit ranks, then clause verbs (2), object verbs (1), belief verbs (0)."""
        lemma = lemma.lower()
        if lemma in self.rank:
            return self.rank[lemma]
        return {"clause": 2, "object": 1, "clause_only": 0}.get(self.kind(lemma) or "", 0)

    def kind(self, lemma: str) -> str | None:
        """clause | object | clause_only | None for a verb lemma."""
        lemma = lemma.lower()
        if lemma in self.verbs.object:
            return "object"
        if lemma in self.verbs.clause:
            return "clause"
        if lemma in self.verbs.clause_only:
            return "clause_only"
        return None


@cache
def reporting() -> Reporting:
    return load_yaml_model(DATA / "reporting.yaml", Reporting)


class EventSyntax(_Strict):
    carry_verbs: frozenset[str]
    light_verbs: frozenset[str]
    happen_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    group_nouns: frozenset[str]
    ordinals: dict[str, int]
    blame_adjectives: frozenset[str] = frozenset()
    proxy_nouns: frozenset[str] = frozenset()
    asset_nouns: frozenset[str] = frozenset()


class MentionSyntax(_Strict):
    org_endings: frozenset[str]
    place_nouns: frozenset[str]
    place_of_nouns: frozenset[str] = frozenset()
    place_suffixes: frozenset[str] = frozenset()
    relation_verbs: frozenset[str]
    relation_nouns: frozenset[str]


class SyntaxCues(_Strict):
    events: EventSyntax
    mentions: MentionSyntax


@cache
def syntax_cues() -> SyntaxCues:
    return load_yaml_model(DATA / "syntax_cues.yaml", SyntaxCues)
