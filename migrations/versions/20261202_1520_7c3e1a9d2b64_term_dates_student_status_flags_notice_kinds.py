"""term dates, student status date and reason, key-group flags, notice kinds, college
notice settings

Revision ID: 7c3e1a9d2b64
Revises: 7c3e51a0d2b4
Create Date: 2026-12-02 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c3e1a9d2b64'
down_revision = '7c3e51a0d2b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('core_term', schema=None) as batch_op:
        batch_op.add_column(sa.Column('start_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('end_date', sa.Date(), nullable=True))
    with op.batch_alter_table('core_student', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_since', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('status_reason', sa.Text(), nullable=True))
    op.create_table(
        'core_student_flag',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('student_id', sa.Integer(), nullable=False),
        sa.Column('flag', sa.String(length=20), nullable=False),
        sa.Column('set_by_id', sa.Integer(), nullable=True),
        sa.Column('set_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['set_by_id'], ['core_user.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['student_id'], ['core_student.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('student_id', 'flag'),
    )
    with op.batch_alter_table('core_student_flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_student_flag_student_id'), ['student_id'],
                              unique=False)
    with op.batch_alter_table('warnings_college_setting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('office_phone', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('roster_deadline_days', sa.Integer(), nullable=True))
    with op.batch_alter_table('warnings_notice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=12), server_default='warning',
                                      nullable=False))
        batch_op.drop_index('ix_warnings_notice_run_student')
        batch_op.create_index('ix_warnings_notice_run_student_kind',
                              ['run_id', 'student_id', 'kind'], unique=True)


def downgrade():
    with op.batch_alter_table('warnings_notice', schema=None) as batch_op:
        batch_op.drop_index('ix_warnings_notice_run_student_kind')
        batch_op.create_index('ix_warnings_notice_run_student', ['run_id', 'student_id'],
                              unique=True)
        batch_op.drop_column('kind')
    with op.batch_alter_table('warnings_college_setting', schema=None) as batch_op:
        batch_op.drop_column('roster_deadline_days')
        batch_op.drop_column('office_phone')
    with op.batch_alter_table('core_student_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_student_flag_student_id'))
    op.drop_table('core_student_flag')
    with op.batch_alter_table('core_student', schema=None) as batch_op:
        batch_op.drop_column('status_reason')
        batch_op.drop_column('status_since')
    with op.batch_alter_table('core_term', schema=None) as batch_op:
        batch_op.drop_column('end_date')
        batch_op.drop_column('start_date')
