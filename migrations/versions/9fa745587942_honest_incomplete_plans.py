"""Honest, incomplete plans (issue 12): instruments that serve an objective directly,
custom objective codes, month-precision activity dates, assessments that leave impact,
legitimacy and urgency not assessed, and a consultation's aggregate attendance.

Revision ID: 9fa745587942
Revises: c2af1a519f84
"""

import sqlalchemy as sa
from alembic import op

revision = "9fa745587942"
down_revision = "c2af1a519f84"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("objective") as batch:
        batch.add_column(sa.Column("code", sa.String(length=30), server_default="", nullable=False))
    with op.batch_alter_table("instrument") as batch:
        batch.add_column(sa.Column("objective_id", sa.Integer(), nullable=True))
        batch.alter_column("option_id", existing_type=sa.Integer(), nullable=True)
        batch.create_index(batch.f("ix_instrument_objective_id"), ["objective_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_instrument_objective_id_objective"),
            "objective",
            ["objective_id"],
            ["id"],
            ondelete="SET NULL",
        )
    # Existing instruments serve the objective of the option they implement.
    op.execute(
        "UPDATE instrument SET objective_id = (SELECT policy_option.objective_id "
        "FROM policy_option WHERE policy_option.id = instrument.option_id)"
    )
    with op.batch_alter_table("action") as batch:
        batch.add_column(
            sa.Column("start_precision", sa.String(length=5), server_default="day", nullable=False)
        )
        batch.add_column(
            sa.Column("end_precision", sa.String(length=5), server_default="day", nullable=False)
        )
    with op.batch_alter_table("stakeholder_assessment") as batch:
        for name in ("impact", "legitimacy", "urgency"):
            batch.alter_column(name, existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("consultation") as batch:
        for name in ("attendance_women", "attendance_men", "attendance_other"):
            batch.add_column(sa.Column(name, sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("consultation") as batch:
        for name in ("attendance_women", "attendance_men", "attendance_other"):
            batch.drop_column(name)
    op.execute(
        "UPDATE stakeholder_assessment SET impact = COALESCE(impact, 3), "
        "legitimacy = COALESCE(legitimacy, 3), urgency = COALESCE(urgency, 3)"
    )
    with op.batch_alter_table("stakeholder_assessment") as batch:
        for name in ("impact", "legitimacy", "urgency"):
            batch.alter_column(name, existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("action") as batch:
        batch.drop_column("end_precision")
        batch.drop_column("start_precision")
    op.execute("DELETE FROM instrument WHERE option_id IS NULL")
    with op.batch_alter_table("instrument") as batch:
        batch.drop_constraint(batch.f("fk_instrument_objective_id_objective"), type_="foreignkey")
        batch.drop_index(batch.f("ix_instrument_objective_id"))
        batch.alter_column("option_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("objective_id")
    with op.batch_alter_table("objective") as batch:
        batch.drop_column("code")
