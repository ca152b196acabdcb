"""The integrity check passes on a healthy store and names each kind of damage."""

from __future__ import annotations

import sqlalchemy as sa

from helpers_corpus import Ent, add, build
from khabar.store.check import check

TEXT = "Title\n\nQais al-Khazali leads Asaib Ahl al-Haq, officials said."


def _store_one(store) -> int:
    return add(store, TEXT, build(TEXT, [Ent("e1", "Qais al-Khazali", "PERSON"),
                                         Ent("e2", "Asaib Ahl al-Haq", "ARMED_GROUP")],
                                  relations=[("e1", "LEADS", "e2", "Qais al-Khazali leads Asaib Ahl al-Haq")]))


def test_healthy_store_passes(store) -> None:
    _store_one(store)
    assert check(store) == []


def test_damage_is_reported(store) -> None:
    doc = _store_one(store)
    with store.begin() as conn:
        conn.execute(sa.text("UPDATE statements SET start = start + 1"))
        conn.execute(sa.text("UPDATE mentions SET \"end\" = \"end\" + 2"))
        conn.execute(sa.text("UPDATE doc_entities SET entity_id = NULL WHERE local_id = 'e2'"))
        conn.execute(sa.text("DELETE FROM document_sources WHERE document_id = :d"), {"d": doc})
    problems = check(store)
    text = "\n".join(problems)
    assert "offsets do not point at their evidence" in text
    assert "mention(s) whose offsets" in text
    assert "not assigned to a cluster" in text
    assert "without a source" in text
