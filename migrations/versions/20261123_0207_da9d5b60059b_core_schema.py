"""core schema

Revision ID: da9d5b60059b
Revises: 
Create Date: 2026-11-23 02:07:21.463895

"""
from alembic import op
import sqlalchemy as sa

# A copy, not an import: a migration must not change when the models do.
APPEND_ONLY_DDL = {
    "sqlite": [
        "CREATE TRIGGER core_audit_no_update BEFORE UPDATE ON core_audit "
        "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END",
        "CREATE TRIGGER core_audit_no_delete BEFORE DELETE ON core_audit "
        "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION core_audit_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit rows are append-only'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER core_audit_append_only BEFORE UPDATE OR DELETE ON core_audit "
        "FOR EACH ROW EXECUTE FUNCTION core_audit_append_only()",
    ],
}


# revision identifiers, used by Alembic.
revision = 'da9d5b60059b'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('core_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=40), nullable=True),
    sa.Column('roles', sa.String(length=120), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=60), nullable=True),
    sa.Column('object_id', sa.String(length=40), nullable=True),
    sa.Column('student_id', sa.Integer(), nullable=True),
    sa.Column('fields', sa.String(length=500), nullable=True),
    sa.Column('detail', sa.String(length=500), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('request_id', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_audit'))
    )
    with op.batch_alter_table('core_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_audit_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_core_audit_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_core_audit_object_type'), ['object_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_core_audit_student_id'), ['student_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_core_audit_user_id'), ['user_id'], unique=False)

    op.create_table('core_college',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_college')),
    sa.UniqueConstraint('name', name=op.f('uq_core_college_name'))
    )
    op.create_table('core_login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_login_failure'))
    )
    with op.batch_alter_table('core_login_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_login_failure_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_core_login_failure_key'), ['key'], unique=False)

    op.create_table('core_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=11), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_term')),
    sa.UniqueConstraint('code', name=op.f('uq_core_term_code')),
    sa.UniqueConstraint('start_year', 'n', name=op.f('uq_core_term_start_year_n'))
    )
    op.create_table('core_major',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('college_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['college_id'], ['core_college.id'], name=op.f('fk_core_major_college_id_core_college')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_major')),
    sa.UniqueConstraint('college_id', 'name', name=op.f('uq_core_major_college_id_name'))
    )
    with op.batch_alter_table('core_major', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_major_college_id'), ['college_id'], unique=False)

    op.create_table('core_class',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('major_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('grade_year', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['major_id'], ['core_major.id'], name=op.f('fk_core_class_major_id_core_major')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_class')),
    sa.UniqueConstraint('major_id', 'name', name=op.f('uq_core_class_major_id_name'))
    )
    with op.batch_alter_table('core_class', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_class_major_id'), ['major_id'], unique=False)

    op.create_table('core_student',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_no', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('gender', sa.String(length=10), nullable=True),
    sa.Column('grade_year', sa.Integer(), nullable=True),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('major_id', sa.Integer(), nullable=False),
    sa.Column('college_id', sa.Integer(), nullable=False),
    sa.Column('native_place', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('family_situation', sa.Text(), nullable=True),
    sa.Column('extended_study', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['core_class.id'], name=op.f('fk_core_student_class_id_core_class')),
    sa.ForeignKeyConstraint(['college_id'], ['core_college.id'], name=op.f('fk_core_student_college_id_core_college')),
    sa.ForeignKeyConstraint(['major_id'], ['core_major.id'], name=op.f('fk_core_student_major_id_core_major')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_student')),
    sa.UniqueConstraint('student_no', name=op.f('uq_core_student_student_no'))
    )
    with op.batch_alter_table('core_student', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_student_class_id'), ['class_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_core_student_college_id'), ['college_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_core_student_major_id'), ['major_id'], unique=False)

    op.create_table('core_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('absence_hours', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['student_id'], ['core_student.id'], name=op.f('fk_core_attendance_student_id_core_student'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['core_term.id'], name=op.f('fk_core_attendance_term_id_core_term')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_attendance')),
    sa.UniqueConstraint('student_id', 'term_id', name=op.f('uq_core_attendance_student_id_term_id'))
    )
    with op.batch_alter_table('core_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_attendance_student_id'), ['student_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_core_attendance_term_id'), ['term_id'], unique=False)

    op.create_table('core_grade_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('course_code', sa.String(length=40), nullable=False),
    sa.Column('course_name', sa.String(length=200), nullable=False),
    sa.Column('credits', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('score', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('score_text', sa.String(length=20), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('absent', sa.Boolean(), nullable=False),
    sa.Column('ignored', sa.Boolean(), nullable=False),
    sa.Column('degree_course', sa.Boolean(), nullable=False),
    sa.Column('grade_point', sa.Numeric(precision=4, scale=2), nullable=True),
    sa.Column('course_type', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['student_id'], ['core_student.id'], name=op.f('fk_core_grade_record_student_id_core_student'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['core_term.id'], name=op.f('fk_core_grade_record_term_id_core_term')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_grade_record')),
    sa.UniqueConstraint('student_id', 'term_id', 'course_code', 'kind', name=op.f('uq_core_grade_record_student_id_term_id_course_code_kind'))
    )
    with op.batch_alter_table('core_grade_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_grade_record_student_id'), ['student_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_core_grade_record_term_id'), ['term_id'], unique=False)

    op.create_table('core_guardian',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('relation', sa.String(length=20), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['student_id'], ['core_student.id'], name=op.f('fk_core_guardian_student_id_core_student'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_guardian'))
    )
    with op.batch_alter_table('core_guardian', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_guardian_student_id'), ['student_id'], unique=False)

    op.create_table('core_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=True),
    sa.Column('student_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['student_id'], ['core_student.id'], name=op.f('fk_core_user_student_id_core_student'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_user')),
    sa.UniqueConstraint('student_id', name=op.f('uq_core_user_student_id')),
    sa.UniqueConstraint('username', name=op.f('uq_core_user_username'))
    )
    op.create_table('core_import_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('inserted', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['core_user.id'], name=op.f('fk_core_import_batch_user_id_core_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_import_batch'))
    )
    with op.batch_alter_table('core_import_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_import_batch_sha256'), ['sha256'], unique=False)

    op.create_table('core_import_job',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('stored_path', sa.String(length=300), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['core_user.id'], name=op.f('fk_core_import_job_user_id_core_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_import_job'))
    )
    op.create_table('core_login_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('user_agent', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['core_user.id'], name=op.f('fk_core_login_session_user_id_core_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_login_session'))
    )
    with op.batch_alter_table('core_login_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_login_session_user_id'), ['user_id'], unique=False)

    op.create_table('core_notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('message', sa.String(length=300), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=True),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['core_user.id'], name=op.f('fk_core_notification_user_id_core_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_notification'))
    )
    with op.batch_alter_table('core_notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_notification_user_id'), ['user_id'], unique=False)

    op.create_table('core_role_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('scope_kind', sa.String(length=10), nullable=False),
    sa.Column('scope_id', sa.Integer(), nullable=True),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['granted_by_id'], ['core_user.id'], name=op.f('fk_core_role_grant_granted_by_id_core_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['core_user.id'], name=op.f('fk_core_role_grant_user_id_core_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_role_grant')),
    sa.UniqueConstraint('user_id', 'role', 'scope_kind', 'scope_id', name=op.f('uq_core_role_grant_user_id_role_scope_kind_scope_id'))
    )
    with op.batch_alter_table('core_role_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_role_grant_user_id'), ['user_id'], unique=False)

    for statement in APPEND_ONLY_DDL.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade():
    with op.batch_alter_table('core_role_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_role_grant_user_id'))

    op.drop_table('core_role_grant')
    with op.batch_alter_table('core_notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_notification_user_id'))

    op.drop_table('core_notification')
    with op.batch_alter_table('core_login_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_login_session_user_id'))

    op.drop_table('core_login_session')
    op.drop_table('core_import_job')
    with op.batch_alter_table('core_import_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_import_batch_sha256'))

    op.drop_table('core_import_batch')
    op.drop_table('core_user')
    with op.batch_alter_table('core_guardian', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_guardian_student_id'))

    op.drop_table('core_guardian')
    with op.batch_alter_table('core_grade_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_grade_record_term_id'))
        batch_op.drop_index(batch_op.f('ix_core_grade_record_student_id'))

    op.drop_table('core_grade_record')
    with op.batch_alter_table('core_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_attendance_term_id'))
        batch_op.drop_index(batch_op.f('ix_core_attendance_student_id'))

    op.drop_table('core_attendance')
    with op.batch_alter_table('core_student', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_student_major_id'))
        batch_op.drop_index(batch_op.f('ix_core_student_college_id'))
        batch_op.drop_index(batch_op.f('ix_core_student_class_id'))

    op.drop_table('core_student')
    with op.batch_alter_table('core_class', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_class_major_id'))

    op.drop_table('core_class')
    with op.batch_alter_table('core_major', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_major_college_id'))

    op.drop_table('core_major')
    op.drop_table('core_term')
    with op.batch_alter_table('core_login_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_login_failure_key'))
        batch_op.drop_index(batch_op.f('ix_core_login_failure_at'))

    op.drop_table('core_login_failure')
    op.drop_table('core_college')
    with op.batch_alter_table('core_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_audit_user_id'))
        batch_op.drop_index(batch_op.f('ix_core_audit_student_id'))
        batch_op.drop_index(batch_op.f('ix_core_audit_object_type'))
        batch_op.drop_index(batch_op.f('ix_core_audit_at'))
        batch_op.drop_index(batch_op.f('ix_core_audit_action'))

    op.drop_table('core_audit')
