"""A student's status as the policies use it (试读, 降级试读 beyond enrolled, suspended, left,
graduated), set with a date and a reason; and the key-group flags (YPC 第三条: 经济困难, 心理,
疾病, 违纪处分, 网络成瘾, 学籍异动) a counselor sets, seen by counselor, secretary and leader."""

from __future__ import annotations

from datetime import date

from flask import request
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from . import audit, cells
from .access import can, in_scope
from .happened import too_early
from .i18n import _, _l
from .models import KEY_GROUP_FLAGS, STATUSES, Student, StudentFlag
from .paging import ListPage


class StatusError(ValueError):
    pass


def set_status(student: Student, status: str, since: date | None, reason: str) -> None:
    """StatusError (translated) and nothing written when the input is not whole."""
    reason = reason.strip()
    if status not in STATUSES:
        raise StatusError(_("Choose one of the statuses."))
    if since is None:
        raise StatusError(_("Give the date from which the status holds."))
    if problem := too_early(since, _("Status since")):
        raise StatusError(problem)
    if not reason:
        raise StatusError(_("Give the reason (for example the approval's document number)."))
    if len(reason) > 500:
        raise StatusError(_("The reason is too long (at most 500 characters)."))
    student.status, student.status_since, student.status_reason = status, since, reason
    db.session.flush()


def flags_of(student_ids) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for student_id, flag in db.session.execute(
        select(StudentFlag.student_id, StudentFlag.flag)
        .where(StudentFlag.student_id.in_(student_ids))
        .order_by(StudentFlag.flag)
    ):
        found.setdefault(student_id, []).append(flag)
    return found


def set_flags(student: Student, wanted: set[str], user_id: int | None) -> None:
    """Make the student's flags exactly `wanted`; each one set or cleared is audited."""
    unknown = wanted - set(KEY_GROUP_FLAGS)
    if unknown:
        raise StatusError(_("Unknown flag."))
    current = {
        f.flag: f
        for f in db.session.scalars(select(StudentFlag).where(StudentFlag.student_id == student.id))
    }
    for flag in sorted(wanted - set(current)):
        db.session.add(StudentFlag(student_id=student.id, flag=flag, set_by_id=user_id))
        _audit_flag("flag_set", student, flag)
    for flag in sorted(set(current) - wanted):
        db.session.delete(current[flag])
        _audit_flag("flag_cleared", student, flag)
    db.session.flush()


def _audit_flag(action: str, student: Student, flag: str) -> None:
    audit.record_on(student, action, detail=flag)


def flag_condition(flag: str):
    """SQL over students: carries the flag (a filter of the roster and the due lists)."""
    return Student.id.in_(select(StudentFlag.student_id).where(StudentFlag.flag == flag))


def valid_flag(value: str | None) -> str | None:
    return value if value in KEY_GROUP_FLAGS else None


# The words student-roster exports use in a 学籍状态 column.
STATUS_WORDS = {
    "在读": "enrolled",
    "在籍": "enrolled",
    "在校": "enrolled",
    "正常": "enrolled",
    "试读": "probation",
    "降级试读": "demoted",
    "休学": "suspended",
    "退学": "dropped",
    "开除学籍": "dropped",
    "取消学籍": "dropped",
    "离校": "dropped",
    "毕业": "graduated",
    "已毕业": "graduated",
    "结业": "graduated",
    **{code: code for code in STATUSES},
}


def status_from_cell(raw) -> str | None:
    """学籍状态 as written in the file; empty keeps what is stored; an unknown word is a
    CellError naming it."""
    text = cells.text(raw, 20)
    if not text:
        return None
    if text not in STATUS_WORDS:
        raise cells.CellError(
            _l(
                "Unknown status “%(value)s” (use 在读, 试读, 降级试读, 休学, 退学 or 毕业)",
                value=text,
            )
        )
    return STATUS_WORDS[text]


def apply_imported(student: Student, status: str | None) -> bool:
    """The file's status; a change clears the date and reason a secretary gave the old one."""
    if not status or student.status == status:
        return False
    student.status, student.status_since, student.status_reason = status, None, None
    return True


def keep_flagged(items: list, flag: str | None) -> list:
    """A due list narrowed to the students carrying a key-group flag, for a reader who may
    see flags (others get the list unchanged)."""
    flag = valid_flag(flag)
    if not flag or not can(current_user, "students.flags"):
        return items
    flagged = set(
        db.session.scalars(
            select(StudentFlag.student_id).where(
                StudentFlag.flag == flag, StudentFlag.student_id.in_({o.student.id for o in items})
            )
        )
    )
    return [o for o in items if o.student.id in flagged and in_scope(o.student, "students.flags")]


def due_page(items: list):
    """The page of a due list the request asks for (`?page=`, PAGE_SIZE a page), narrowed to the
    key-group flag it names (`?flag=`, see `keep_flagged`)."""
    items = keep_flagged(items, request.args.get("flag"))
    return ListPage.of(items, request.args.get("page", 1, int))
