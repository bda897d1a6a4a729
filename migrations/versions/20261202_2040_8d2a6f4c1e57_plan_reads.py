"""the version of a plan each reviewer last read (issue 17)

Revision ID: 8d2a6f4c1e57
Revises: 3f6d0c2b7a91
Create Date: 2026-12-02 20:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8d2a6f4c1e57'
down_revision = '3f6d0c2b7a91'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'plans_read',
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['plan_id'], ['plans_plan.id'],
                                name=op.f('fk_plans_read_plan_id_plans_plan'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['core_user.id'],
                                name=op.f('fk_plans_read_user_id_core_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('plan_id', 'user_id', name=op.f('pk_plans_read')),
    )


def downgrade():
    op.drop_table('plans_read')
