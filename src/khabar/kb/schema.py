"""The shape of the knowledge-base files (validated on load; unknown fields are errors)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from khabar.model import EntityType, Predicate

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")

PLACE_KINDS = (
    "country",
    "region",
    "governorate",
    "province",
    "district",
    "city",
    "town",
    "village",
    "neighbourhood",
    "facility",
    "airport",
    "base",
    "border_crossing",
    "field",
    "port",
    "zone",
    "river",
    "mountain",
    "landmark",
    "sea",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError(f"{value!r} is not a snake_case id (a-z, 0-9 and single underscores)")
    return value


def _clean_names(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        if not isinstance(v, str) or not v.strip():
            raise ValueError("names must be non-empty strings")
        if v.strip() not in out:
            out.append(v.strip())
    return out


class Affiliation(_Strict):
    """A known tie from this actor to another (subject is the actor holding it)."""

    predicate: Predicate
    object: str
    since: int | None = Field(default=None, ge=1800, le=2100)
    until: int | None = Field(default=None, ge=1800, le=2100)
    note: str | None = None

    _id = field_validator("object")(_check_id)


class Actor(_Strict):
    id: str
    name: str
    type: EntityType
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    aliases: list[str] = Field(default_factory=list)
    acronyms: list[str] = Field(default_factory=list)
    translations: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    capital: str | None = None
    roles: list[str] = Field(default_factory=list)
    description: str | None = None
    affiliations: list[Affiliation] = Field(default_factory=list)
    ambiguous: list[str] = Field(default_factory=list)

    _id = field_validator("id")(_check_id)
    _names = field_validator("aliases", "acronyms", "translations", "demonyms", "ambiguous")(_clean_names)

    def all_names(self) -> list[str]:
        """Canonical name, aliases, acronyms and translations (not demonyms)."""
        return _clean_names([self.name, *self.aliases, *self.acronyms, *self.translations])


class Place(_Strict):
    id: str
    name: str
    kind: str
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    aliases: list[str] = Field(default_factory=list)
    parent: str | None = None
    description: str | None = None
    ambiguous: list[str] = Field(default_factory=list)

    _id = field_validator("id")(_check_id)
    _names = field_validator("aliases", "ambiguous")(_clean_names)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in PLACE_KINDS:
            raise ValueError(f"{value!r} is not one of {', '.join(PLACE_KINDS)}")
        return value

    def all_names(self) -> list[str]:
        return _clean_names([self.name, *self.aliases])
