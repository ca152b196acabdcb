"""Alembic environment: run programmatically by :func:`khabar.store.engine.upgrade` with a connection."""

from __future__ import annotations

from alembic import context

from khabar.store.schema import Base

FTS_OBJECTS = {
    "documents_fts",
    "documents_fts_data",
    "documents_fts_idx",
    "documents_fts_docsize",
    "documents_fts_config",
    "documents_fts_content",
    "tsv",
}


def include_object(obj, name, type_, reflected, compare_to):
    """Leave the full-text objects (created by raw SQL per dialect) out of autogenerate."""
    return name not in FTS_OBJECTS and not (type_ == "index" and name and name.startswith("ix_documents_tsv"))


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("khabar migrations run with a connection: use `khabar db upgrade`")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
