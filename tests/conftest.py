"""Shared fixtures: one spaCy extractor per session, real SQLite stores in tmp_path, real PostgreSQL
stores in a schema of their own (``KHABAR_TEST_POSTGRES_URL``, default the local server)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REPO = Path(__file__).resolve().parents[1]
SHARED_DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
CORPUS = Path(__file__).resolve().parent / "data" / "corpus"


@pytest.fixture(scope="session")
def extractor():
    """The real extraction pipeline, built once per test session (loading spaCy takes seconds)."""
    from khabar.extract.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def kb():
    from khabar.kb import KnowledgeBase

    return KnowledgeBase.load()


# -- stores ------------------------------------------------------------------------------------------
@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'corpus.db'}"


@pytest.fixture
def sqlite_store(sqlite_url: str):
    from khabar.store import Store

    store = Store.open(sqlite_url)
    yield store
    store.close()


def _pg_base_url() -> str:
    return os.environ.get("KHABAR_TEST_POSTGRES_URL") or DEFAULT_PG


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The PostgreSQL URL to test against; skipped (visibly) only when no server answers and
    ``KHABAR_REQUIRE_POSTGRES`` is unset, a failure when it is set (as in CI)."""
    import sqlalchemy as sa

    url = _pg_base_url()
    try:
        eng = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with eng.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        eng.dispose()
    except Exception as exc:  # any failure to connect
        reason = f"no PostgreSQL server answers at {url} ({type(exc).__name__}); set KHABAR_TEST_POSTGRES_URL"
        if os.environ.get("KHABAR_REQUIRE_POSTGRES"):
            pytest.fail(f"KHABAR_REQUIRE_POSTGRES is set but {reason}")
        pytest.skip(reason)
    return url


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped after the test."""
    import sqlalchemy as sa

    schema = f"khabar_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    eng = sa.create_engine(pg_server)
    with eng.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in pg_server else "?"
    try:
        yield f"{pg_server}{sep}options=-csearch_path%3D{schema}"
    finally:
        with eng.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        eng.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request: pytest.FixtureRequest) -> str:
    """Each test using it runs on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(any_url: str):
    from khabar.store import Store

    s = Store.open(any_url)
    yield s
    s.close()
