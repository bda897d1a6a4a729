"""Group meeting pages: list, minutes with attendance, edit with history."""

from functools import partial

from flask import request
from flask_login import current_user

from portal.core import clock, support_floor
from portal.core.access import can, require
from portal.core.audit import record_view_now
from portal.core.form_views import after_edit, commit_and_redirect, form_page, refuse_stale
from portal.core.htmx import render
from portal.core.i18n import _
from portal.core.paging import paginate
from portal.core.revisions import history

from . import meetings
from .forms import MeetingForm
from .formsetup import role_choices
from .models import Meeting
from .records import talker_roles
from .views import bp


@bp.route("/meetings")
@require("talks.view")
def meeting_list():
    page = paginate(meetings.visible("talks.view"))
    return render("talks/meetings.html", page=page)


@bp.route("/meetings/new", methods=["GET", "POST"])
@require("talks.create")
def new_meeting():
    return _meeting_form(Meeting(), new=True)


@bp.route("/meetings/<int:meeting_id>")
@require("talks.view")
def meeting(meeting_id: int):
    record = meetings.meeting_in_scope(meeting_id, "talks.view")
    record_view_now(record, ["content"], student_id=None)
    return render(
        "talks/meeting.html",
        meeting=record,
        revisions=history(record),
        editable=can(current_user, "talks.create") and meetings.editable(record, "talks.create"),
    )


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@require("talks.create")
def edit_meeting(meeting_id: int):
    record = meetings.meeting_to_edit(meeting_id, "talks.create", "talks.view")
    return _meeting_form(record, new=False)


def _meeting_form(record: Meeting, *, new: bool):
    students = meetings.invitable("talks.create")
    form = MeetingForm(obj=None if new else record)
    roles = talker_roles(current_user)
    if record.talker_role and record.talker_role not in roles:
        roles.append(record.talker_role)
    form.talker_role.choices = role_choices(roles)
    form.invitable = frozenset(s.id for s in students)
    if form.is_submitted():
        kept = {a.student_id: record.held_at.date() for a in record.attendees}
        form.floors = support_floor.floors(students, kept=kept)
    else:
        _defaults(form, record, roles, new, students)
    page = partial(
        form_page,
        "talks/meeting_form.html",
        form,
        meeting=record,
        new=new,
        rows=_rows(form, students),
    )
    if class_id := form.is_submitted() and request.form.get("mark_class"):
        _mark_class_present(form, students, class_id)
        return page(http_status=200)  # the form again, its class marked; nothing saved
    if form.validate_on_submit():

        def save():
            meetings.save(record, form, {s.id for s in students}, user_id=current_user.id)

        refused = None if new else refuse_stale(record, meetings.EDITABLE, save, page)
        if refused is not None:
            return refused
        save()
        return commit_and_redirect(
            _("Meeting minutes saved."),
            after_edit("talks.view", "talks.meeting", meeting_id=record.id),
        )
    return page()


def _defaults(form: MeetingForm, record: Meeting, roles: list[str], new, students) -> None:
    if new:
        form.held_on.data = clock.today()
        form.organiser.data = current_user.name
        form.talker_role.data = roles[0] if roles else None
        was = {sid: "present" for sid in request.args.getlist("student")}
    else:
        form.held_on.data, form.held_time.data = record.held_at.date(), record.held_at.time()
        was = {str(a.student_id): "present" if a.present else "absent" for a in record.attendees}
    for student in students:
        sid = str(student.id)
        form.attendance.append_entry({"student_id": sid, "status": was.get(sid, "none")})


def _mark_class_present(form: MeetingForm, students, class_id: str) -> None:
    """Every warned student of the class present: a meeting is often one class's, and a
    line at a time is thirty clicks. A class outside the list marks nobody."""
    of_class = {str(s.id) for s in students if str(s.class_id) == class_id}
    for row in form.attendance:
        if row.student_id.data in of_class:
            row.status.data = "present"


def _rows(form: MeetingForm, students) -> list:
    """The attendance lines with their students, as posted or defaulted; a student the post
    left out gets a "not invited" line, and a posted line for someone the user may not list
    is neither shown nor saved (MeetingForm.marked)."""
    posted = {row.student_id.data for row in form.attendance}
    for student in students:
        if str(student.id) not in posted:
            form.attendance.append_entry({"student_id": str(student.id), "status": "none"})
    by_id = {str(s.id): s for s in students}
    lines = [(row, by_id.get(row.student_id.data)) for row in form.attendance]
    return [(row, student) for row, student in lines if student is not None]
