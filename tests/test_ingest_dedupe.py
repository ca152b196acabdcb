"""Deduplication: exact copies (normalised hash), near copies (MinHash/LSH) linked to their original and
not extracted, re-ingest is a no-op, across runs and within one batch."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from helpers_corpus import wire_story
from khabar.ingest import Ingestor, dedupe
from khabar.store import queries
from khabar.store.check import check
from khabar.store.schema import DocEntity, Document, DocumentSource


def test_hash_normalises_case_space_and_unicode() -> None:
    a = dedupe.content_hash("Rockets  hit\nthe airport")
    assert a == dedupe.content_hash("rockets hit the airport ") == dedupe.content_hash("ROCKETS hit the ａｉｒｐｏｒｔ")
    assert a != dedupe.content_hash("rockets hit the port")


def test_minhash_similarity_of_republished_copies() -> None:
    original = wire_story(0)
    republished = "Updated: " + original.replace("Officials said", "Officials told AFP") + "Added a line.\n"
    other = wire_story(1)
    m1, m2, m3 = (dedupe.minhash(t) for t in (original, republished, other))
    assert m1.jaccard(m2) > 0.75 > m1.jaccard(m3)
    idx = dedupe.NearDuplicateIndex()
    idx.add("1", dedupe.from_bytes(dedupe.to_bytes(m1)))
    assert idx.nearest(m2)[0] == "1" and idx.nearest(m3) is None
    assert dedupe.minhash("too short to compare") is None


def _ingest(store, extractor, kb, sources: list[str]):
    return Ingestor(store, extractor_factory=lambda: extractor, kb=kb).run(sources)


def test_exact_and_near_duplicates_in_one_batch_and_across_runs(store, tmp_path: Path, extractor, kb) -> None:
    tmp_path = tmp_path / "articles"
    tmp_path.mkdir()
    story = wire_story(0)
    (tmp_path / "a.txt").write_text(story, encoding="utf-8")
    (tmp_path / "b.txt").write_text(story.upper(), encoding="utf-8")  # same text, other case: exact duplicate
    near = story.replace("Officials said", "Officials told reporters") + "\nThis story was updated.\n"
    (tmp_path / "c.txt").write_text(near, encoding="utf-8")
    (tmp_path / "d.txt").write_text(wire_story(1), encoding="utf-8")
    rep = _ingest(store, extractor, kb, [str(tmp_path)])
    assert rep.counts == {"new": 2, "duplicate": 1, "near_duplicate": 1}
    with store.connect() as conn:
        docs = conn.execute(select(Document.id, Document.status, Document.duplicate_of, Document.similarity)
                            .order_by(Document.id)).all()
        assert [d.status for d in docs] == ["extracted", "near_duplicate", "extracted"]
        assert docs[1].duplicate_of == docs[0].id and docs[1].similarity >= 0.75
        # the near duplicate is not extracted: no entities of its own
        assert conn.execute(select(func.count()).select_from(DocEntity)
                            .where(DocEntity.document_id == docs[1].id)).scalar() == 0
        # the exact duplicate is a second source of the first document
        locs = conn.execute(select(DocumentSource.locator).where(DocumentSource.document_id == docs[0].id)
                            ).scalars().all()
        assert sorted(Path(x).name for x in locs) == ["a.txt", "b.txt"]
    # a second run over the same folder changes nothing
    again = _ingest(store, extractor, kb, [str(tmp_path)])
    assert again.counts == {"unchanged": 4}
    # a new copy in another place, in a later run, still finds its original (the LSH index is reloaded)
    (tmp_path / "later").mkdir()
    (tmp_path / "later" / "e.txt").write_text(near.replace("updated", "corrected"), encoding="utf-8")
    later = _ingest(store, extractor, kb, [str(tmp_path / "later")])
    assert later.counts == {"near_duplicate": 1}
    assert queries.stats(store).near_duplicates == 2
    assert check(store) == []
