"""stored files in the database

Revision ID: 7c3e51a0d2b4
Revises: 5b1e7c9a2f40
Create Date: 2026-12-02 15:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c3e51a0d2b4'
down_revision = '5b1e7c9a2f40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('core_stored_file',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_stored_file'))
    )
    with op.batch_alter_table('core_stored_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_stored_file_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('core_stored_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_stored_file_created_at'))

    op.drop_table('core_stored_file')
