"""grade digests: an unchanged re-import of a term's grades is recognised (issue 21)

Revision ID: d21a9e4c7b30
Revises: 5d2b8e4f7a10
Create Date: 2026-12-02 20:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd21a9e4c7b30'
down_revision = "5d2b8e4f7a10"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('core_grade_digest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('last_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['term_id'], ['core_term.id'], name=op.f('fk_core_grade_digest_term_id_core_term'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_grade_digest')),
    sa.UniqueConstraint('term_id', 'digest', name=op.f('uq_core_grade_digest_term_id_digest'))
    )
    with op.batch_alter_table('core_grade_digest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_grade_digest_term_id'), ['term_id'], unique=False)


def downgrade():
    with op.batch_alter_table('core_grade_digest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_grade_digest_term_id'))

    op.drop_table('core_grade_digest')
