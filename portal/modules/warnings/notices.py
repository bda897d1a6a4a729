"""Notices (学业警示通知书): made at publication, confirmed (签字确认) or objected to by the
student, objections answered by the secretary, parent copies and their receipts recorded."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert, select

from portal.core import audit
from portal.core.access import in_scope
from portal.core.i18n import N_
from portal.core.models import RoleGrant, User
from portal.core.models.base import utcnow
from portal.core.notify import notify
from portal.extensions import db

from .models import CollegeRuleset, Notice, Run, Warning

PARENT_METHODS = ("registered_letter", "handed", "phone", "wechat")


class NoticeError(ValueError):
    pass


def create_notices(run: Run) -> int:
    """One notice per student the published roster warns (all their categories on it)."""
    students = db.session.scalars(select(Warning.student_id).where(
        Warning.run_id == run.id, Warning.removed_at.is_(None)).distinct()).all()
    if students:
        db.session.execute(insert(Notice), [{"run_id": run.id, "student_id": s, "state": "pending",
                                             "created_at": utcnow()} for s in students])
    return len(students)


def warnings_of(notice: Notice) -> list[Warning]:
    return list(db.session.scalars(select(Warning).where(
        Warning.run_id == notice.run_id, Warning.student_id == notice.student_id,
        Warning.removed_at.is_(None)).order_by(Warning.category)))


def confirm(notice: Notice, user_id: int) -> None:
    if notice.state not in ("pending", "upheld"):
        raise NoticeError("state")
    notice.state, notice.confirmed_at, notice.confirmed_by_id = "confirmed", utcnow(), user_id


def object_to(notice: Notice, reason: str, user_id: int) -> None:
    if notice.state != "pending":
        raise NoticeError("state")
    if not reason.strip():
        raise NoticeError("reason")
    notice.state, notice.objection, notice.objected_at = "objected", reason.strip(), utcnow()
    notify(_secretaries_for(notice.student), N_(
        "A student objected to an academic warning notice."), link="/warnings/objections")


def _secretaries_for(student) -> list[int]:
    users = db.session.scalars(select(User).where(User.grants.any(RoleGrant.role == "secretary")))
    return [user.id for user in users if in_scope(student, "warnings.manage", user)]


def answer(notice: Notice, *, uphold: bool, text: str, user_id: int) -> None:
    """Uphold (the student reads the answer) or withdraw (the warnings leave the roster)."""
    if notice.state != "objected":
        raise NoticeError("state")
    if not text.strip():
        raise NoticeError("answer")
    notice.state = "upheld" if uphold else "withdrawn"
    notice.answer, notice.answered_by_id, notice.answered_at = text.strip(), user_id, utcnow()
    if not uphold:
        for warning in warnings_of(notice):
            warning.removed_at = utcnow()
    audit.record("objection_" + notice.state, object_type="Notice", object_id=notice.id,
                 student_id=notice.student_id)
    notify(_account_of(notice.student_id), N_("Your objection has been answered.") if uphold
           else N_("Your objection was accepted; the warning has been withdrawn."),
           link="/warnings/")


def _account_of(student_id: int) -> list[int]:
    return list(db.session.scalars(select(User.id).where(User.student_id == student_id)))


def record_parent(notice: Notice, *, method: str, reference: str, sent_on: date | None,
                  returned_on: date | None, remarks: str) -> None:
    if method not in PARENT_METHODS:
        raise NoticeError("method")
    if returned_on and sent_on and returned_on < sent_on:
        raise NoticeError("dates")
    notice.parent_method, notice.parent_reference = method, reference.strip()[:60] or None
    notice.parent_sent_on, notice.receipt_returned_on = sent_on, returned_on
    notice.parent_remarks = remarks.strip() or None


def confirm_days(college_id: int) -> int:
    setting = db.session.get(CollegeRuleset, college_id)
    return setting.confirm_days if setting else 7


def overdue(notices: list[Notice], today: date) -> list[Notice]:
    """Pending notices older than their college's N days."""
    days: dict[int, int] = {}
    late = []
    for notice in notices:
        college = notice.student.college_id
        days.setdefault(college, confirm_days(college))
        if notice.state == "pending" and notice.created_at.date() + timedelta(
                days=days[college]) < today:
            late.append(notice)
    return late
