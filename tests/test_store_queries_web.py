"""The queries added for the web app: counts that match the lists, offsets, mentions with offsets,
the conflict/cooperation trend, place coordinates, quote search, decisions, graph date filters."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers_corpus import Ent, add, build
from khabar.resolve.review import merge
from khabar.store import queries

T1 = (
    "Strike in Erbil\n\nThe Islamic Resistance in Iraq attacked a base in Erbil on Sunday, and Hadi al-Amiri, "
    'the leader of the Badr Organization, said "the response will come". Iran backs the Badr Organization.'
)
T2 = (
    "Talks in Baghdad\n\nThe Badr Organization and Iraq agreed to cooperate, Hadi al-Amiri said in Baghdad on "
    'Monday, adding that "calm is needed now".'
)


@pytest.fixture
def corpus(store):
    e1 = [
        Ent("e1", "Islamic Resistance in Iraq", "ARMED_GROUP"),
        Ent("e2", "Erbil", "LOCATION"),
        Ent("e3", "Hadi al-Amiri", "PERSON"),
        Ent("e4", "Badr Organization", "ARMED_GROUP"),
        Ent("e5", "Iran", "STATE"),
    ]
    d1 = add(
        store,
        T1,
        build(
            T1,
            e1,
            relations=[
                ("e3", "LEADS", "e4", "Hadi al-Amiri, the leader of the Badr Organization"),
                ("e4", "BACKED_BY", "e5", "Iran backs the Badr Organization"),
            ],
            events=[
                {
                    "type": "ASSAULT",
                    "actors": ["e1"],
                    "location": "e2",
                    "date": "2024-01-28",
                    "weight": -10.0,
                    "evidence": "attacked a base in Erbil",
                }
            ],
            quotes=[("e3", "the response will come", True)],
            published=dt.date(2024, 1, 29),
        ),
        publisher="Outlet One",
        published=dt.date(2024, 1, 29),
    )
    e2 = [
        Ent("e1", "Badr Organization", "ARMED_GROUP"),
        Ent("e2", "Iraq", "STATE"),
        Ent("e3", "Hadi al-Amiri", "PERSON"),
        Ent("e4", "Baghdad", "LOCATION"),
    ]
    d2 = add(
        store,
        T2,
        build(
            T2,
            e2,
            events=[
                {
                    "type": "COOPERATE",
                    "actors": ["e1", "e2"],
                    "location": "e4",
                    "date": "2024-03-04",
                    "weight": 6.8,
                    "evidence": "agreed to cooperate",
                }
            ],
            quotes=[("e3", "calm is needed now", True)],
            published=dt.date(2024, 3, 5),
        ),
        publisher="Outlet Two",
        published=dt.date(2024, 3, 5),
    )
    return store, d1, d2


def test_counts_match_the_lists(corpus) -> None:
    store, *_ = corpus
    assert queries.count_actors(store) == len(queries.list_actors(store, top=None))
    assert queries.count_actors(store, type="PERSON") == 1
    assert queries.count_actors(store, include_places=True) == len(
        queries.list_actors(store, top=None, include_places=True)
    )
    assert queries.count_events(store) == len(queries.list_events(store)) == 2
    assert queries.count_events(store, type="ASSAULT") == 1
    assert queries.count_events(store, since="2024-02-01") == 1
    assert queries.count_events(store, actor="Badr Organization") == 1
    assert queries.count_events(store, place="Erbil") == 1
    assert queries.count_quotes(store) == 2 and queries.count_quotes(store, speaker="Hadi al-Amiri") == 2
    assert queries.count_documents(store) == 2 and queries.count_documents(store, publisher="Outlet Two") == 1


def test_offsets_page_through(corpus) -> None:
    store, *_ = corpus
    every = [a.id for a in queries.list_actors(store, top=None)]
    assert [a.id for a in queries.list_actors(store, top=2, offset=1)] == every[1:3]
    evs = [e.id for e in queries.list_events(store)]
    assert [e.id for e in queries.list_events(store, limit=1, offset=1)] == evs[1:2]
    qs = [q.statement_id for q in queries.list_quotes(store)]
    assert [q.statement_id for q in queries.list_quotes(store, limit=1, offset=1)] == qs[1:2]


def test_document_mentions_point_at_their_words(corpus) -> None:
    store, d1, _ = corpus
    text = queries.document_detail(store, d1).text
    ms = queries.document_mentions(store, d1)
    assert ms and all(text[m.start : m.end] == m.text for m in ms)
    assert [m.start for m in ms] == sorted(m.start for m in ms)
    assert {m.entity.name for m in ms if m.entity} >= {"Hadi al-Amiri", "Erbil"}


def test_event_trend(corpus) -> None:
    store, *_ = corpus
    months = queries.event_trend(store, bucket="month")
    assert [(p.period, p.events, p.conflict, p.cooperation) for p in months] == [
        ("2024-01", 1, -10.0, 0.0),
        ("2024-03", 1, 0.0, 6.8),
    ]
    assert [p.period for p in queries.event_trend(store, bucket="year")] == ["2024"]
    assert [p.period for p in queries.event_trend(store, bucket="week")] == ["2024-W04", "2024-W10"]
    assert [p.period for p in queries.event_trend(store, actor="Islamic Resistance in Iraq")] == ["2024-01"]
    with pytest.raises(ValueError, match="unknown period"):
        queries.event_trend(store, bucket="decade")


def test_place_coordinates_and_summaries(corpus) -> None:
    store, *_ = corpus
    erbil = queries.find_entities(store, "Erbil")[0].id
    assert queries.place_coordinates(store, [erbil]) == {}  # the hand-built extraction gave none
    summ = queries.actor_summaries(store, [erbil, erbil])
    assert [s.id for s in summ] == [erbil] and summ[0].documents == 1


def test_search_quotes_and_count_search(corpus) -> None:
    store, *_ = corpus
    found, total = queries.search_quotes(store, "calm NEEDED")
    assert total == 1 and found[0].text == "calm is needed now"
    assert queries.search_quotes(store, "calm response") == ([], 0)
    assert queries.search_quotes(store, "   ") == ([], 0)
    assert queries.count_search(store, "Badr") == 2 and queries.count_search(store, "Erbil") == 1
    assert queries.count_search(store, "zzqx") == 0


def test_recent_decisions_and_graph_dates(corpus) -> None:
    store, *_ = corpus
    amiri = queries.find_entities(store, "Hadi al-Amiri")[0].id
    iran = queries.find_entities(store, "Iran")[0].id
    _, total = queries.recent_decisions(store, actor="user")
    assert total == 0
    with store.begin() as conn:
        merge(conn, amiri, iran, reason="a test merge", force=True)
    items, total = queries.recent_decisions(store, actor="user")
    assert total == 1 and items[0].kind == "merge" and items[0].entity_name and items[0].reason == "a test merge"
    all_items, all_total = queries.recent_decisions(store, limit=3)
    assert all_total > 1 and len(all_items) == 3 and all_items[0].id > all_items[1].id
    assert queries.graph_edges(store, since="2024-02-01") == []
    assert {e.predicate for e in queries.graph_edges(store, until=dt.date(2024, 1, 31))} == {"LEADS", "BACKED_BY"}
