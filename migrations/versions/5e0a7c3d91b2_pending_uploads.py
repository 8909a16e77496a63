"""Pending uploads (issue 14, several server processes): a two-step import's file waits
in the database, not in one process's instance folder.

Revision ID: 5e0a7c3d91b2
Revises: 3b7e9c41d2a6
"""

import sqlalchemy as sa
from alembic import op

revision = "5e0a7c3d91b2"
down_revision = "3b7e9c41d2a6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pending_upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["process.id"],
            name=op.f("fk_pending_upload_process_id_process"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_pending_upload_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_upload")),
        sa.UniqueConstraint("token", name=op.f("uq_pending_upload_token")),
    )
    with op.batch_alter_table("pending_upload") as batch:
        batch.create_index(batch.f("ix_pending_upload_expires_at"), ["expires_at"], unique=False)
        batch.create_index(batch.f("ix_pending_upload_process_id"), ["process_id"], unique=False)
        batch.create_index(batch.f("ix_pending_upload_user_id"), ["user_id"], unique=False)


def downgrade():
    op.drop_table("pending_upload")
