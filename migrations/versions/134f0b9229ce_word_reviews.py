"""Word reviews of a draft (issue 17): returned review copies, their suggested changes, and
the review a comment was imported from.

Revision ID: 134f0b9229ce
Revises: 5e0c1a7b9d24
"""

import sqlalchemy as sa
from alembic import op

revision = "134f0b9229ce"
down_revision = "5e0c1a7b9d24"
branch_labels = None
depends_on = None


def _audited() -> list:
    return [
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade():
    op.create_table(
        "draft_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("reviewer", sa.String(length=120), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.Column("comment_count", sa.Integer(), nullable=False),
        sa.Column("suggestion_count", sa.Integer(), nullable=False),
        sa.Column("unmatched", sa.Text(), nullable=False),
        *_audited(),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_draft_review_consultation_id_consultation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["draft.id"], name=op.f("fk_draft_review_draft_id_draft"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["imported_by_id"],
            ["user_account.id"],
            name=op.f("fk_draft_review_imported_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_draft_review_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["process.id"],
            name=op.f("fk_draft_review_process_id_process"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["draft_version.id"],
            name=op.f("fk_draft_review_version_id_draft_version"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_review")),
    )
    with op.batch_alter_table("draft_review") as batch:
        batch.create_index(batch.f("ix_draft_review_draft_id"), ["draft_id"], unique=False)
        batch.create_index(batch.f("ix_draft_review_process_id"), ["process_id"], unique=False)

    op.create_table(
        "draft_suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("input_id", sa.Integer(), nullable=True),
        sa.Column("section_key", sa.String(length=40), nullable=False),
        sa.Column("section_title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("old_text", sa.Text(), nullable=False),
        sa.Column("new_text", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("new_paragraph", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        *_audited(),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_draft_suggestion_decided_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["draft.id"],
            name=op.f("fk_draft_suggestion_draft_id_draft"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["input_id"],
            ["consultation_input.id"],
            name=op.f("fk_draft_suggestion_input_id_consultation_input"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["process.id"],
            name=op.f("fk_draft_suggestion_process_id_process"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["draft_review.id"],
            name=op.f("fk_draft_suggestion_review_id_draft_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_suggestion")),
    )
    with op.batch_alter_table("draft_suggestion") as batch:
        batch.create_index(batch.f("ix_draft_suggestion_draft_id"), ["draft_id"], unique=False)
        batch.create_index(batch.f("ix_draft_suggestion_process_id"), ["process_id"], unique=False)
        batch.create_index(batch.f("ix_draft_suggestion_review_id"), ["review_id"], unique=False)
    with op.batch_alter_table("draft_comment") as batch:
        batch.add_column(sa.Column("review_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_draft_comment_review_id_draft_review"),
            "draft_review",
            ["review_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("draft_comment") as batch:
        batch.drop_constraint("fk_draft_comment_review_id_draft_review", type_="foreignkey")
        batch.drop_column("review_id")
    op.drop_table("draft_suggestion")
    op.drop_table("draft_review")
