"""``khabar reprocess``: extract stored articles again after the extractor (or the KB) changed.

Each document is replaced in its own transaction: its old statements and entities go, the new ones
are resolved against the corpus, events are re-merged, and clusters left empty are dropped (user
decisions survive through pins and separations).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Row, select

from khabar.ingest.extracting import ExtractionPool, extractor_version
from khabar.ingest.runner import _load_kb
from khabar.model import Document as ArticleDoc
from khabar.resolve.entities import EntityResolver, rebuild_names
from khabar.resolve.events import drop_orphan_events, merge_document_events
from khabar.resolve.review import drop_empty_clusters
from khabar.store import Store
from khabar.store.schema import DocEntity, Document, Statement
from khabar.store.writer import write_extraction


@dataclass
class ReprocessReport:
    version: str
    done: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "extractor_version": self.version,
            "reprocessed": len(self.done),
            "failed": [{"document": d, "reason": r} for d, r in self.failed],
        }


def outdated(store: Store, version: str, *, everything: bool = False, ids: Sequence[int] = ()) -> list[int]:
    q = select(Document.id).where(Document.status == "extracted").order_by(Document.id)
    if ids:
        q = q.where(Document.id.in_(list(ids)))
    elif not everything:
        q = q.where((Document.extractor_version != version) | Document.extractor_version.is_(None))
    with store.connect() as conn:
        return list(conn.execute(q).scalars())


def reprocess(
    store: Store,
    *,
    kb_files: Sequence[str | Path] = (),
    everything: bool = False,
    ids: Sequence[int] = (),
    workers: int = 1,
    batch_size: int = 8,
    on_document: Callable[[int, str | None], None] | None = None,
    extractor_factory: Callable[[], object] | None = None,
) -> ReprocessReport:
    version = extractor_version(kb_files)
    report = ReprocessReport(version)
    todo = outdated(store, version, everything=everything, ids=ids)
    if not todo:
        return report
    pool = ExtractionPool(kb_files, workers, extractor_factory)
    resolver = EntityResolver(_load_kb([str(p) for p in kb_files]))
    inflight: deque = deque()
    chunks = [todo[i : i + batch_size] for i in range(0, len(todo), batch_size)]
    try:
        for n, chunk in enumerate(chunks):
            with store.connect() as conn:
                rows = conn.execute(
                    select(
                        Document.id,
                        Document.text,
                        Document.title,
                        Document.publisher,
                        Document.author,
                        Document.url,
                        Document.published,
                        Document.published_source,
                    )
                    .where(Document.id.in_(chunk))
                    .order_by(Document.id)
                ).all()
            docs = [
                ArticleDoc(
                    text=r.text,
                    doc_id=str(r.id),
                    title=r.title,
                    publisher=r.publisher,
                    author=r.author,
                    url=r.url,
                    published=r.published if r.published_source != "text" else None,
                    published_source=r.published_source if r.published_source != "text" else None,
                )
                for r in rows
            ]
            inflight.append((rows, pool.submit(docs)))
            while inflight and (len(inflight) > max(1, workers * 2) - 1 or n == len(chunks) - 1):
                done_rows, fut = inflight.popleft()
                for row, res in zip(done_rows, fut.result(), strict=True):
                    _replace(store, row, res, version, resolver, report)
                    if on_document:
                        on_document(row.id, res if isinstance(res, str) else None)
    finally:
        pool.close()
    return report


def _replace(
    store: Store, row: Row, res: object, version: str, resolver: EntityResolver, report: ReprocessReport
) -> None:
    """One document's new extraction, in one transaction."""
    if isinstance(res, str):
        report.failed.append((row.id, res))
        return
    with store.begin() as conn:
        before = conn.execute(select(DocEntity.entity_id).where(DocEntity.document_id == row.id)).scalars().all()
        events = (
            conn.execute(
                select(Statement.event_id).where(Statement.document_id == row.id, Statement.event_id.is_not(None))
            )
            .scalars()
            .all()
        )
        write_extraction(conn, row.id, row.text, res, version)
        resolver.resolve_document(conn, row.id)
        rebuild_names(conn, list(before))
        merge_document_events(conn, row.id, resolver.kb)
        drop_orphan_events(conn, list(events))
        drop_empty_clusters(conn, list(before))
    report.done.append(row.id)
