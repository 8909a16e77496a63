"""Job files in a folder beside a SQLite database (facilitation/jobs/results.py): the job
row names its file.

Revision ID: f7070a7581e8
Revises: 5e0a7c3d91b2
"""

import sqlalchemy as sa
from alembic import op

revision = "f7070a7581e8"
down_revision = "5e0a7c3d91b2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("result_file", sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table("job") as batch:
        batch.drop_column("result_file")
