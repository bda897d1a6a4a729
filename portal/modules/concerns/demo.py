"""Demo: an open mid-term survey in the first college; 吴老师 teaches three courses to the
advisor's class and a fourth to another class (not yet answered, so the dashboard reminds
him); some students marked, one concern already followed up, an officer's class report."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.core import clock
from portal.core.models import (
    College,
    GradeRecord,
    RoleGrant,
    SchoolClass,
    Student,
    Teaching,
    Term,
    User,
)
from portal.core.models.base import utcnow
from portal.extensions import db

from .models import Assignment, ClassReport, Concern, Officer, Survey

KINDS = (["absence"], ["homework", "quiz"], ["engagement"], ["quiz"], ["absence", "homework"])


def add_demo() -> None:
    users = {
        u.username: u
        for u in db.session.scalars(
            select(User).where(User.username.in_(("secretary", "teacher", "counselor", "advisor")))
        )
    }
    advisor_grant = db.session.scalar(
        select(RoleGrant).where(RoleGrant.role == "class_advisor", RoleGrant.scope_kind == "class")
    )
    college = db.session.scalar(select(College).order_by(College.id))
    if not users.get("teacher") or advisor_grant is None or college is None:
        return
    home = db.session.get(SchoolClass, advisor_grant.scope_id)
    other = db.session.scalar(
        select(SchoolClass).where(SchoolClass.major_id == home.major_id, SchoolClass.id != home.id)
    )
    today = clock.today()
    survey = Survey(
        college_id=college.id,
        title="期中学情调查（第6–9周）",
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=11),
        opened_by_id=users["secretary"].id if "secretary" in users else None,
    )
    db.session.add(survey)
    db.session.flush()
    courses = _courses(home)[:3] or ["高等数学", "大学英语", "程序设计基础"]
    students = list(
        db.session.scalars(
            select(Student).where(Student.class_id == home.id).order_by(Student.student_no)
        )
    )
    teacher = users["teacher"]
    for n, course in enumerate(courses):
        item = Assignment(
            survey_id=survey.id, class_id=home.id, course_name=course, teacher_id=teacher.id
        )
        db.session.add(item)
        _teaches(teacher, home, course)
        db.session.flush()
        if n == 2:
            continue  # still to answer: the teacher's dashboard reminds him
        item.answered_at = utcnow()  # stamped in UTC, as concerns.services does
        for i, student in enumerate(students[n : n + 4]):
            concern = Concern(
                assignment_id=item.id,
                student_id=student.id,
                kinds=KINDS[(i + n) % len(KINDS)],
                raised_by_id=teacher.id,
                raised_on=today - timedelta(days=8 - i),
                note="期中前两次作业未交" if i == 0 else None,
            )
            if n == 0 and i == 0 and "counselor" in users:
                concern.closed_on, concern.outcome = today - timedelta(days=2), "talked_support"
                concern.closed_by_id, concern.closed_role = users["counselor"].id, "counselor"
            db.session.add(concern)
    if other is not None:
        _teaches(teacher, other, courses[0])
        db.session.add(
            Assignment(
                survey_id=survey.id,
                class_id=other.id,
                course_name=courses[0],
                teacher_id=teacher.id,
            )
        )
    if len(students) > 6:
        db.session.add(Officer(class_id=home.id, student_id=students[-1].id))
        db.session.add(
            ClassReport(
                survey_id=survey.id,
                class_id=home.id,
                climate="fair",
                attendance={c: 92 - 5 * i for i, c in enumerate(courses)},
                hard_courses=courses[0],
                remarks="期中考试前自习室人数明显增加，部分同学反映作业量大。",
            )
        )
    db.session.flush()


def _teaches(teacher: User, school_class: SchoolClass, course: str) -> None:
    """The course roster (教学任务) behind the survey: the demo teacher reaches the classes
    they teach, not the whole college their grant names (core access.reach)."""
    term = db.session.scalar(
        select(Term).where(Term.n != 3).order_by(Term.start_year.desc(), Term.n.desc())
    )
    db.session.add(
        Teaching(
            term_id=term.id,
            course_code=course,
            course_name=course,
            class_id=school_class.id,
            teacher_id=teacher.id,
            source="courses",
        )
    )


def _courses(school_class: SchoolClass) -> list[str]:
    """The class's weightiest courses (most credits first), as a teacher would teach them."""
    weight = func.max(GradeRecord.credits)
    return list(
        db.session.scalars(
            select(GradeRecord.course_name)
            .join(Student, Student.id == GradeRecord.student_id)
            .where(Student.class_id == school_class.id)
            .group_by(GradeRecord.course_name)
            .order_by(weight.desc(), GradeRecord.course_name)
        )
    )
