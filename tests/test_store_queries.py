"""The query API on a small hand-built corpus: actors, profiles (two sources that disagree both stay
visible), quotes, full-text search (FTS5 and tsvector), graph edges, stats."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers_corpus import Ent, add, build
from khabar.store import queries

T1 = ("Badr and Iran\n\nHadi al-Amiri, the leader of the Badr Organization, said on Sunday that \"the "
      "withdrawal must be complete\". The Badr Organization is backed by Iran.")
T2 = ("Badr denies\n\nThe Badr Organization denied it is backed by Iran, and Hadi al-Amery said the group is "
      "independent. Badr Organization is allied with Asaib Ahl al-Haq.")


@pytest.fixture
def corpus(store):
    e1 = [Ent("e1", "Hadi al-Amiri", "PERSON"), Ent("e2", "Badr Organization", "ARMED_GROUP"),
          Ent("e3", "Iran", "STATE")]
    d1 = add(store, T1, build(T1, e1, relations=[
        ("e1", "LEADS", "e2", "Hadi al-Amiri, the leader of the Badr Organization"),
        ("e2", "BACKED_BY", "e3", "The Badr Organization is backed by Iran")],
        quotes=[("e1", "the withdrawal must be complete", True)]), publisher="Outlet One",
        published=dt.date(2023, 5, 1))
    e2 = [Ent("e1", "Hadi al-Amery", "PERSON"), Ent("e2", "Badr Organization", "ARMED_GROUP"),
          Ent("e3", "Iran", "STATE"), Ent("e4", "Asaib Ahl al-Haq", "ARMED_GROUP")]
    d2 = add(store, T2, build(T2, e2, relations=[
        ("e2", "BACKED_BY", "e3", "The Badr Organization denied it is backed by Iran"),
        ("e2", "ALLIED_WITH", "e4", "Badr Organization is allied with Asaib Ahl al-Haq")],
        quotes=[("e1", "the group is independent", False)]), publisher="Outlet Two")
    return store, d1, d2


def test_actor_profile_shows_every_source(corpus) -> None:
    store, *_ = corpus
    prof = queries.actor_profile(store, "Hadi al-Ameri")
    assert prof.actor.type == "PERSON" and prof.actor.documents == 2
    assert {a.name: a.outlets for a in prof.aliases} == {"Hadi al-Amiri": ["Outlet One"],
                                                         "Hadi al-Amery": ["Outlet Two"]}
    assert prof.outlets == ["Outlet One", "Outlet Two"]
    assert [(r.predicate, r.direction, r.other.name) for r in prof.relations] == [("LEADS", "out",
                                                                                   "Badr Organization")]
    assert {q.text for q in prof.quotes_by} == {"the withdrawal must be complete", "the group is independent"}
    badr = queries.actor_profile(store, "Badr Organization")
    backed = next(r for r in badr.relations if r.predicate == "BACKED_BY")
    # two sources, two sentences: one asserts it, one reports a denial; both stay visible
    assert backed.documents == 2 and {s.outlet for s in backed.sources} == {"Outlet One", "Outlet Two"}
    for s in backed.sources:
        assert s.evidence and s.start is not None and s.published in (dt.date(2023, 5, 1), None)


def test_actors_list_and_lookup(corpus) -> None:
    store, *_ = corpus
    top = queries.list_actors(store, top=10)
    assert top[0].documents == 2
    assert {a.name for a in queries.list_actors(store, type="ARMED_GROUP")} == {"Badr Organization",
                                                                                "Asaib Ahl al-Haq"}
    assert queries.find_entities(store, "Amiri")[0].name.startswith("Hadi al-Am")
    assert queries.find_entities(store, "nobody at all") == []
    with pytest.raises(queries.NotFound):
        queries.actor_profile(store, "Nobody Anyone")


def test_quotes_filters(corpus) -> None:
    store, *_ = corpus
    assert len(queries.list_quotes(store, speaker="Hadi al-Amiri")) == 2
    assert queries.list_quotes(store, speaker="Asaib Ahl al-Haq") == []


def test_full_text_search(corpus) -> None:
    store, d1, d2 = corpus
    res = queries.search(store, "withdrawal")
    assert [h.document.id for h in res.documents] == [d1]
    assert "withdrawal" in res.documents[0].snippet
    assert {h.document.id for h in queries.search(store, "Badr").documents} == {d1, d2}
    # user input never breaks the query syntax
    for odd in ('"unclosed', "AND OR NOT", "a*b:c(", "backed -Iran"):
        queries.search(store, odd)
    assert queries.search(store, "Badr").actors[0].name == "Badr Organization"


def test_graph_edges_and_stats(corpus) -> None:
    store, *_ = corpus
    edges = queries.graph_edges(store)
    backed = next(e for e in edges if e.predicate == "BACKED_BY")
    assert backed.source.name == "Badr Organization" and backed.target.name == "Iran" and backed.documents == 2
    assert queries.graph_edges(store, min_documents=2) == [backed]
    st = queries.stats(store)
    assert st.documents == 2 and st.statements == {"relation": 4, "quote": 2}


def test_documents_and_detail(corpus) -> None:
    store, d1, d2 = corpus
    docs = queries.list_documents(store)
    assert [d.id for d in docs] == [d2, d1]
    det = queries.document_detail(store, d1)
    assert det.text == T1 and any(s["kind"] == "quote" for s in det.statements)
    assert all(e["entity"] for e in det.entities)
    with pytest.raises(queries.NotFound):
        queries.document_detail(store, 10_000)
