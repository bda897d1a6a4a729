"""Group meeting pages: list, minutes with attendance, edit with history."""

from flask import flash, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.core import clock
from portal.core.access import can, hide, require
from portal.core.audit import record_view
from portal.core.htmx import hx_redirect, render
from portal.core.i18n import _
from portal.core.locking import stale_edit
from portal.core.paging import paginate
from portal.core.revisions import history
from portal.extensions import db

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
    record_view(record, ["content"], student_id=None)
    db.session.commit()
    return render(
        "talks/meeting.html",
        meeting=record,
        revisions=history(record),
        editable=can(current_user, "talks.create") and meetings.editable(record, "talks.create"),
    )


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@require("talks.create")
def edit_meeting(meeting_id: int):
    record = meetings.meeting_to_edit(meeting_id, "talks.create")
    if not (can(current_user, "talks.view") or record.recorded_by_id == current_user.id):
        hide(f"talks.create Meeting {meeting_id} (recorded by someone else)")
    return _meeting_form(record, new=False)


def _meeting_form(record: Meeting, *, new: bool):
    students = meetings.invitable("talks.create")
    form = MeetingForm(obj=None if new else record)
    roles = talker_roles(current_user)
    if record.talker_role and record.talker_role not in roles:
        roles.append(record.talker_role)
    form.talker_role.choices = role_choices(roles)
    ids = [str(s.id) for s in students]
    form.present.choices = form.absent.choices = [SelectChoice(i, i) for i in ids]
    if not form.is_submitted():
        _defaults(form, record, roles, new)
    if form.validate_on_submit():
        conflict = (
            None
            if new
            else stale_edit(
                record,
                meetings.EDITABLE,
                lambda: meetings.save(
                    record, form, {s.id for s in students}, user_id=current_user.id
                ),
            )
        )
        if conflict:
            return render(
                "talks/meeting_form.html",
                fragment="form",
                form=form,
                meeting=record,
                new=new,
                students=students,
                conflict=conflict,
                http_status=409,
            )
        meetings.save(record, form, {s.id for s in students}, user_id=current_user.id)
        db.session.commit()
        flash(_("Meeting minutes saved."), "success")
        return hx_redirect(
            url_for("talks.meeting", meeting_id=record.id)
            if can(current_user, "talks.view")
            else url_for("main.dashboard")
        )
    return render(
        "talks/meeting_form.html",
        fragment="form",
        form=form,
        meeting=record,
        new=new,
        students=students,
        http_status=422 if form.is_submitted() else 200,
    )


def _defaults(form: MeetingForm, record: Meeting, roles: list[str], new: bool) -> None:
    if new:
        form.held_on.data = clock.today()
        form.organiser.data = current_user.name
        form.talker_role.data = roles[0] if roles else None
        form.present.data = request.args.getlist("student")
        return
    form.held_on.data, form.held_time.data = record.held_at.date(), record.held_at.time()
    form.present.data = [str(a.student_id) for a in record.attendees if a.present]
    form.absent.data = [str(a.student_id) for a in record.attendees if not a.present]
