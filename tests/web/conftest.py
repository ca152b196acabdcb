"""Fixtures of the web app's tests: one real SQLite corpus per session, built by ingesting the sample
articles (``examples/articles``) and the web test articles (``tests/data/web``, among them a fictional
article full of script payloads) with the real extraction pipeline, plus a few hand-built documents
(entities whose very names are payloads, and two fictional militias to merge and unmerge)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_web import CHROMIUM_ARGS, EXAMPLES, WEB_DATA, copy_db, hand_built


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, extractor) -> Path:
    """The path of a SQLite store holding the whole web test corpus (built once per session)."""
    from khabar.ingest import Ingestor
    from khabar.store import Store

    path = tmp_path_factory.mktemp("web-corpus") / "corpus.db"
    store = Store.open(f"sqlite:///{path}")
    try:
        report = Ingestor(store, extractor_factory=lambda: extractor).run([str(EXAMPLES), str(WEB_DATA)])
        assert report.count("failed") == 0, report.to_dict()
        hand_built(store)
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def corpus_url(corpus_db: Path) -> str:
    return f"sqlite:///{corpus_db}"


@pytest.fixture
def writable_url(corpus_db: Path, tmp_path: Path) -> str:
    """A private copy of the corpus for a test that writes."""
    return copy_db(corpus_db, tmp_path)


@pytest.fixture(scope="session")
def app(corpus_url: str, extractor):
    """The app over the shared corpus: tests using it must not write."""
    from khabar.web import create_app

    return create_app(corpus_url, extractor_factory=lambda: extractor)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


def _no_browser(reason: str) -> None:
    if os.environ.get("KHABAR_REQUIRE_BROWSER"):
        pytest.fail(f"KHABAR_REQUIRE_BROWSER is set but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium driven by Playwright; skipped (visibly) when either is missing, unless
    ``KHABAR_REQUIRE_BROWSER`` is set (as in CI), where that is a failure."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        _no_browser("no chromium on PATH (apt-get install chromium); .ci/run installs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    """A fresh browser page that records dialogs, page errors and failed requests."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.errors = []  # type: ignore[attr-defined]

    def on_dialog(d) -> None:
        pg.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.set_default_timeout(15000)
    yield pg
    ctx.close()
