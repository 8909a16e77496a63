"""Search across a process (issue 15): the full-text index and its backfill.

SQLite: an FTS5 virtual table; PostgreSQL: a table with a tsvector under a GIN index (and
the unaccent extension when the server has it). Both are written by
facilitation.search.engine, which the app uses too, so the index has one definition.

Revision ID: f8b5ad11fe8f
Revises: 89a115fc56da
"""

from alembic import op

revision = "f8b5ad11fe8f"
down_revision = "89a115fc56da"
branch_labels = None
depends_on = None


def upgrade():
    from facilitation.search import engine, indexing

    conn = op.get_bind()
    engine.create_schema(conn)
    indexing.reindex_process(conn)  # every process's existing artefacts and drafts


def downgrade():
    from facilitation.search import engine

    engine.drop_schema(op.get_bind())
