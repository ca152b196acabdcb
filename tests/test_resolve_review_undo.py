"""``review.undo``: any merge, link or split decision can be undone, once."""

from __future__ import annotations

import pytest

from helpers_corpus import Ent, add, build, cluster_of
from khabar.resolve.review import ReviewError, history, merge, split, undo

T1 = "One\n\nThe Harbor Guard Battalion patrolled the docks on Sunday."
T2 = "Two\n\nThe Ellery Coast Militia patrolled the docks on Monday."
T3 = "Three\n\nThe Ellery Coast Militia and its allies met on Tuesday."


def test_undo_merge_then_undo_the_undo(store) -> None:
    d1 = add(store, T1, build(T1, [Ent("e1", "Harbor Guard Battalion", "ARMED_GROUP")]))
    d2 = add(store, T2, build(T2, [Ent("e1", "Ellery Coast Militia", "ARMED_GROUP")]))
    a, b = cluster_of(store, d1, "e1"), cluster_of(store, d2, "e1")
    with store.begin() as conn:
        did = merge(conn, a, b)
    with store.begin() as conn:
        res = undo(conn, did)
    assert cluster_of(store, d2, "e1") == b and res["new_entity"] == b
    with store.begin() as conn, pytest.raises(ReviewError, match="already undone"):
        undo(conn, did)
    with store.begin() as conn:  # the split that undid the merge is itself undone: merged again
        again = undo(conn, res["decision"])
    assert again["entity"] == a and cluster_of(store, d2, "e1") == a
    with store.connect() as conn:
        kinds = [(h["kind"], h["undone_by"] is not None) for h in history(conn, a)]
    assert ("merge", True) in kinds and ("split", True) in kinds and kinds[-1] == ("merge", False)


def test_undo_split_by_name_and_refusals(store) -> None:
    d2 = add(store, T2, build(T2, [Ent("e1", "Ellery Coast Militia", "ARMED_GROUP")]))
    d3 = add(store, T3, build(T3, [Ent("e1", "Ellery Coast Militia", "ARMED_GROUP")]))
    ent = cluster_of(store, d2, "e1")
    assert cluster_of(store, d3, "e1") == ent
    with store.begin() as conn:
        done = split(conn, ent, documents=[d3])
    assert cluster_of(store, d3, "e1") == done["new_entity"]
    with store.begin() as conn:
        undo(conn, done["decision"])
    assert cluster_of(store, d3, "e1") == ent
    with store.begin() as conn, pytest.raises(ReviewError, match="no decision"):
        undo(conn, 10**9)
    with store.connect() as conn:
        new_decision = next(h for h in history(conn, ent) if h["kind"] == "new")
    with store.begin() as conn, pytest.raises(ReviewError, match="only merges, links and splits"):
        undo(conn, new_decision["id"])
