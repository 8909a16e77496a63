"""process currency and per-year action costs with secured funding

Revision ID: c2af1a519f84
Revises: c631b500da22
Create Date: 2026-12-03 03:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = "c2af1a519f84"
down_revision = "c631b500da22"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("process", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("currency", sa.String(length=3), nullable=False, server_default="")
        )

    op.create_table(
        "action_cost",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("one_off", "recurrent", name="costkind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("secured", sa.Float(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_action_cost_action_id_action"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["process.id"],
            name=op.f("fk_action_cost_process_id_process"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_cost")),
        sa.UniqueConstraint("action_id", "year", "kind", name=op.f("uq_action_cost_action_id")),
    )
    with op.batch_alter_table("action_cost", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_cost_action_id"), ["action_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_action_cost_process_id"), ["process_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("action_cost", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_cost_process_id"))
        batch_op.drop_index(batch_op.f("ix_action_cost_action_id"))
    op.drop_table("action_cost")
    with op.batch_alter_table("process", schema=None) as batch_op:
        batch_op.drop_column("currency")
