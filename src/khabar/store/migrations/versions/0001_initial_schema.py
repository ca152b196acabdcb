"""Initial schema: documents, statements, clusters, decisions, full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 14:11:25.885624
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
)
POSTGRES_FTS = (
    "ALTER TABLE documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', left(coalesce(title, '') || ' ' || text, 500000))) STORED",
    "CREATE INDEX ix_documents_tsv ON documents USING gin (tsv)",
)


def _full_text(create: bool) -> None:
    """Full-text search per dialect: SQLite FTS5 (external content + triggers), PostgreSQL tsvector."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        if create:
            for sql in SQLITE_FTS:
                op.execute(sql)
        else:
            for name in ("documents_fts_ai", "documents_fts_ad", "documents_fts_au"):
                op.execute(f"DROP TRIGGER IF EXISTS {name}")
            op.execute("DROP TABLE IF EXISTS documents_fts")
    elif dialect == "postgresql":
        if create:
            for sql in POSTGRES_FTS:
                op.execute(sql)
        else:
            op.execute("DROP INDEX IF EXISTS ix_documents_tsv")
            op.execute("ALTER TABLE documents DROP COLUMN IF EXISTS tsv")


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("other_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_other_id"), ["other_id"], unique=False)

    op.create_table(
        "entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("kb_id", sa.String(length=120), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("name_locked", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["merged_into"], ["entities.id"], name=op.f("fk_entities_merged_into_entities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entities")),
    )
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entities_kb_id"), ["kb_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_entities_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_entities_type"), ["type"], unique=False)

    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("extractor_version", sa.String(length=80), nullable=True),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("duplicate", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_runs")),
    )
    op.create_table(
        "separations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_a", sa.Integer(), nullable=False),
        sa.Column("entity_b", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_separations")),
        sa.UniqueConstraint("entity_a", "entity_b", name="uq_separations_pair"),
    )
    with op.batch_alter_table("separations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_separations_entity_a"), ["entity_a"], unique=False)
        batch_op.create_index(batch_op.f("ix_separations_entity_b"), ["entity_b"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("published_source", sa.String(length=16), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("n_chars", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("duplicate_of", sa.Integer(), nullable=True),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("minhash", sa.LargeBinary(), nullable=True),
        sa.Column("extractor_version", sa.String(length=80), nullable=True),
        sa.Column("extracted_at", sa.DateTime(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["duplicate_of"], ["documents.id"], name=op.f("fk_documents_duplicate_of_documents")),
        sa.ForeignKeyConstraint(["run_id"], ["ingest_runs.id"], name=op.f("fk_documents_run_id_ingest_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_documents_content_hash")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_duplicate_of"), ["duplicate_of"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_status"), ["status"], unique=False)

    op.create_table(
        "entity_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("last_key", sa.String(length=80), nullable=False),
        sa.Column("n_words", sa.Integer(), nullable=False),
        sa.Column("derived", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_entity_names_entity_id_entities"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_names")),
        sa.UniqueConstraint("entity_id", "key", "name", name="uq_entity_names_entry"),
    )
    with op.batch_alter_table("entity_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entity_names_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_entity_names_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_entity_names_last_key"), ["last_key"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column("place_entity_id", sa.Integer(), nullable=True),
        sa.Column("location_name", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["place_entity_id"], ["entities.id"], name=op.f("fk_events_place_entity_id_entities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_type"), ["type"], unique=False)

    op.create_table(
        "failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("locator", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["ingest_runs.id"], name=op.f("fk_failures_run_id_ingest_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failures")),
    )
    with op.batch_alter_table("failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_failures_run_id"), ["run_id"], unique=False)

    op.create_table(
        "doc_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("kb_id", sa.String(length=120), nullable=True),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_doc_entities_document_id_documents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name=op.f("fk_doc_entities_entity_id_entities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doc_entities")),
    )
    with op.batch_alter_table("doc_entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_doc_entities_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_doc_entities_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_doc_entities_key"), ["key"], unique=False)

    op.create_table(
        "document_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("locator", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("feed", sa.Text(), nullable=True),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_sources_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["run_id"], ["ingest_runs.id"], name=op.f("fk_document_sources_run_id_ingest_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_sources")),
        sa.UniqueConstraint("locator", "document_id", name="uq_document_sources_locator_doc"),
    )
    with op.batch_alter_table("document_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_sources_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_sources_locator"), ["locator"], unique=False)

    op.create_table(
        "pins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_pins_document_id_documents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name=op.f("fk_pins_entity_id_entities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pins")),
        sa.UniqueConstraint("document_id", "key", name="uq_pins_document_key"),
    )
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("sentence", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("extractor_version", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_statements_document_id_documents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_statements_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
    )
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statements_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_statements_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_statements_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_statements_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_statements_label"), ["label"], unique=False)

    op.create_table(
        "doc_entity_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_entity_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("last_key", sa.String(length=80), nullable=False),
        sa.Column("n_words", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("derived", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_entity_id"],
            ["doc_entities.id"],
            name=op.f("fk_doc_entity_names_doc_entity_id_doc_entities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doc_entity_names")),
    )
    with op.batch_alter_table("doc_entity_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_doc_entity_names_doc_entity_id"), ["doc_entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_doc_entity_names_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_doc_entity_names_last_key"), ["last_key"], unique=False)

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("doc_entity_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_entity_id"],
            ["doc_entities.id"],
            name=op.f("fk_mentions_doc_entity_id_doc_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_mentions_document_id_documents"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
    )
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentions_doc_entity_id"), ["doc_entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentions_document_id"), ["document_id"], unique=False)

    op.create_table(
        "statement_args",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("doc_entity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_entity_id"],
            ["doc_entities.id"],
            name=op.f("fk_statement_args_doc_entity_id_doc_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name=op.f("fk_statement_args_statement_id_statements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_args")),
    )
    with op.batch_alter_table("statement_args", schema=None) as batch_op:
        batch_op.create_index("ix_statement_args_role_de", ["doc_entity_id", "role"], unique=False)
        batch_op.create_index(batch_op.f("ix_statement_args_statement_id"), ["statement_id"], unique=False)
    _full_text(create=True)


def downgrade() -> None:
    _full_text(create=False)
    with op.batch_alter_table("statement_args", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_args_statement_id"))
        batch_op.drop_index("ix_statement_args_role_de")

    op.drop_table("statement_args")
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentions_document_id"))
        batch_op.drop_index(batch_op.f("ix_mentions_doc_entity_id"))

    op.drop_table("mentions")
    with op.batch_alter_table("doc_entity_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_doc_entity_names_last_key"))
        batch_op.drop_index(batch_op.f("ix_doc_entity_names_key"))
        batch_op.drop_index(batch_op.f("ix_doc_entity_names_doc_entity_id"))

    op.drop_table("doc_entity_names")
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statements_label"))
        batch_op.drop_index(batch_op.f("ix_statements_kind"))
        batch_op.drop_index(batch_op.f("ix_statements_event_id"))
        batch_op.drop_index(batch_op.f("ix_statements_document_id"))
        batch_op.drop_index(batch_op.f("ix_statements_date"))

    op.drop_table("statements")
    op.drop_table("pins")
    with op.batch_alter_table("document_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_sources_locator"))
        batch_op.drop_index(batch_op.f("ix_document_sources_document_id"))

    op.drop_table("document_sources")
    with op.batch_alter_table("doc_entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_doc_entities_key"))
        batch_op.drop_index(batch_op.f("ix_doc_entities_entity_id"))
        batch_op.drop_index(batch_op.f("ix_doc_entities_document_id"))

    op.drop_table("doc_entities")
    with op.batch_alter_table("failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_failures_run_id"))

    op.drop_table("failures")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_type"))
        batch_op.drop_index(batch_op.f("ix_events_date"))

    op.drop_table("events")
    with op.batch_alter_table("entity_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entity_names_last_key"))
        batch_op.drop_index(batch_op.f("ix_entity_names_key"))
        batch_op.drop_index(batch_op.f("ix_entity_names_entity_id"))

    op.drop_table("entity_names")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_status"))
        batch_op.drop_index(batch_op.f("ix_documents_published"))
        batch_op.drop_index(batch_op.f("ix_documents_duplicate_of"))

    op.drop_table("documents")
    with op.batch_alter_table("separations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_separations_entity_b"))
        batch_op.drop_index(batch_op.f("ix_separations_entity_a"))

    op.drop_table("separations")
    op.drop_table("ingest_runs")
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entities_type"))
        batch_op.drop_index(batch_op.f("ix_entities_status"))
        batch_op.drop_index(batch_op.f("ix_entities_kb_id"))

    op.drop_table("entities")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_other_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_kind"))
        batch_op.drop_index(batch_op.f("ix_decisions_event_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_entity_id"))

    op.drop_table("decisions")
