"""version on pairings

Revision ID: 5b1e7c9a2f40
Revises: d51004902abb
Create Date: 2026-11-29 08:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e7c9a2f40'
down_revision = 'd51004902abb'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('peer_pairing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('peer_pairing', schema=None) as batch_op:
        batch_op.drop_column('version')
