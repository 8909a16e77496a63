"""One row counting committed writes (facilitation/change_stamp.py): pages answer a repeat
load with 304 while it has not moved.

Revision ID: a41c7e2d9b06
Revises: f7070a7581e8
"""

import sqlalchemy as sa
from alembic import op

revision = "a41c7e2d9b06"
down_revision = "f7070a7581e8"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "change_stamp",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_stamp")),
    )
    op.bulk_insert(table, [{"id": 1, "value": 0}])


def downgrade():
    op.drop_table("change_stamp")
