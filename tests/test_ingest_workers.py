"""Parallel extraction (--workers 2, real worker processes) stores the same corpus as one process,
in the same order; ``reprocess`` re-extracts stored articles after the extractor changes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, update

from helpers_corpus import wire_story
from khabar.ingest import Ingestor, extractor_version
from khabar.ingest.extracting import ExtractionPool
from khabar.ingest.reprocess import outdated, reprocess
from khabar.store import Store, queries
from khabar.store.check import check
from khabar.store.schema import DocEntity, Document, Statement


def _snapshot(store: Store) -> list[tuple]:
    with store.connect() as conn:
        return conn.execute(select(Document.title, DocEntity.name, DocEntity.type)
                            .join(DocEntity, DocEntity.document_id == Document.id)
                            .order_by(Document.id, DocEntity.id)).all()


def test_two_worker_processes_match_one(tmp_path: Path, extractor, kb) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(10):
        (src / f"s{i:02d}.txt").write_text(wire_story(100 + i), encoding="utf-8")
    one = Store.open(f"sqlite:///{tmp_path / 'one.db'}")
    Ingestor(one, extractor_factory=lambda: extractor, kb=kb).run([str(src)])
    two = Store.open(f"sqlite:///{tmp_path / 'two.db'}")
    report = Ingestor(two, workers=2, batch_size=2, kb=kb).run([str(src)])
    assert report.count("new") == 10
    assert _snapshot(one) == _snapshot(two)
    assert check(two) == []


def test_pool_reports_a_failing_document_without_losing_the_batch(extractor) -> None:
    from khabar.model import Document

    class Fragile:
        """The real extractor, except that it raises on one document (as a bug in a component would)."""

        def extract_many(self, docs):
            for d in docs:
                yield self.extract(d)

        def extract(self, d):
            if "poison" in d.text:
                raise RuntimeError("component crashed")
            return extractor.extract(d)

    pool = ExtractionPool(extractor_factory=Fragile)
    docs = [Document(text=wire_story(1)), Document(text="poison pill article text here"),
            Document(text=wire_story(2))]
    out = pool.submit(docs).result()
    assert isinstance(out[0], type(extractor.extract(docs[0]))) and isinstance(out[2], type(out[0]))
    assert out[1] == "extraction failed: RuntimeError: component crashed"


def test_reprocess_outdated_documents(sqlite_store, tmp_path: Path, extractor, kb) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(3):
        (src / f"s{i}.txt").write_text(wire_story(200 + i), encoding="utf-8")
    Ingestor(sqlite_store, extractor_factory=lambda: extractor, kb=kb).run([str(src)])
    version = extractor_version()
    assert outdated(sqlite_store, version) == []
    before = _snapshot(sqlite_store)
    with sqlite_store.begin() as conn:  # as if stored by an older extractor
        conn.execute(update(Document).where(Document.id == 2).values(extractor_version="0.0.1+old"))
    assert outdated(sqlite_store, version) == [2]
    report = reprocess(sqlite_store, extractor_factory=lambda: extractor)
    assert report.done == [2] and report.failed == []
    assert _snapshot(sqlite_store) == before
    assert outdated(sqlite_store, version) == []
    everything = reprocess(sqlite_store, everything=True, extractor_factory=lambda: extractor)
    assert everything.done == [1, 2, 3]
    with sqlite_store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Statement).where(Statement.extractor_version != version)
                            ).scalar() == 0
    assert queries.stats(sqlite_store).documents == 3
    assert check(sqlite_store) == []
