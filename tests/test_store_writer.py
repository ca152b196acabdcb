"""Statements with provenance: what one stored extraction becomes, and one transaction per document."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from helpers_corpus import Ent, add, build
from khabar.model import Document, Extraction, Quote, Relation
from khabar.store.check import check
from khabar.store.schema import DocEntity, DocEntityName, Mention, Statement, StatementArg
from khabar.store.schema import Document as DocRow
from khabar.store.writer import insert_document, name_rows, write_extraction

TEXT = ("Khazali warns\n\nQais al-Khazali, the leader of Asaib Ahl al-Haq, said on Monday: \"We will not disarm.\" "
        "Asaib Ahl al-Haq is backed by Iran, according to analysts.")


def _extraction() -> Extraction:
    return build(TEXT, [Ent("e1", "Qais al-Khazali", "PERSON", ["Qais al-Khazali", "Khazali"]),
                        Ent("e2", "Asaib Ahl al-Haq", "ARMED_GROUP"), Ent("e3", "Iran", "STATE")],
                 relations=[("e1", "LEADS", "e2", "Qais al-Khazali, the leader of Asaib Ahl al-Haq"),
                            ("e2", "BACKED_BY", "e3", "Asaib Ahl al-Haq is backed by Iran")],
                 quotes=[("e1", "We will not disarm.", True)])


def test_statements_keep_document_sentence_offsets_version(store) -> None:
    doc_id = add(store, TEXT, _extraction())
    with store.connect() as conn:
        rows = conn.execute(select(Statement).where(Statement.document_id == doc_id).order_by(Statement.id)).all()
        text = conn.execute(select(DocRow.text).where(DocRow.id == doc_id)).scalar_one()
        assert [r.kind for r in rows] == ["relation", "relation", "quote"]
        for r in rows:
            assert text[r.start:r.end] == r.evidence
            assert r.extractor_version == "test" and 0 < r.confidence <= 1
        assert [r.sentence for r in rows[:2]] == [r.sentence for r in _extraction().relations]
        args = conn.execute(select(StatementArg.role, DocEntity.name).join(DocEntity)
                            .where(StatementArg.statement_id == rows[0].id).order_by(StatementArg.role)).all()
        assert args == [("object", "Asaib Ahl al-Haq"), ("subject", "Qais al-Khazali")]
        mentions = conn.execute(select(Mention.text, Mention.start, Mention.end)
                                .where(Mention.document_id == doc_id)).all()
        assert all(text[s:e] == t for t, s, e in mentions) and len(mentions) == 6
    assert check(store) == []


def test_wrong_offsets_are_relocated_or_left_empty(sqlite_store) -> None:
    ex = _extraction()
    bad = ex.model_copy(update={
        "relations": [Relation(subject="e2", predicate="BACKED_BY", object="e3", evidence="is backed by Iran",
                               start=0, end=5),
                      Relation(subject="e2", predicate="BACKED_BY", object="e3", evidence="not in the text",
                               start=3, end=9)],
        "quotes": [Quote(speaker="e9", text="We will not disarm.", direct=True, start=1, end=2)]})
    doc_id = add(sqlite_store, TEXT, bad)
    with sqlite_store.connect() as conn:
        rows = conn.execute(select(Statement.evidence, Statement.start, Statement.end)
                            .where(Statement.document_id == doc_id).order_by(Statement.id)).all()
        # unknown speaker e9: the quote is kept, without a speaker argument
        n_args = conn.execute(select(func.count()).select_from(StatementArg).join(Statement)
                              .where(Statement.kind == "quote")).scalar()
    assert TEXT[rows[0].start:rows[0].end] == "is backed by Iran"
    assert rows[1].start is None and rows[1].end is None
    assert n_args == 0
    assert check(sqlite_store) == []


def test_quotes_know_who_they_are_about(sqlite_store) -> None:
    text = "Statement\n\nThe analyst said: \"Iran controls Asaib Ahl al-Haq now.\""
    ex = build(text, [Ent("e1", "analyst", "PERSON"), Ent("e2", "Iran", "STATE"),
                      Ent("e3", "Asaib Ahl al-Haq", "ARMED_GROUP")],
               quotes=[("e1", "Iran controls Asaib Ahl al-Haq now.", True)])
    doc_id = add(sqlite_store, text, ex)
    with sqlite_store.connect() as conn:
        about = conn.execute(select(DocEntity.name).join(StatementArg).join(Statement)
                             .where(Statement.document_id == doc_id, StatementArg.role == "about")
                             .order_by(DocEntity.name)).scalars().all()
    assert about == ["Asaib Ahl al-Haq", "Iran"]


def test_a_failing_document_leaves_nothing(sqlite_store) -> None:
    ex = _extraction()
    with pytest.raises(RuntimeError), sqlite_store.begin() as conn:
        doc_id = insert_document(conn, Document(text=TEXT, title="t"), content_hash="h1", status="extracted",
                                 run_id=None)
        write_extraction(conn, doc_id, TEXT, ex, "test")
        raise RuntimeError("crash in the middle of a document")
    with sqlite_store.connect() as conn:
        for table in (DocRow, DocEntity, Statement, Mention):
            assert conn.execute(select(func.count()).select_from(table)).scalar() == 0


def test_name_rows_keep_spellings_and_acronyms() -> None:
    rows = name_rows(["Popular Mobilisation Forces", "PMF", "Popular Mobilisation Forces"], "ARMED_GROUP",
                     ["PMF", "PMF", "Popular Mobilisation Forces"])
    named = {r["name"]: r for r in rows if not r["derived"]}
    assert named["PMF"]["count"] == 2 and named["Popular Mobilisation Forces"]["count"] == 1
    assert [r["key"] for r in rows if r["derived"]] == ["acr:PMF"]


def test_reextraction_replaces_statements(sqlite_store) -> None:
    doc_id = add(sqlite_store, TEXT, _extraction())
    with sqlite_store.begin() as conn:
        write_extraction(conn, doc_id, TEXT, build(TEXT, [Ent("e1", "Iran", "STATE")]), "v2")
    with sqlite_store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Statement)).scalar() == 0
        assert conn.execute(select(DocEntity.name)).scalars().all() == ["Iran"]
        assert conn.execute(select(DocRow.extractor_version)).scalar() == "v2"
        assert conn.execute(select(func.count()).select_from(DocEntityName)).scalar() == 1
