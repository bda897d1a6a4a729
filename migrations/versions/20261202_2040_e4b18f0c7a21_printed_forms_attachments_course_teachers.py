"""printed forms: talk feedback, parents contacted, referral, counselor's opinion; scans of
signed forms (core_attachment); the course teacher of a grade record

Revision ID: e4b18f0c7a21
Revises: 3f5d8c21b7e4
Create Date: 2026-12-02 20:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b18f0c7a21'
down_revision = "3f5d8c21b7e4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('talks_talk', schema=None) as batch_op:
        batch_op.add_column(sa.Column('student_feedback', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('parents_contacted', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('referred', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('counselor_opinion', sa.Text(), nullable=True))
    with op.batch_alter_table('core_grade_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('teacher', sa.String(length=100), nullable=True))
    op.create_table('core_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('permission', sa.String(length=60), nullable=False),
    sa.Column('filename', sa.String(length=120), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['student_id'], ['core_student.id'],
                            name=op.f('fk_core_attachment_student_id_core_student'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['core_user.id'],
                            name=op.f('fk_core_attachment_uploaded_by_id_core_user'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_attachment'))
    )
    with op.batch_alter_table('core_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_attachment_student_id'), ['student_id'],
                              unique=False)
        batch_op.create_index('ix_core_attachment_record', ['kind', 'record_id'], unique=False)


def downgrade():
    with op.batch_alter_table('core_attachment', schema=None) as batch_op:
        batch_op.drop_index('ix_core_attachment_record')
        batch_op.drop_index(batch_op.f('ix_core_attachment_student_id'))
    op.drop_table('core_attachment')
    with op.batch_alter_table('core_grade_record', schema=None) as batch_op:
        batch_op.drop_column('teacher')
    with op.batch_alter_table('talks_talk', schema=None) as batch_op:
        batch_op.drop_column('counselor_opinion')
        batch_op.drop_column('referred')
        batch_op.drop_column('parents_contacted')
        batch_op.drop_column('student_feedback')

