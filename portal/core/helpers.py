"""Who helps a student, for the student's own home page: their counselor and class advisor
(from the role grants over the student's class, major or college) and what the modules add
(the peer volunteer, the plan reviewer). A name, the role and the office / contact the person
keeps on their profile; a phone only when its owner chose to show it (issue 17).

Modules register a function `student -> [Helper]`; the core never imports a module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from markupsafe import Markup
from sqlalchemy import select

from ..extensions import db
from .access import role_permissions
from .i18n import _
from .models import RoleGrant, Student, User
from .roles import ROLES

STAFF_ROLES = ("counselor", "class_advisor")


@dataclass(frozen=True)
class Helper:
    role: str  # what they do for the student, in the reader's language
    name: str
    contact: str = ""  # office / contact, and the phone its owner chose to show


def contact_of(user_id: int) -> Markup:
    """A staff member's office / contact, with their phone only if they chose to show it:
    kept whole on a narrow card (it broke as "0412-" / "5928305")."""
    user = db.session.get(User, user_id)
    if user is None:
        return Markup("")
    shown = [Markup.escape(user.office or "")]
    if user.show_phone and user.phone:
        shown.append(Markup('<span class="nowrap">{}</span>').format(user.phone))
    return Markup(" · ").join(part for part in shown if part)


def register(app, find: Callable[[Student], list[Helper]]) -> None:
    app.extensions.setdefault("portal.helpers", []).append(find)


def holders(student: Student, roles) -> list[tuple[str, str, int]]:
    """(role, name, user id) of the active accounts holding `roles` over the student."""
    units = RoleGrant.over_student(student)
    return list(
        db.session.execute(
            select(RoleGrant.role, User.name, User.id)
            .join(User, User.id == RoleGrant.user_id)
            .where(RoleGrant.role.in_(list(roles)), units, User.active.is_(True))
            .order_by(RoleGrant.role, User.name)
        )
    )


def holders_of(student: Student, permission: str) -> list[int]:
    """Ids of the active accounts whose grant over the student's class, major or college
    carries `permission` (a grant over the whole school is not one over the student)."""
    roles = [role for role, held in role_permissions().items() if permission in held]
    return sorted({user_id for _role, _name, user_id in holders(student, roles)})


def of_student(student: Student) -> list[Helper]:
    found = [
        Helper(str(ROLES[role]), name, contact_of(user_id))
        for role, name, user_id in sorted(
            holders(student, STAFF_ROLES), key=lambda r: STAFF_ROLES.index(r[0])
        )
    ]
    for find in current_app.extensions.get("portal.helpers", []):
        found += find(student)
    return found


def who_helps(student: Student | int | None) -> str:
    """Whom a warned student's pages send them to (the talk, the next step), in the reader's
    words: the counselor alone where no class advisor is assigned — many classes have none,
    and "your class advisor or counselor" sent those students to look for someone who is not
    there — the class advisor alone where no counselor is; both, or nobody found, as before."""
    if isinstance(student, int):
        student = db.session.get(Student, student)
    held = {role for role, _name, _id in holders(student, STAFF_ROLES)} if student else set()
    if held == {"counselor"}:
        return _("counselor")
    if held == {"class_advisor"}:
        return _("class advisor")
    return _("class advisor or counselor")
