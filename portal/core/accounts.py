"""Student accounts created in bulk from the roster, with one-time initial passwords; a
student's number is the account's name."""

from __future__ import annotations

import secrets
from io import BytesIO

from sqlalchemy import func, select

from ..extensions import db
from . import audit
from .export import Sheet, workbook_bytes
from .i18n import _
from .models import RoleGrant, Student, User
from .names import ACCOUNT_NAME_RULE, is_account_name
from .passwords import hash_password

# Letters and digits that cannot be mistaken for each other when read off paper.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def initial_password() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(10))


def students_without_account(scope_clause) -> list[Student]:
    has_account = select(User.student_id).where(User.student_id.is_not(None))
    return list(
        db.session.scalars(
            select(Student)
            .where(scope_clause, Student.id.not_in(has_account))
            .order_by(Student.student_no)
        )
    )


def unusable_numbers(students: list[Student]) -> dict[int, str]:
    """Student id -> why its number cannot name the student's account: not a log-in name
    (a roster imported before numbers were held to `names.ACCOUNT_NAME`), or the name of
    another account already, in any case (a staff account made with that number)."""
    taken = {
        name.lower()
        for name in db.session.scalars(
            select(User.username).where(
                func.lower(User.username).in_([s.student_no.lower() for s in students])
            )
        )
    }
    why = {}
    for student in students:
        if not is_account_name(student.student_no):
            why[student.id] = _(
                "correct the number in the roster: %(rule)s", rule=ACCOUNT_NAME_RULE
            )
        elif student.student_no.lower() in taken:
            why[student.id] = _(
                "another account already has this number as its name; ask an administrator"
            )
    return why


def create_accounts(students: list[Student]) -> list[tuple[Student, str]]:
    """Accounts that must change their password at first log-in; passwords returned once."""
    created = []
    for student in students:
        password = initial_password()
        user = User(
            username=student.student_no,
            name=student.name,
            student_id=student.id,
            password_hash=hash_password(password),
            must_change_password=True,
        )
        user.grants.append(RoleGrant(role="student", scope_kind="self"))
        db.session.add(user)
        created.append((student, password))
    db.session.flush()
    audit.record("accounts_created", object_type="User", detail=f"count={len(created)}")
    return created


def password_sheet(created: list[tuple[Student, str]]) -> BytesIO:
    headers = [_("Student number"), _("Name"), _("Class"), _("Initial password")]
    rows = [[s.student_no, s.name, s.school_class.name, password] for s, password in created]
    return workbook_bytes([Sheet(_("Initial passwords"), headers, rows, widths=[14, 10, 16, 14])])
