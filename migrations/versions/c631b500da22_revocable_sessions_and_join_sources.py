"""revocable sign-in sessions; where and when workshop participants joined

Revision ID: c631b500da22
Revises: d78057b76aa0
Create Date: 2026-12-03 04:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c631b500da22'
down_revision = 'd78057b76aa0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_session_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_session_token_hash'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('workshop_participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('join_source', sa.String(length=16), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('joined_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('workshop_participant', schema=None) as batch_op:
        batch_op.drop_column('joined_at')
        batch_op.drop_column('join_source')
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))
    op.drop_table('user_session')
