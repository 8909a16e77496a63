"""Jobs (issue 14): long work (exports...) run by the worker, with progress and result.

Revision ID: 4be7c0a1d93f
Revises: 68a157822022
"""

import sqlalchemy as sa
from alembic import op

revision = "4be7c0a1d93f"
down_revision = "68a157822022"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("need", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("error", sa.String(length=40), nullable=False),
        sa.Column("worker", sa.String(length=80), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("result_name", sa.String(length=255), nullable=False),
        sa.Column("result_type", sa.String(length=120), nullable=False),
        sa.Column("result_size", sa.Integer(), nullable=False),
        sa.Column("result", sa.LargeBinary(), nullable=True),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"], ["process.id"], name=op.f("fk_job_process_id_process"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_job_user_id_user_account"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
    )
    with op.batch_alter_table("job") as batch:
        batch.create_index(batch.f("ix_job_process_id"), ["process_id"], unique=False)
        batch.create_index(batch.f("ix_job_status"), ["status"], unique=False)
        batch.create_index(batch.f("ix_job_user_id"), ["user_id"], unique=False)


def downgrade():
    op.drop_table("job")
