"""course teachings (教学任务): who teaches which course to which class in a term

Revision ID: c4d19e7a3b55
Revises: e4b18f0c7a21
Create Date: 2026-12-02 21:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c4d19e7a3b55'
down_revision = "e4b18f0c7a21"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('core_teaching',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('course_code', sa.String(length=40), nullable=False),
    sa.Column('course_name', sa.String(length=200), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['core_class.id'], name=op.f('fk_core_teaching_class_id_core_class'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['teacher_id'], ['core_user.id'], name=op.f('fk_core_teaching_teacher_id_core_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['core_term.id'], name=op.f('fk_core_teaching_term_id_core_term')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_teaching')),
    sa.UniqueConstraint('term_id', 'course_code', 'class_id', 'teacher_id', name=op.f('uq_core_teaching_term_id_course_code_class_id_teacher_id'))
    )
    with op.batch_alter_table('core_teaching', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_teaching_class_id'), ['class_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_core_teaching_teacher_id'), ['teacher_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_core_teaching_term_id'), ['term_id'], unique=False)


def downgrade():
    with op.batch_alter_table('core_teaching', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_teaching_term_id'))
        batch_op.drop_index(batch_op.f('ix_core_teaching_teacher_id'))
        batch_op.drop_index(batch_op.f('ix_core_teaching_class_id'))
    op.drop_table('core_teaching')
