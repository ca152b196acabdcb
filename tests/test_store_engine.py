"""Opening stores: URLs, SQLite WAL, migrations run on open and matching the models, PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from khabar.store import Store, StoreError, normalise_url
from khabar.store.engine import current_revision, head_revision, upgrade
from khabar.store.schema import Base


def test_normalise_url(tmp_path: Path) -> None:
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    with pytest.raises(StoreError):
        normalise_url("  ")


def test_sqlite_store_is_created_in_wal_mode_at_head(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / "khabar.db"
    store = Store.open(str(path))
    assert path.exists()
    with store.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
    assert current_revision(store.engine) == head_revision()
    store.close()
    # opening again is a no-op migration
    Store.open(str(path)).close()


def test_migrations_match_the_models(any_url: str) -> None:
    store = Store.open(any_url)
    with store.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False, "include_object": _not_fts})
        diff = compare_metadata(ctx, Base.metadata)
    store.close()
    assert diff == []


def _not_fts(obj, name, type_, reflected, compare_to) -> bool:
    return not (name or "").startswith(("documents_fts", "ix_documents_tsv")) and name != "tsv"


def test_downgrade_and_upgrade_again(sqlite_url: str) -> None:
    from alembic import command

    from khabar.store.engine import _alembic_config

    store = Store.open(sqlite_url)
    cfg = _alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert not sa.inspect(store.engine).has_table("documents")
    upgrade(store.engine)
    assert sa.inspect(store.engine).has_table("documents")
    store.close()


def test_unreachable_and_unsupported_databases_are_clear_errors() -> None:
    with pytest.raises(StoreError, match="cannot reach"):
        Store.open("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(StoreError, match="unsupported"):
        Store.open("mysql://u@h/db")


def test_open_without_migrating_refuses_an_empty_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no Khabar schema"):
        Store.open(str(tmp_path / "empty.db"), migrate=False)


@pytest.mark.postgres
def test_postgres_store_has_tsvector(pg_url: str) -> None:
    store = Store.open(pg_url)
    assert store.dialect == "postgresql"
    with store.connect() as conn:
        cols = {c["name"] for c in sa.inspect(conn).get_columns("documents")}
    assert "tsv" in cols
    store.close()
