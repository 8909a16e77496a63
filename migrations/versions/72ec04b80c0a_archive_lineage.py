"""Archive lineage (issue 16 point 3, merge back): this installation's id, and for an
imported process where it came from and each row's origin and fingerprint as imported.

Revision ID: 72ec04b80c0a
Revises: f8b5ad11fe8f
"""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "72ec04b80c0a"
down_revision = "f8b5ad11fe8f"
branch_labels = None
depends_on = None


def upgrade():
    installation = op.create_table(
        "site_installation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("installation_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_installation")),
        sa.UniqueConstraint("installation_id", name=op.f("uq_site_installation_installation_id")),
    )
    # This installation's id, made once (archive/models.py makes it the same way).
    op.bulk_insert(
        installation,
        [{"installation_id": str(uuid.uuid4()), "created_at": datetime.now(UTC).replace(tzinfo=None)}],
    )
    op.create_table(
        "archive_lineage",
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("source_installation", sa.String(length=36), nullable=False),
        sa.Column("source_process_id", sa.Integer(), nullable=False),
        sa.Column("source_exported_at", sa.String(length=40), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["process.id"],
            name=op.f("fk_archive_lineage_process_id_process"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("process_id", name=op.f("pk_archive_lineage")),
    )
    op.create_table(
        "archive_origin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("local_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=80), nullable=False),
        sa.Column("base_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["process.id"],
            name=op.f("fk_archive_origin_process_id_process"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_origin")),
        sa.UniqueConstraint(
            "process_id", "table_name", "local_id", name="uq_archive_origin_row"
        ),
    )
    op.create_index(
        "ix_archive_origin_origin", "archive_origin", ["process_id", "table_name", "origin"]
    )


def downgrade():
    op.drop_index("ix_archive_origin_origin", table_name="archive_origin")
    op.drop_table("archive_origin")
    op.drop_table("archive_lineage")
    op.drop_table("site_installation")
