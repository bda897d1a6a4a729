"""grade files: an unchanged grades file is recognised before its rows are read

Revision ID: 8567ec6d4dbd
Revises: b7e2c9d4a613
Create Date: 2026-12-03 04:29:11.363167

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8567ec6d4dbd'
down_revision = 'b7e2c9d4a613'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('core_grade_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('digests', sa.JSON(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('students', sa.LargeBinary(), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_grade_file'))
    )
    with op.batch_alter_table('core_grade_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_grade_file_sha256'), ['sha256'], unique=False)


def downgrade():
    with op.batch_alter_table('core_grade_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_grade_file_sha256'))

    op.drop_table('core_grade_file')
