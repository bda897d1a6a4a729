"""long jobs on a queue: task, step, percent, attempts, claim, params on core_import_job

Revision ID: 5d2b8e4f7a10
Revises: c4d19e7a3b55
Create Date: 2026-12-02 20:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d2b8e4f7a10'
down_revision = "c4d19e7a3b55"
branch_labels = None
depends_on = None

JOB = sa.table('core_import_job', sa.column('status', sa.String), sa.column('step', sa.String))


def upgrade():
    with op.batch_alter_table('core_import_job') as batch:
        batch.add_column(sa.Column('task', sa.String(40), nullable=False,
                                   server_default='import'))
        batch.add_column(sa.Column('step', sa.String(40), nullable=True))
        batch.add_column(sa.Column('percent', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('claim', sa.String(32), nullable=True))
        batch.add_column(sa.Column('params', sa.JSON(), nullable=True))
    # The step used to be the status: a job "reading" or "writing" is running that step.
    for step in ('reading', 'writing'):
        op.execute(JOB.update().where(JOB.c.status == step).values(status='running', step=step))


def downgrade():
    op.execute(JOB.update().where(JOB.c.status == 'running').values(status='reading'))
    with op.batch_alter_table('core_import_job') as batch:
        for name in ('params', 'claim', 'attempts', 'percent', 'step', 'task'):
            batch.drop_column(name)
