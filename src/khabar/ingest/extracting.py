"""Running the extractor, in this process or in a pool of worker processes.

Each worker builds one :class:`~khabar.extract.pipeline.Extractor` when it starts. A document the
extractor fails on is returned as an error string, so one bad article never sinks its batch.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from importlib import resources
from pathlib import Path

from khabar import __version__
from khabar.model import Document, Extraction

Result = Extraction | str
_WORKER_EXTRACTOR = None


@lru_cache(maxsize=8)
def _fingerprint(kb_files: tuple[str, ...]) -> str:
    h = hashlib.sha1()
    root = Path(str(resources.files("khabar")))
    files = sorted(
        [
            *root.joinpath("extract").rglob("*.py"),
            *root.joinpath("extract").rglob("*.yaml"),
            *root.joinpath("kb").rglob("*.py"),
            *root.joinpath("kb").rglob("*.yaml"),
            *root.joinpath("kb").rglob("*.csv"),
            root / "normalize.py",
            root / "model.py",
        ]
    )
    for f in [*files, *(Path(p) for p in kb_files)]:
        try:
            h.update(f.name.encode())
            h.update(f.read_bytes())
        except OSError:
            continue
    return h.hexdigest()[:10]


def extractor_version(kb_files: Sequence[str | Path] = ()) -> str:
    """The package version plus a fingerprint of the extractor's code and knowledge files: it changes
    whenever re-extraction could give a different result (``khabar reprocess`` looks for it)."""
    return f"{__version__}+{_fingerprint(tuple(str(p) for p in kb_files))}"


def extract_batch(extractor, documents: list[Document]) -> list[Result]:
    try:
        return list(extractor.extract_many(documents))
    except Exception:
        out: list[Result] = []
        for doc in documents:
            try:
                out.append(extractor.extract(doc))
            except Exception as exc:
                out.append(f"extraction failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        return out


def _init_worker(kb_files: list[str]) -> None:
    global _WORKER_EXTRACTOR
    from khabar.extract.pipeline import Extractor

    _WORKER_EXTRACTOR = Extractor(kb_files=kb_files)


def _work(documents: list[Document]) -> list[Result]:
    return extract_batch(_WORKER_EXTRACTOR, documents)


class ExtractionPool:
    """``submit(documents) -> Future`` over ``workers`` processes, or synchronously in this one."""

    def __init__(
        self,
        kb_files: Sequence[str | Path] = (),
        workers: int = 1,
        extractor_factory: Callable[[], object] | None = None,
    ) -> None:
        self.kb_files = [str(p) for p in kb_files]
        self.workers = max(1, workers)
        self._factory = extractor_factory
        self._extractor = None
        self._pool: ProcessPoolExecutor | None = None

    def _local(self):
        if self._extractor is None:
            if self._factory is not None:
                self._extractor = self._factory()
            else:
                from khabar.extract.pipeline import Extractor

                self._extractor = Extractor(kb_files=self.kb_files)
        return self._extractor

    def submit(self, documents: list[Document]) -> Future:
        if self.workers == 1:
            fut: Future = Future()
            fut.set_result(extract_batch(self._local(), documents))
            return fut
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.kb_files,),
            )
        return self._pool.submit(_work, documents)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
