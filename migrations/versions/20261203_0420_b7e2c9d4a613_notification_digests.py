"""notification digests: a notification gathered into a day's digest (issue 20)

Revision ID: b7e2c9d4a613
Revises: 8d2a6f4c1e57
Create Date: 2026-12-03 04:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2c9d4a613'
down_revision = '8d2a6f4c1e57'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('core_notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_core_notification_digest_id'), ['digest_id'],
                              unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_core_notification_digest_id_core_notification'),
            'core_notification', ['digest_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('core_notification', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_core_notification_digest_id_core_notification'),
            type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_core_notification_digest_id'))
        batch_op.drop_column('digest_id')
