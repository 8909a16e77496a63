"""The workshop's join address chosen on the console, and whether the projector shows
its join bar (issue 15).

Revision ID: 5e0c1a7b9d24
Revises: 9fa745587942
"""

import sqlalchemy as sa
from alembic import op

revision = "5e0c1a7b9d24"
down_revision = "9fa745587942"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(
            sa.Column("join_base", sa.String(length=200), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("show_join_bar", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("show_join_bar")
        batch.drop_column("join_base")
