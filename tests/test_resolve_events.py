"""Event merging across sources: same type, dates within two days, shared participant or place."""

from __future__ import annotations

from sqlalchemy import select

from helpers_corpus import Ent, add, build
from khabar.resolve.events import unmerge_statement
from khabar.store import queries
from khabar.store.schema import Decision, Statement

A = ("Rockets hit airport\n\nSix rockets struck Baghdad International Airport on Friday, "
     "damaging a runway, officials said.")
B = ("Airport attack\n\nKataib Hezbollah was blamed for a rocket attack that hit Baghdad International Airport "
     "early on Saturday.")
C = ("Another attack\n\nA rocket attack hit Baghdad International Airport again two weeks later.")
D = ("Threat\n\nKataib Hezbollah threatened to attack Baghdad International Airport.")


def _ev(evidence: str, date: str | None, actors: list[str] = (), location: str | None = "e2",
        status: str = "asserted") -> dict:
    return {"type": "ASSAULT", "mode": "explosion", "evidence": evidence, "date": date, "actors": list(actors),
            "targets": [], "location": location, "status": status, "confidence": 0.7}


def _store_all(store) -> list[int]:
    airport = Ent("e2", "Baghdad International Airport", "LOCATION")
    kh = Ent("e1", "Kataib Hezbollah", "ARMED_GROUP")
    d1 = add(store, A, build(A, [airport], events=[_ev("Six rockets struck Baghdad International Airport on Friday",
                                                       "2022-01-28")]), publisher="Wire A")
    d2 = add(store, B, build(B, [kh, airport], events=[_ev(
        "a rocket attack that hit Baghdad International Airport early on Saturday", "2022-01-29", ["e1"])]),
             publisher="Wire B")
    d3 = add(store, C, build(C, [airport], events=[_ev("A rocket attack hit Baghdad International Airport again",
                                                       "2022-02-12")]), publisher="Wire C")
    d4 = add(store, D, build(D, [kh, airport], events=[_ev("threatened to attack Baghdad International Airport",
                                                           "2022-01-29", ["e1"], status="threatened")]),
             publisher="Wire D")
    return [d1, d2, d3, d4]


def _event_of(store, doc: int) -> int:
    with store.connect() as conn:
        return conn.execute(select(Statement.event_id).where(Statement.document_id == doc,
                                                             Statement.kind == "event")).scalar_one()


def test_reports_of_one_attack_merge_and_keep_all_sources(store) -> None:
    d1, d2, d3, d4 = _store_all(store)
    e1 = _event_of(store, d1)
    assert _event_of(store, d2) == e1  # one day apart, same place
    assert _event_of(store, d3) != e1  # two weeks later: another attack
    assert _event_of(store, d4) != e1  # a threat is not the attack
    ev = queries.event_detail(store, e1)
    assert ev.documents == 2 and ev.outlets == ["Wire A", "Wire B"]
    assert {a.name for a in ev.actors} == {"Kataib Hezbollah"}
    assert ev.place is not None and ev.place.name == "Baghdad International Airport"
    with store.connect() as conn:
        dec = conn.execute(select(Decision).where(Decision.kind == "event_merge")).one()
    assert dec.event_id == e1 and dec.features["days_apart"] == 1 and dec.features["same_place"] is True
    # filters
    assert [e.id for e in queries.list_events(store, actor="Kataib Hezbollah", since="2022-01-01",
                                              until="2022-01-31")] == sorted({e1, _event_of(store, d4)},
                                                                              reverse=True)
    assert [e.id for e in queries.list_events(store, since="2022-02-01")] == [_event_of(store, d3)]
    assert len(queries.list_events(store, place="Baghdad International Airport")) == 3


def test_a_wrong_merge_can_be_split(sqlite_store) -> None:
    d1, d2, *_ = _store_all(sqlite_store)
    e1 = _event_of(sqlite_store, d1)
    with sqlite_store.connect() as conn:
        sid = conn.execute(select(Statement.id).where(Statement.document_id == d2, Statement.kind == "event")
                           ).scalar_one()
    with sqlite_store.begin() as conn:
        new = unmerge_statement(conn, sid)
    assert new != e1 and _event_of(sqlite_store, d2) == new
    assert queries.event_detail(sqlite_store, e1).documents == 1


def test_a_place_inside_a_city_is_the_same_place(sqlite_store, kb) -> None:
    """"in Baghdad" and "in Baghdad's Green Zone" (the gazetteer puts the zone in the city) can be one event;
    Basra and Baghdad cannot."""
    from khabar.resolve.entities import EntityResolver

    resolver = EntityResolver(kb)
    zone, city, basra = kb.places["green_zone"], kb.places[kb.places["green_zone"].parent], kb.places["basra"]
    t1 = f"One\n\nDrones struck a house in the {zone.name} on Sunday."
    t2 = f"Two\n\nA drone attack hit a house in {city.name} on Sunday, police said."
    t3 = f"Three\n\nA drone attack hit a house in {basra.name} on Sunday, police said."

    def ev(evidence: str) -> dict:
        return {"type": "ASSAULT", "evidence": evidence, "date": "2021-11-07", "location": "e1"}

    d1 = add(sqlite_store, t1, build(t1, [Ent("e1", zone.name, "LOCATION", kb_id=zone.id)],
                                     events=[ev(f"Drones struck a house in the {zone.name}")]), resolver=resolver)
    d2 = add(sqlite_store, t2, build(t2, [Ent("e1", city.name, "LOCATION", kb_id=city.id)],
                                     events=[ev(f"A drone attack hit a house in {city.name}")]), resolver=resolver)
    d3 = add(sqlite_store, t3, build(t3, [Ent("e1", basra.name, "LOCATION", kb_id=basra.id)],
                                     events=[ev(f"A drone attack hit a house in {basra.name}")]), resolver=resolver)
    assert _event_of(sqlite_store, d1) == _event_of(sqlite_store, d2) != _event_of(sqlite_store, d3)
