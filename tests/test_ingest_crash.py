"""A crash mid-batch: ``khabar ingest`` in a child process is killed with SIGKILL after some documents
are stored; the store holds whole documents only, and a second run completes the batch with no duplicate."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from helpers_corpus import wire_story
from khabar.ingest import Ingestor
from khabar.store import Store
from khabar.store.check import check
from khabar.store.schema import DocEntity, Document, DocumentSource, Statement

N = 24


def _count_docs(url: str) -> int:
    try:
        store = Store.open(url, migrate=False)
    except Exception:  # not created yet
        return 0
    try:
        with store.connect() as conn:
            return conn.execute(select(func.count()).select_from(Document)).scalar_one()
    except Exception:
        return 0
    finally:
        store.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_mid_batch_then_resume(any_url: str, tmp_path: Path, extractor, kb) -> None:
    src = tmp_path / "batch"
    src.mkdir()
    for i in range(N):
        (src / f"story-{i:02d}.txt").write_text(wire_story(i), encoding="utf-8")
    code = "from khabar.cli import app; app()"
    child = subprocess.Popen([sys.executable, "-c", code, "ingest", str(src), "--db", any_url, "--batch-size", "2",
                              "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 120
        stored = 0
        while time.monotonic() < deadline and child.poll() is None:
            stored = _count_docs(any_url)
            if stored >= 3:
                break
            time.sleep(0.05)
        assert child.poll() is None, f"the child ended before it could be killed: {child.stderr.read()!r}"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    store = Store.open(any_url)
    killed_at = _count_docs(any_url)
    assert 3 <= killed_at < N, "the kill should land mid-batch"
    # whole documents only: every stored document has its extraction, sources and clusters
    assert check(store) == []
    # ... each exactly as a fresh extraction of its text would store it (nothing half-written)
    from khabar.model import Document as Article

    with store.connect() as conn:
        stored = conn.execute(select(Document.id, Document.text, Document.title)).all()
        for doc_id, text, title in stored:
            fresh = extractor.extract(Article(text=text, title=title))
            n_ents = conn.execute(select(func.count()).select_from(DocEntity)
                                  .where(DocEntity.document_id == doc_id)).scalar_one()
            n_sts = conn.execute(select(func.count()).select_from(Statement)
                                 .where(Statement.document_id == doc_id)).scalar_one()
            assert n_ents == len(fresh.entities)
            assert n_sts == len(fresh.relations) + len(fresh.events) + len(fresh.quotes)
    # the second run completes the batch: nothing duplicated, nothing missing
    report = Ingestor(store, extractor_factory=lambda: extractor, kb=kb).run([str(src)])
    assert report.count("failed") == 0
    assert report.counts["unchanged"] == killed_at and report.count("new") == N - killed_at
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Document)).scalar_one() == N
        assert conn.execute(select(func.count(func.distinct(DocumentSource.locator)))).scalar_one() == N
        assert conn.execute(select(func.count()).select_from(DocumentSource)).scalar_one() == N
    assert check(store) == []
    store.close()
