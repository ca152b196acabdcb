"""The :class:`Store` handle: an engine with the schema at its latest revision."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

from khabar.store import engine as _engine


def default_url() -> str:
    """``KHABAR_DATABASE_URL``, the config file's ``database_url``, or ``<data_dir>/khabar.db``."""
    from khabar.config import load_settings

    return load_settings().database_url


class Store:
    """A database holding a Khabar corpus (SQLite file or PostgreSQL)."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> Store:
        """Open (creating if needed) the store at ``url``; bring its schema up to date unless told not to."""
        url = _engine.normalise_url(url or default_url())
        eng = _engine.make_engine(url)
        _engine.ping(eng)
        if migrate:
            _engine.upgrade(eng)
        elif not _engine.has_tables(eng):
            raise _engine.StoreError("the database has no Khabar schema yet; run `khabar db upgrade`")
        return cls(eng, url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def display_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back on any exception."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def analyze(self) -> None:
        """Refresh the query planner's statistics (worth doing as a bulk load grows the tables)."""
        from sqlalchemy import text

        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
            if self.dialect == "sqlite":
                conn.execute(text("PRAGMA optimize"))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
