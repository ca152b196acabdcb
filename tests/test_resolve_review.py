"""Merge, split, history and undo of clusters; user decisions survive re-extraction."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from helpers_corpus import Ent, add, build, cluster_of
from khabar.resolve.entities import EntityResolver
from khabar.resolve.review import ReviewError, drop_empty_clusters, history, merge, split
from khabar.store.check import check
from khabar.store.schema import DocEntity, Entity
from khabar.store.writer import write_extraction

T1 = "One\n\nAbu Fadak al-Mohammadawi, the chief of staff of the PMF, inspected units."
T2 = "Two\n\nAbdul Aziz al-Mohammadawi, the PMF chief of staff, met commanders."


def _two_clusters(store) -> tuple[int, int, int, int]:
    d1 = add(store, T1, build(T1, [Ent("e1", "Abu Fadak al-Mohammadawi", "PERSON"), Ent("e2", "PMF", "ARMED_GROUP")]))
    d2 = add(store, T2, build(T2, [Ent("e1", "Abdul Aziz al-Mohammadawi", "PERSON"),
                                   Ent("e2", "PMF", "ARMED_GROUP")]))
    a, b = cluster_of(store, d1, "e1"), cluster_of(store, d2, "e1")
    return d1, d2, a, b


def test_merge_then_split_restores_both(store) -> None:
    d1, d2, a, b = _two_clusters(store)
    assert a != b  # two different full names: the resolver keeps them apart
    with store.begin() as conn:
        dec = merge(conn, a, b, reason="nom de guerre of the same man")
    assert cluster_of(store, d2, "e1") == a
    with store.connect() as conn:
        assert conn.execute(select(Entity.status, Entity.merged_into).where(Entity.id == b)).one() == ("merged", a)
    assert check(store) == []
    with store.begin() as conn:
        done = split(conn, a)  # no option: undo the latest merge
    assert done["new_entity"] == b
    assert cluster_of(store, d2, "e1") == b and cluster_of(store, d1, "e1") == a
    with store.connect() as conn:
        hist = history(conn, a)
    kinds = [h["kind"] for h in hist]
    assert "merge" in kinds and "split" in kinds
    merge_row = next(h for h in hist if h["id"] == dec)
    assert merge_row["undone_by"] is not None and merge_row["reason"] == "nom de guerre of the same man"
    # the pair was split by a user: merging again needs force
    with store.begin() as conn, pytest.raises(ReviewError, match="split apart"):
        merge(conn, a, b)
    with store.begin() as conn:
        merge(conn, a, b, force=True)
    assert cluster_of(store, d2, "e1") == a
    assert check(store) == []


def test_merge_refuses_nonsense(sqlite_store) -> None:
    _, _, a, _ = _two_clusters(sqlite_store)
    with sqlite_store.begin() as conn, pytest.raises(ReviewError, match="itself"):
        merge(conn, a, a)
    with sqlite_store.begin() as conn, pytest.raises(ReviewError, match="no entity"):
        merge(conn, a, 99999)
    with sqlite_store.begin() as conn, pytest.raises(ReviewError, match="no merge to undo"):
        split(conn, a)


def test_split_by_name_pins_survive_reextraction(sqlite_store) -> None:
    t3 = "Three\n\nAbu Fadak al-Mohammadawi spoke again about the PMF."
    d1, _, a, _ = _two_clusters(sqlite_store)
    d3 = add(sqlite_store, t3, build(t3, [Ent("e1", "Abu Fadak al-Mohammadawi", "PERSON"),
                                          Ent("e2", "PMF", "ARMED_GROUP")]))
    assert cluster_of(sqlite_store, d3, "e1") == a
    with sqlite_store.begin() as conn:
        done = split(conn, a, documents=[d3])
    new = done["new_entity"]
    assert cluster_of(sqlite_store, d3, "e1") == new and cluster_of(sqlite_store, d1, "e1") == a
    # re-extract document 3 (as `khabar reprocess` does): the user's split holds
    with sqlite_store.begin() as conn:
        write_extraction(conn, d3, t3, build(t3, [Ent("e1", "Abu Fadak al-Mohammadawi", "PERSON"),
                                                  Ent("e2", "PMF", "ARMED_GROUP")]), "test2")
        EntityResolver().resolve_document(conn, d3)
        drop_empty_clusters(conn)
    assert cluster_of(sqlite_store, d3, "e1") == new
    assert check(sqlite_store) == []


def test_undo_a_link_decision(sqlite_store) -> None:
    t3 = "Three\n\nAbu Fadak al-Mohammadawi spoke again about the PMF."
    _, _, a, _ = _two_clusters(sqlite_store)
    d3 = add(sqlite_store, t3, build(t3, [Ent("e1", "Abu Fadak al-Mohammadawi", "PERSON"),
                                          Ent("e2", "PMF", "ARMED_GROUP")]))
    with sqlite_store.connect() as conn:
        link = next(h for h in history(conn, a) if h["kind"] == "link" and h["document"] == d3)
    with sqlite_store.begin() as conn:
        done = split(conn, a, decision=link["id"])
    assert cluster_of(sqlite_store, d3, "e1") == done["new_entity"]
    with sqlite_store.begin() as conn, pytest.raises(ReviewError, match="already undone"):
        split(conn, a, decision=link["id"])


def test_empty_clusters_are_dropped_after_reextraction(sqlite_store) -> None:
    t = "One\n\nHamid al-Saraji spoke."
    d = add(sqlite_store, t, build(t, [Ent("e1", "Hamid al-Saraji", "PERSON")]))
    old = cluster_of(sqlite_store, d, "e1")
    with sqlite_store.begin() as conn:
        write_extraction(conn, d, t, build(t, []), "test2")
        assert drop_empty_clusters(conn) == 1
        assert conn.execute(select(Entity.id).where(Entity.id == old)).first() is None
        assert conn.execute(select(DocEntity.id).where(DocEntity.document_id == d)).first() is None
