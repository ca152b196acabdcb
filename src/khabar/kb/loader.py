"""Load and validate the actor knowledge base and the place gazetteer from YAML files.

Shipped files live in ``khabar/kb/data/actors/*.yaml`` (top-level key ``actors``) and
``khabar/kb/data/places/*.yaml`` (key ``places``). A user's own file may hold either key or both;
its entries are added to the shipped ones (an entry with a shipped id replaces it).
Every problem is reported as :class:`KBError` naming the file, the entry and the field.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from khabar.kb.schema import Actor, Place
from khabar.normalize import fold, name_key
from khabar.yamlfile import read_yaml, validation_reason

_POSSESSIVE_S = re.compile(r"['’]s\b")
DATA_DIR = Path(str(resources.files("khabar.kb") / "data"))


class KBError(ValueError):
    """A knowledge-base file that cannot be used; the message names file, entry and field."""


def _where(path: Path, index: int, raw: object) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    return f"{path}: entry {index + 1}" + (f" ({ident})" if ident else "")


def _read_yaml(path: Path) -> dict:
    data = read_yaml(path, KBError, "knowledge-base file")
    if data is None:
        return {}
    if not isinstance(data, dict) or not set(data) <= {"actors", "places"}:
        raise KBError(f"{path}: expected a mapping with the keys 'actors' and/or 'places'")
    return data


def _parse(path: Path, data: dict, key: str, model: type[Actor] | type[Place]) -> list:
    raw_entries = data.get(key) or []
    if not isinstance(raw_entries, list):
        raise KBError(f"{path}: '{key}' must be a list of entries")
    out = []
    for i, raw in enumerate(raw_entries):
        if not isinstance(raw, dict):
            raise KBError(f"{_where(path, i, raw)}: an entry must be a mapping of fields")
        try:
            out.append(model.model_validate(raw))
        except ValidationError as exc:
            raise KBError(f"{_where(path, i, raw)}: {validation_reason(exc, '(entry)')}") from exc
    return out


@dataclass
class KnowledgeBase:
    """Actors and places with indexes by normalised name."""

    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    positions: dict[str, int] = field(default_factory=dict)  # id -> entry number in its file
    by_key: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_acronym: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_ambiguous: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_demonym: dict[str, str] = field(default_factory=dict)
    by_capital: dict[str, str] = field(default_factory=dict)
    lowercase_keys: set[str] = field(default_factory=set)  # keys of names written in lower case
    exact_forms: set[str] = field(default_factory=set)  # folded names (no transliteration folding)
    ambiguous_forms: set[str] = field(default_factory=set)  # folded ambiguous names, as the KB writes them

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, extra: Iterable[Path | str] = (), *, shipped: bool = True) -> KnowledgeBase:
        kb = cls()
        if shipped:
            files = sorted((DATA_DIR / "actors").glob("*.yaml")) + sorted((DATA_DIR / "places").glob("*.yaml"))
            for path in files:
                kb._add_file(path, replace=False)
        for path in extra:
            kb._add_file(Path(path), replace=True)
        kb._check_references()
        kb._build_indexes()
        return kb

    def _add_file(self, path: Path, *, replace: bool) -> None:
        data = _read_yaml(path)
        for key, model, store in (("actors", Actor, self.actors), ("places", Place, self.places)):
            for i, entry in enumerate(_parse(path, data, key, model)):
                other = self.actors.get(entry.id) or self.places.get(entry.id)
                if other is not None and not replace:
                    raise KBError(
                        f"{path}: entry {i + 1} ({entry.id}): field 'id': duplicate id, "
                        f"already defined in {self.sources[entry.id]}"
                    )
                self.actors.pop(entry.id, None)
                self.places.pop(entry.id, None)
                store[entry.id] = entry
                self.sources[entry.id] = path
                self.positions[entry.id] = i + 1

    def _check_references(self) -> None:
        for actor in self.actors.values():
            for aff in actor.affiliations:
                if aff.object not in self.actors:
                    raise KBError(f"{self._entry(actor.id)}: field 'affiliations': unknown actor id {aff.object!r}")
        for place in self.places.values():
            if place.parent and place.parent not in self.places:
                raise KBError(f"{self._entry(place.id)}: field 'parent': unknown place id {place.parent!r}")

    def _entry(self, ident: str) -> str:
        return f"{self.sources[ident]}: entry {self.positions[ident]} ({ident})"

    def _build_indexes(self) -> None:
        self.by_key = defaultdict(list)
        self.by_acronym = defaultdict(list)
        self.by_ambiguous = defaultdict(list)
        self.lowercase_keys = set()
        self.exact_forms = set()
        self.ambiguous_forms = set()
        states = {fold(n) for a in self.actors.values() if a.type == "STATE" for n in a.all_names()}
        for ident, names in self._names():
            for n in names:
                key = name_key(n)
                # the tokenizer splits "People's" into "People" + "'s": index that reading too (but
                # not for "Colombia's X", where the country is a name of its own)
                owner = _POSSESSIVE_S.split(n, maxsplit=1)[0] if _POSSESSIVE_S.search(n) else ""
                bare = name_key(_POSSESSIVE_S.sub("", n)) if fold(owner) not in states else ""
                for k in {key, bare}:
                    if k and ident not in self.by_key[k]:
                        self.by_key[k].append(ident)
                if n[:1].islower():
                    self.lowercase_keys.add(key)
                self.exact_forms.add(fold(n))
        for actor in self.actors.values():
            for acr in actor.acronyms:
                self.by_acronym[acr].append(actor.id)
            for amb in actor.ambiguous:
                self.by_ambiguous[name_key(amb)].append(actor.id)
                self.ambiguous_forms.add(fold(amb))
            for dem in actor.demonyms:
                self.by_demonym[fold(dem)] = actor.id
            if actor.capital:
                self.by_capital[name_key(actor.capital)] = actor.id
        for place in self.places.values():
            for amb in place.ambiguous:
                self.by_ambiguous[name_key(amb)].append(place.id)

    def _names(self) -> Iterable[tuple[str, list[str]]]:
        for actor in self.actors.values():
            yield actor.id, [n for n in actor.all_names() if n not in actor.acronyms]
        for place in self.places.values():
            yield place.id, place.all_names()

    # -- lookups ---------------------------------------------------------------------------
    def get(self, ident: str) -> Actor | Place | None:
        return self.actors.get(ident) or self.places.get(ident)

    def lookup(self, name: str) -> list[Actor | Place]:
        """Entries whose name, alias, translation (loosely) or acronym (exactly) is ``name``."""
        ids = list(self.by_acronym.get(name.strip(), []))
        ids += [i for i in self.by_key.get(name_key(name), []) if i not in ids]
        return [e for e in (self.get(i) for i in ids) if e is not None]

    def state_for_demonym(self, word: str) -> Actor | None:
        ident = self.by_demonym.get(fold(word))
        return self.actors.get(ident) if ident else None

    def state_for_capital(self, name: str) -> Actor | None:
        ident = self.by_capital.get(name_key(name))
        return self.actors.get(ident) if ident else None

    def led_by(self, person: str, of_type: str) -> list[str]:
        """Ids of the actors of ``of_type`` the KB says this person leads."""
        actor = self.actors.get(person)
        if actor is None or actor.type != "PERSON":
            return []
        return [
            a.object
            for a in actor.affiliations
            if a.predicate == "LEADS" and getattr(self.actors.get(a.object), "type", None) == of_type
        ]

    def affiliations_between(self, subject: str, obj: str) -> list:
        actor = self.actors.get(subject)
        return [a for a in actor.affiliations if a.object == obj] if actor else []

    def stats(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for a in self.actors.values():
            counts[str(a.type)] += 1
        return {"actors": len(self.actors), "places": len(self.places), **dict(sorted(counts.items()))}
