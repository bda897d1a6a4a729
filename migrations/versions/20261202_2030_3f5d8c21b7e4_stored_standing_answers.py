"""stored standing answers: the review's cohort, shared by every app host

Revision ID: 3f5d8c21b7e4
Revises: 9e4c2b7d1a05
Create Date: 2026-12-02 20:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3f5d8c21b7e4'
down_revision = "9e4c2b7d1a05"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'warnings_stored_answer',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('payload', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_warnings_stored_answer')),
    )
    with op.batch_alter_table('warnings_stored_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_warnings_stored_answer_fingerprint'),
                              ['fingerprint'], unique=False)


def downgrade():
    with op.batch_alter_table('warnings_stored_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_warnings_stored_answer_fingerprint'))
    op.drop_table('warnings_stored_answer')
