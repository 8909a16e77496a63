"""Sign-off of draft sections by the core institutions, and the reservations register
(issue 17).

Revision ID: 68a157822022
Revises: 134f0b9229ce
"""

import sqlalchemy as sa
from alembic import op

revision = "68a157822022"
down_revision = "134f0b9229ce"
branch_labels = None
depends_on = None


def _enum(*values, name):
    return sa.Enum(*values, name=name, native_enum=False, length=40)


def upgrade():
    op.create_table(
        "section_signoff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("section_key", sa.String(length=200), nullable=False),
        sa.Column("section_title", sa.String(length=200), nullable=False),
        sa.Column("section_position", sa.Integer(), nullable=False),
        sa.Column("section_text", sa.Text(), nullable=False),
        sa.Column("section_hash", sa.String(length=64), nullable=False),
        sa.Column("stance", _enum("agree", "reservation", "object", name="stance"), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("proposed_wording", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("acting_for", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            _enum(
                "open",
                "resolved_by_change",
                "withdrawn",
                "overruled",
                name="reservationstatus",
            ),
            nullable=True,
        ),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.Column("decision_reference", sa.String(length=200), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["draft.id"],
            name=op.f("fk_section_signoff_draft_id_draft"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_section_signoff_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_section_signoff_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["user_account.id"],
            name=op.f("fk_section_signoff_resolved_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["process.id"],
            name=op.f("fk_section_signoff_process_id_process"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_section_signoff")),
    )
    with op.batch_alter_table("section_signoff") as batch:
        batch.create_index("ix_section_signoff_draft_key", ["draft_id", "section_key"])
        batch.create_index(batch.f("ix_section_signoff_draft_id"), ["draft_id"])
        batch.create_index(batch.f("ix_section_signoff_organisation_id"), ["organisation_id"])
        batch.create_index(batch.f("ix_section_signoff_process_id"), ["process_id"])


def downgrade():
    op.drop_table("section_signoff")
