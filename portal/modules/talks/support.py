"""Who is on a student's support team by default: the holders of the class-advisor and
counselor roles whose scope reaches the student."""

from __future__ import annotations

from sqlalchemy import select

from portal.core.models import RoleGrant, Student
from portal.extensions import db


def team_defaults(student: Student) -> dict:
    grants = db.session.scalars(
        select(RoleGrant).where(
            RoleGrant.role.in_(("class_advisor", "counselor")),
            RoleGrant.over_student(student),
        )
    )
    names: dict[str, str] = {}
    for grant in grants:
        names.setdefault(grant.role, grant.user.name)
    return {"advisor": names.get("class_advisor"), "counselor": names.get("counselor")}
