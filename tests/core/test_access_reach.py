"""One rule of which students a grant reaches (issue 22 #2): `reach()` read in SQL (lists,
queues) and of one loaded student (a record's page) gives the same students, for every
kind of grant; the colleges a reader may pick are the colleges of those units."""

from sqlalchemy import select

from portal.core.access import colleges_in_scope, in_scope, reach, student_scope
from portal.core.models import Student, Teaching


def _college(make, name):
    college = make.college(name)
    first, second = make.major(college), make.major(college)
    classes = [make.school_class(first), make.school_class(first), make.school_class(second)]
    return college, first, classes


def _teaches(make, db, teacher, course_code, *classes):
    """The course data says `teacher` teaches `course_code` to each of `classes`."""
    db.session.add_all(
        Teaching(
            term_id=make.term().id,
            course_code=course_code,
            course_name="课",
            class_id=taught.id,
            teacher_id=teacher.id,
            source="courses",
        )
        for taught in classes
    )


def test_every_kind_of_grant_reaches_the_same_students_in_sql_and_one_by_one(app, make, db):
    college_a, major_a, classes_a = _college(make, "甲学院")
    college_b, _major_b, classes_b = _college(make, "乙学院")
    students = [make.student(c) for c in [*classes_a, *classes_b] for _ in range(2)]
    teacher = make.user("T9", role="teacher", scope=classes_a[2])
    _teaches(
        make, db, teacher, "C1", classes_a[0], classes_b[0]
    )  # the other college's class stays out of reach
    users = [
        make.user("L9", role="leader"),
        make.user("L8", role="leader", scope=college_a),
        make.user("S9", role="secretary", scope=major_a),
        make.user("A9", role="class_advisor", scope=classes_b[1]),
        make.user("TU", role="teacher", scope=classes_b[2]),  # teaches nothing: its class
        make.student_user(students[3]),
        make.user("NS", role="student"),
        teacher,
    ]
    db.session.flush()
    kinds = set()
    with app.test_request_context():
        for user in users:
            for grant in user.grants:
                found = reach(grant, user)
                kinds.add(found.kind)
                in_sql = set(db.session.scalars(select(Student.id).where(found.condition())))
                assert in_sql == {s.id for s in students if found.covers(s)}, (user, found)
            permission = (
                "talks.create" if user is teacher or user.username == "TU" else "students.view"
            )
            listed = set(
                db.session.scalars(select(Student.id).where(student_scope(permission, user)))
            )
            assert listed == {s.id for s in students if in_scope(s, permission, user)}
            if not user.student_id:  # one's own record is not a college one may pick
                reached = {s.college_id for s in students if s.id in listed}
                assert reached <= {c.id for c in colleges_in_scope(permission, user)}
    assert kinds == {"all", "unit", "self", "none", "taught"}


def test_a_course_teacher_reaches_the_classes_taught_inside_the_grants_college(app, make, db):
    college_a, _major, classes_a = _college(make, "丙学院")
    _college_b, _m, classes_b = _college(make, "丁学院")
    mine, elsewhere = make.student(classes_a[0]), make.student(classes_b[0])
    granted_only = make.student(classes_a[2])
    teacher = make.user("T8", role="teacher", scope=classes_a[2])
    _teaches(make, db, teacher, "C2", classes_a[0], classes_b[0])
    db.session.flush()
    with app.test_request_context():
        assert in_scope(mine, "talks.create", teacher)
        assert not in_scope(elsewhere, "talks.create", teacher)
        assert not in_scope(granted_only, "talks.create", teacher)  # course data, not the grant
        assert [c.id for c in colleges_in_scope("talks.create", teacher)] == [college_a.id]


def test_a_course_teacher_without_course_data_reaches_only_a_granted_class(app, make, db):
    """An outside probe saw a whole college through a teacher grant that no course roster
    narrowed: with no course data, a grant over a class reaches that class, a wider grant
    nobody; once a course roster names them, the students of the classes they teach."""
    college = make.college("教学学院")
    taught, other = (make.school_class(make.major(college), name=n) for n in ("教一", "教二"))
    one, two = make.student(taught), make.student(other)

    def reached(user):
        with app.test_request_context():
            scope = student_scope("talks.create", user)
            return set(db.session.scalars(select(Student.id).where(scope)))

    wide = make.user(role="teacher", scope=college)
    narrow = make.user(role="teacher", scope=taught)
    assert reached(wide) == set() and reached(narrow) == {one.id}
    make.teaching(wide, other)
    assert reached(wide) == {two.id}
