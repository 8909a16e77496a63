"""The activity record keeps each event's parameters as data (issue 12), so it is written
in the reader's language when shown, not in the language of whoever made the change.

Revision ID: 89a115fc56da
Revises: 4be7c0a1d93f
"""

import sqlalchemy as sa
from alembic import op

revision = "89a115fc56da"
down_revision = "4be7c0a1d93f"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(sa.Column("params", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("params")
