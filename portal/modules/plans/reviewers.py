"""Who reviews a student's plan: the class advisor for the first years, the academic mentor
from the year the college sets (default: year 3)."""

from __future__ import annotations

from sqlalchemy import select

from portal.core import clock
from portal.core.access import roles_reaching
from portal.core.memo import per_request
from portal.core.models import RoleGrant, Student, User
from portal.extensions import db

from .models import PlanSetting


def setting_of(college_id: int) -> PlanSetting:
    """Asked once a plan in a queue; a college without its own setting has no row to keep."""
    return per_request(
        "plan_setting",
        college_id,
        lambda: (
            db.session.get(PlanSetting, college_id)
            or PlanSetting(college_id=college_id, mentor_from_year=3, due_days=14)
        ),
    )


def year_of_study(student: Student) -> int:
    """2023 intake: year 1 from September 2023, year 4 from September 2026."""
    today = clock.today()
    if not student.grade_year:
        return 1
    return today.year - student.grade_year + (1 if today.month >= 9 else 0)


def reviewer_role(student: Student) -> str:
    mentor_from = setting_of(student.college_id).mentor_from_year
    return "mentor" if year_of_study(student) >= mentor_from else "class_advisor"


def reviews(user, plan) -> bool:
    """The user holds the plan's reviewer role over its student."""
    return bool(roles_reaching(user, plan.student, [plan.reviewer_role]))


def reviewer_ids(plan) -> list[int]:
    student = plan.student
    units = RoleGrant.over_student(student)
    return list(
        db.session.scalars(
            select(RoleGrant.user_id).where(RoleGrant.role == plan.reviewer_role, units)
        )
    )


def account_of(student_id: int) -> int | None:
    return db.session.scalar(select(User.id).where(User.student_id == student_id))
