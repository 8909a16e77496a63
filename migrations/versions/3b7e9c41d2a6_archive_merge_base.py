"""archive_merge_base: the base a merge moves forward, and the links as imported

Revision ID: 3b7e9c41d2a6
Revises: 72ec04b80c0a
"""

import sqlalchemy as sa
from alembic import op

revision = "3b7e9c41d2a6"
down_revision = "72ec04b80c0a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "archive_merge_base",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("installation", sa.String(length=36), nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("origin", sa.String(length=80), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["process.id"],
            name=op.f("fk_archive_merge_base_process_id_process"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_merge_base")),
        sa.UniqueConstraint(
            "process_id",
            "installation",
            "table_name",
            "origin",
            name="uq_archive_merge_base_row",
        ),
    )


def downgrade():
    op.drop_table("archive_merge_base")
