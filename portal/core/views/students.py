"""Student list and profile (tabs come from the modules), and the audited sensitive view."""

from datetime import date
from functools import partial

from flask import Blueprint, request, url_for
from flask_login import current_user
from sqlalchemy import and_, select

from ...extensions import db
from .. import audit, export, student_status
from ..access import can, in_scope, require, scoped_student_or_404, student_scope
from ..accounts import (
    create_accounts,
    password_sheet,
    students_without_account,
    unusable_numbers,
)
from ..form_views import attempt
from ..htmx import render
from ..i18n import _
from ..models import KEY_GROUP_FLAGS, STATUSES, SchoolClass, Student
from ..numbers import as_id
from ..paging import paginate
from ..profile_tabs import tab_page
from ..search import search_term, student_matches
from ..stepup import fresh_required

bp = Blueprint("students", __name__, url_prefix="/students")


@bp.route("/")
@require("students.view")
def index():
    query = select(Student).where(student_scope("students.view"))
    search = search_term()
    if search:
        query = query.where(student_matches(search))
    page = paginate(query.order_by(Student.student_no))
    return render("students/index.html", fragment="results", page=page, q=search)


@bp.route("/<int:student_id>")
@require("students.view")
def profile(student_id: int):
    return _profile_page(scoped_student_or_404(student_id, "students.view"))


def _profile_page(student: Student, http_status: int = 200):
    flags = None
    if can(current_user, "students.flags") and in_scope(student, "students.flags"):
        flags = student_status.flags_of([student.id]).get(student.id, [])
        if flags:
            audit.record_view_now(student, ["key_group_flags"])
    return tab_page(
        "students/profile.html",
        student,
        active="profile",
        flags=flags,
        all_flags=KEY_GROUP_FLAGS,
        statuses=STATUSES,
        may_edit_flags=can(current_user, "students.flags_edit")
        and in_scope(student, "students.flags_edit"),
        may_set_status=can(current_user, "students.status")
        and in_scope(student, "students.status"),
        http_status=http_status,
    )


@bp.route("/<int:student_id>/status", methods=["POST"])
@require("students.status")
def set_status(student_id: int):
    """The secretary sets 试读 / 降级试读 / … from a date, with the reason."""
    student = scoped_student_or_404(student_id, "students.status")
    try:
        since = date.fromisoformat(request.form.get("since", ""))
    except ValueError:
        since = None
    reason = request.form.get("reason", "")[:2000]
    return _change(
        student,
        lambda: student_status.set_status(student, request.form.get("status", ""), since, reason),
        _("Status saved."),
    )


@bp.route("/<int:student_id>/flags", methods=["POST"])
@require("students.flags_edit")
def set_flags(student_id: int):
    """The counselor marks the key groups the student belongs to (sensitive, audited)."""
    student = scoped_student_or_404(student_id, "students.flags_edit")
    wanted = set(request.form.getlist("flag"))
    return _change(
        student,
        lambda: student_status.set_flags(student, wanted, current_user.id),
        _("Key-group flags saved."),
    )


def _change(student, change, done: str):
    """Make `change` and say `done`; or, refused (a status or flag the form never offers, a
    missing date or reason), the profile again with why, 422, nothing written."""
    url = url_for("students.profile", student_id=student.id)
    page = partial(_profile_page, student) if in_scope(student, "students.view") else None
    return attempt(change, student_status.StatusError, done=done, url=url, undo=True, page=page)


@bp.route("/<int:student_id>/family")
@require("students.view_sensitive")
@fresh_required
def family(student_id: int):
    """Family situation and parent contacts: shown on request, each view audited."""
    student = scoped_student_or_404(student_id, "students.view_sensitive")
    audit.record_view_now(student, ["family_situation", "phone", "guardians"])
    return render("students/family.html", fragment="family", student=student)


@bp.route("/accounts", methods=["GET", "POST"])
@require("students.accounts")
def accounts():
    """Create accounts for a class's students; the initial passwords download once, as .xlsx."""
    classes = _classes_in_scope("students.accounts")
    chosen = as_id(request.values.get("class_id"))
    if chosen not in {c.id for c in classes}:
        chosen = None  # another college's class (or none): never "every class in scope"
    scope = student_scope("students.accounts")
    if chosen:
        scope = and_(scope, Student.class_id == chosen)
    waiting = students_without_account(scope) if chosen else []
    unusable = unusable_numbers(waiting)
    blocked = [(s, unusable[s.id]) for s in waiting if s.id in unusable]
    waiting = [s for s in waiting if s.id not in unusable]
    if request.method == "POST" and waiting:
        # A workbook of passwords is a bulk export (issue 15 #11): step-up, and a slot of the
        # per-user limit taken, before any account is made; the audit row counts the passwords.
        refused = export.refusal()
        if refused is not None:
            return refused
        created = create_accounts(waiting)
        response = export.download(
            password_sheet(created),
            f"initial-passwords-{chosen}.xlsx",
            what="User",
            rows=len(created),
            action="initial_passwords",
        )
        db.session.commit()  # the accounts and the audit row, before the passwords go
        return response
    return render(
        "students/accounts.html", classes=classes, chosen=chosen, waiting=waiting, blocked=blocked
    )


def _classes_in_scope(permission: str) -> list[SchoolClass]:
    class_ids = select(Student.class_id).where(student_scope(permission)).distinct()
    return list(
        db.session.scalars(
            select(SchoolClass).where(SchoolClass.id.in_(class_ids)).order_by(SchoolClass.name)
        )
    )
