"""staff office / contact, and a phone its owner chose to show (issue 17)

Revision ID: 3f6d0c2b7a91
Revises: d21a9e4c7b30
Create Date: 2026-12-02 20:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f6d0c2b7a91'
down_revision = "d21a9e4c7b30"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('core_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('office', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=205), nullable=True))
        batch_op.add_column(sa.Column('show_phone', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('core_user', schema=None) as batch_op:
        batch_op.drop_column('show_phone')
        batch_op.drop_column('phone')
        batch_op.drop_column('office')
