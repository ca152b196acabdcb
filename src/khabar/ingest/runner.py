"""``khabar ingest``: read sources, drop duplicates, extract (in parallel), store one document per
transaction, resolve entities and events across the corpus.

Documents are written in the order they were read, each in its own transaction, so a crash leaves
whole documents or nothing, and a second run (which skips every source already stored) completes
the batch with no duplicate.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import Counter, deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from datasketch import MinHash
from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from khabar.ingest import checks, dedupe
from khabar.ingest.extracting import ExtractionPool, Result, extractor_version
from khabar.ingest.sources import Item, SourceReader
from khabar.model import Document as ArticleDoc
from khabar.model import Extraction
from khabar.resolve.entities import EntityResolver
from khabar.resolve.events import merge_document_events
from khabar.store import Store
from khabar.store.schema import Document, DocumentSource, Failure, IngestRun, utcnow
from khabar.store.writer import SourceRef, add_source, find_hash, find_source, insert_document, write_extraction

#: Outcome statuses and the progress counter each one adds to.
COUNTER = {
    "new": "new",
    "duplicate": "duplicate",
    "near_duplicate": "duplicate",
    "unchanged": "duplicate",
    "failed": "failed",
    "skipped": "skipped",
}


@dataclass
class Outcome:
    locator: str
    status: str  # new | duplicate | near_duplicate | unchanged | failed | skipped
    reason: str | None = None
    document_id: int | None = None
    duplicate_of: int | None = None
    similarity: float | None = None
    title: str | None = None

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class IngestReport:
    run_id: int | None = None
    counts: Counter = field(default_factory=Counter)
    problems: list[Outcome] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)

    def add(self, o: Outcome) -> None:
        self.counts[o.status] += 1
        if o.status in ("failed", "skipped"):
            self.problems.append(o)
        if o.status == "new" and o.document_id is not None:
            self.documents.append(o.document_id)

    def count(self, bucket: str) -> int:
        return sum(n for status, n in self.counts.items() if COUNTER.get(status) == bucket)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.problems if o.status == "failed"]

    def to_dict(self) -> dict:
        return {
            "run": self.run_id,
            "new": self.count("new"),
            "duplicate": self.count("duplicate"),
            "failed": self.count("failed"),
            "skipped": self.count("skipped"),
            "by_status": dict(sorted(self.counts.items())),
            "failures": [o.to_dict() for o in self.problems if o.status == "failed"],
            "skipped_inputs": [o.to_dict() for o in self.problems if o.status == "skipped"],
        }


@dataclass
class _Unit:
    item: Item
    action: str  # extract | exact | near
    content_hash: str
    token: str = ""
    minhash: MinHash | None = None
    original: str | None = None  # document id (as text) or pending token
    similarity: float | None = None
    result: Result | None = None


class Ingestor:
    """One ingest run over a store. ``on_outcome`` is called once per input (for progress bars)."""

    def __init__(
        self,
        store: Store,
        *,
        kb_files: Sequence[str | Path] = (),
        workers: int = 1,
        batch_size: int = 8,
        near_threshold: float = dedupe.DEFAULT_THRESHOLD,
        max_chars: int = checks.MAX_ARTICLE_CHARS,
        refetch: bool = False,
        on_outcome: Callable[[Outcome], None] | None = None,
        extractor_factory: Callable[[], object] | None = None,
        kb: object | None = None,
        pool: ExtractionPool | None = None,
    ) -> None:
        self.store = store
        self.kb_files = [str(p) for p in kb_files]
        self.workers = max(1, workers)
        self.batch_size = max(1, batch_size)
        self.near_threshold = near_threshold
        self.max_chars = max_chars
        self.refetch = refetch
        self.on_outcome = on_outcome
        self.version = extractor_version(self.kb_files)
        self.pool = pool or ExtractionPool(self.kb_files, self.workers, extractor_factory)
        self._own_pool = pool is None
        self.resolver = EntityResolver(kb if kb is not None else _load_kb(self.kb_files))
        self._tokens = itertools.count(1)
        self._pending_hash: dict[str, str] = {}
        self._token_doc: dict[str, int | None] = {}
        self._index = dedupe.NearDuplicateIndex(near_threshold)
        self.report = IngestReport()
        self._next_analyze = 100

    # -- bookkeeping ----------------------------------------------------------------------------------
    def _emit(self, outcome: Outcome) -> None:
        self.report.add(outcome)
        if outcome.status in ("failed", "skipped"):
            try:
                with self.store.begin() as conn:
                    conn.execute(
                        insert(Failure).values(
                            run_id=self.report.run_id,
                            locator=outcome.locator[:4000],
                            outcome=outcome.status,
                            reason=outcome.reason or "",
                            created_at=utcnow(),
                        )
                    )
            except SQLAlchemyError:
                pass  # the report still lists it
        if self.on_outcome is not None:
            self.on_outcome(outcome)

    def _known(self, locator: str) -> bool:
        with self.store.connect() as conn:
            return (
                conn.execute(select(DocumentSource.id).where(DocumentSource.locator == locator).limit(1)).first()
                is not None
            )

    def _load_index(self) -> None:
        with self.store.connect() as conn:
            rows = conn.execute(
                select(Document.id, Document.minhash).where(
                    Document.status == "extracted", Document.minhash.is_not(None)
                )
            )
            for doc_id, data in rows:
                self._index.add(str(doc_id), dedupe.from_bytes(data))

    def _doc_id(self, key: str | None) -> int | None:
        if key is None:
            return None
        if key.startswith("p"):
            return self._token_doc.get(key)
        return int(key)

    # -- classify -------------------------------------------------------------------------------------
    def _classify(self, item: Item) -> _Unit | None:
        if item.outcome in ("failed", "skipped"):
            self._emit(Outcome(item.locator, item.outcome, item.reason))
            return None
        if item.outcome == "known":
            self._emit(Outcome(item.locator, "unchanged", item.reason))
            return None
        doc = item.document
        assert doc is not None
        if "\x00" in doc.text or "\x00" in (doc.title or ""):  # nothing to read there; PostgreSQL cannot store it
            doc = item.document = doc.model_copy(
                update={"text": doc.text.replace("\x00", ""), "title": (doc.title or "").replace("\x00", "") or None}
            )
        problem = (
            checks.size_problem(len(doc.text), self.max_chars)
            or checks.length_problem(doc.text)
            or checks.language_problem(doc.text)
        )
        if problem:
            self._emit(Outcome(item.locator, "failed", f"{item.locator}: {problem}"))
            return None
        h = dedupe.content_hash(doc.text)
        with self.store.connect() as conn:
            seen = find_source(conn, item.locator)
            if any(ch == h for _, ch in seen):
                doc_id = next(d for d, ch in seen if ch == h)
                self._emit(Outcome(item.locator, "unchanged", "already ingested from this source", doc_id))
                return None
            existing = find_hash(conn, h)
        if existing is not None:
            return _Unit(item, "exact", h, original=str(existing))
        if h in self._pending_hash:
            return _Unit(item, "exact", h, original=self._pending_hash[h])
        m = dedupe.minhash(doc.text)
        if m is not None and (near := self._index.nearest(m)) is not None:
            return _Unit(item, "near", h, original=near[0], similarity=round(near[1], 3))
        token = f"p{next(self._tokens)}"
        self._pending_hash[h] = token
        if m is not None:
            self._index.add(token, m)
        return _Unit(item, "extract", h, token=token, minhash=m)

    # -- write ----------------------------------------------------------------------------------------
    def _source(self, item: Item) -> SourceRef:
        doc = item.document
        return SourceRef(
            locator=item.locator[:4000],
            kind=item.kind,
            feed=item.feed,
            publisher=doc.publisher if doc else None,
            url=doc.url if doc else None,
        )

    def _write(self, unit: _Unit) -> None:
        item, doc = unit.item, unit.item.document
        assert doc is not None
        run_id = self.report.run_id
        try:
            if unit.action == "extract":
                if isinstance(unit.result, str) or unit.result is None:
                    self._token_doc[unit.token] = None
                    self._emit(Outcome(item.locator, "failed", f"{item.locator}: {unit.result or 'not extracted'}"))
                    return
                with self.store.begin() as conn:
                    doc_id = store_article(
                        conn,
                        doc,
                        unit.result,
                        resolver=self.resolver,
                        version=self.version,
                        source=self._source(item),
                        content_hash=unit.content_hash,
                        run_id=run_id,
                        minhash=unit.minhash,
                    )
                self._token_doc[unit.token] = doc_id
                self._emit(Outcome(item.locator, "new", document_id=doc_id, title=doc.title))
                self._maybe_analyze()
                return
            original = self._doc_id(unit.original)
            if original is None:
                self._emit(
                    Outcome(item.locator, "failed", f"{item.locator}: a copy of an article that could not be stored")
                )
                return
            with self.store.begin() as conn:
                if unit.action == "exact":
                    add_source(conn, original, self._source(item), run_id)
                    self._emit(
                        Outcome(
                            item.locator,
                            "duplicate",
                            "same text as an earlier document",
                            original,
                            duplicate_of=original,
                            title=doc.title,
                        )
                    )
                    return
                doc_id = insert_document(
                    conn,
                    doc,
                    content_hash=unit.content_hash,
                    status="near_duplicate",
                    run_id=run_id,
                    duplicate_of=original,
                    similarity=unit.similarity,
                )
                add_source(conn, doc_id, self._source(item), run_id)
            self._emit(
                Outcome(
                    item.locator,
                    "near_duplicate",
                    f"near-duplicate (similarity {unit.similarity:.2f})",
                    doc_id,
                    duplicate_of=original,
                    similarity=unit.similarity,
                    title=doc.title,
                )
            )
        except IntegrityError:
            # another process stored the same text meanwhile: link to it
            with self.store.begin() as conn:
                existing = find_hash(conn, unit.content_hash)
                if existing is None:
                    raise
                add_source(conn, existing, self._source(item), run_id)
            if unit.token:
                self._token_doc[unit.token] = existing
            self._emit(
                Outcome(item.locator, "duplicate", "same text as an earlier document", existing, duplicate_of=existing)
            )
        except SQLAlchemyError as exc:
            if unit.token:
                self._token_doc[unit.token] = None
            msg = str(getattr(exc, "orig", exc)).splitlines()[0]
            self._emit(Outcome(item.locator, "failed", f"{item.locator}: could not store it ({msg})"))

    def _maybe_analyze(self) -> None:
        """Refresh planner statistics when this run has doubled the documents it stored (100, 200, 400...):
        a bulk load otherwise leaves the database planning for the empty tables it started with."""
        n = self.report.count("new")
        if n >= self._next_analyze:
            self._next_analyze *= 2
            with contextlib.suppress(SQLAlchemyError):
                self.store.analyze()

    # -- run ------------------------------------------------------------------------------------------
    def _submit(self, batch: list[_Unit], inflight: deque) -> None:
        docs = [u.item.document for u in batch if u.action == "extract"]
        if docs:
            fut = self.pool.submit(docs)
        else:
            fut = Future()
            fut.set_result([])
        inflight.append((batch, fut))

    def _drain(self, inflight: deque) -> None:
        batch, fut = inflight.popleft()
        try:
            results = fut.result()
        except Exception as exc:
            results = [f"extraction failed: {type(exc).__name__}: {exc}"] * sum(u.action == "extract" for u in batch)
        it = iter(results)
        for unit in batch:
            if unit.action == "extract":
                unit.result = next(it, "extraction returned no result")
            self._write(unit)

    def run(self, sources: Sequence[str]) -> IngestReport:
        with self.store.begin() as conn:
            self.report.run_id = conn.execute(
                insert(IngestRun)
                .values(
                    sources=list(sources),
                    extractor_version=self.version,
                    started_at=utcnow(),
                    new=0,
                    duplicate=0,
                    failed=0,
                    skipped=0,
                )
                .returning(IngestRun.id)
            ).scalar_one()
        self._load_index()
        reader = SourceReader(known=self._known, refetch=self.refetch, max_chars=self.max_chars)
        inflight: deque = deque()
        batch: list[_Unit] = []
        max_inflight = 1 if self.workers == 1 else self.workers * 2
        try:
            for item in reader.items(list(sources)):
                unit = self._classify(item)
                if unit is None:
                    continue
                batch.append(unit)
                if sum(u.action == "extract" for u in batch) >= self.batch_size or len(batch) >= 4 * self.batch_size:
                    self._submit(batch, inflight)
                    batch = []
                    while len(inflight) > max_inflight - (1 if self.workers == 1 else 0):
                        self._drain(inflight)
            if batch:
                self._submit(batch, inflight)
            while inflight:
                self._drain(inflight)
        finally:
            reader.close()
            if self._own_pool:
                self.pool.close()
            with self.store.begin() as conn:
                r = self.report
                conn.execute(
                    update(IngestRun)
                    .where(IngestRun.id == r.run_id)
                    .values(
                        finished_at=utcnow(),
                        new=r.count("new"),
                        duplicate=r.count("duplicate"),
                        failed=r.count("failed"),
                        skipped=r.count("skipped"),
                    )
                )
        return self.report


def store_article(
    conn: Connection,
    document: ArticleDoc,
    extraction: Extraction,
    *,
    resolver: EntityResolver,
    version: str,
    source: SourceRef,
    content_hash: str | None = None,
    run_id: int | None = None,
    minhash: MinHash | None = None,
) -> int:
    """Store one extracted article inside the caller's transaction: the document, its source, its
    statements; then resolve its entities and events against the corpus. Returns the document id."""
    doc_id = insert_document(
        conn,
        document,
        content_hash=content_hash or dedupe.content_hash(document.text),
        status="extracted",
        run_id=run_id,
        minhash=dedupe.to_bytes(minhash) if minhash is not None else None,
    )
    add_source(conn, doc_id, source, run_id)
    write_extraction(conn, doc_id, document.text, extraction, version, fresh=True)
    resolver.resolve_document(conn, doc_id)
    merge_document_events(conn, doc_id, resolver.kb)
    return doc_id


def _load_kb(kb_files: list[str]) -> object | None:
    from khabar.kb import KBError, KnowledgeBase

    try:
        return KnowledgeBase.load(kb_files)
    except KBError:
        return None
