"""Group meetings (座谈会): minutes and attendance; the warned students one may invite."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from portal.core import revisions, standing
from portal.core.access import changes_record, hide, in_scope, student_scope
from portal.core.audit import record_denial
from portal.core.models import Student
from portal.extensions import db

from .models import Attendee, Meeting
from .records import held_at

EDITABLE = ("held_at", "place", "organiser", "talker_role", "agenda", "content", "decisions")


def invitable(permission: str) -> list[Student]:
    """The warned students in the user's scope, by class and number."""
    scope = student_scope(permission)
    warned = standing.current(scope)
    if not warned:
        return []
    return list(
        db.session.scalars(
            select(Student)
            .where(Student.id.in_(warned))
            .order_by(Student.class_id, Student.student_no)
        )
    )


def visible(permission: str):
    """Meetings with at least one attendee in the user's scope."""
    # The join in FROM, not WHERE: a scope that reaches nobody is false(), and an AND with
    # false() drops its other terms, join condition included (a cartesian product).
    in_scope = exists(
        select(Attendee.id)
        .join(Student, Attendee.student_id == Student.id)
        .where(Attendee.meeting_id == Meeting.id, student_scope(permission))
    )
    return select(Meeting).where(in_scope).order_by(Meeting.held_at.desc())


def meeting_in_scope(meeting_id: int, permission: str) -> Meeting:
    meeting = db.session.scalar(
        visible(permission)
        .where(Meeting.id == meeting_id)
        .options(selectinload(Meeting.attendees).selectinload(Attendee.student))
    )
    if meeting is None:
        abort(404)
    return meeting


def editable(meeting: Meeting, permission: str) -> bool:
    """Minutes are shared by every attendee's record: only someone who reaches all of them
    may change them (a class advisor cannot rewrite what another class's students signed),
    and only who recorded them or a counselor over the attendees (access.changes_record)."""
    students = [a.student for a in meeting.attendees]
    return all(in_scope(s, permission) for s in students) and changes_record(
        current_user, meeting, students
    )


def readable(meeting: Meeting, read_permission: str) -> bool:
    """Whether the user reads these minutes: they recorded them (a course teacher reads only
    their own), or one attendee is theirs under `read_permission` (as `visible`)."""
    return meeting.recorded_by_id == current_user.id or any(
        in_scope(a.student, read_permission) for a in meeting.attendees
    )


def meeting_to_edit(meeting_id: int, permission: str, read_permission: str) -> Meeting:
    """The minutes to edit: 404 for any the user may not read, exactly as for a meeting
    that does not exist (a 403 told a course teacher that meeting 1 exists and one of its
    attendees is a student they teach); 403 for minutes they read but may not change."""
    meeting = meeting_in_scope(meeting_id, permission)
    if not readable(meeting, read_permission):
        hide(f"{permission} Meeting {meeting_id} (not readable)")
    if not editable(meeting, permission):
        record_denial(f"scope: {permission} Meeting {meeting_id} (attendees out of scope)")
        abort(403)
    return meeting


def save(meeting: Meeting, form, allowed: set[int], *, user_id: int) -> None:
    """Minutes from the form; attendance only for students the user may invite."""
    before = revisions.snapshot(meeting, EDITABLE) if meeting.id else None
    meeting.held_at = held_at(form.held_on.data, form.held_time.data)
    meeting.place = (form.place.data or "").strip() or None
    meeting.organiser = form.organiser.data.strip()
    meeting.talker_role = form.talker_role.data
    for name in ("agenda", "content", "decisions"):
        setattr(meeting, name, (getattr(form, name).data or "").strip() or None)
    marked = {sid: status for sid, status in form.marked().items() if sid in allowed}
    present = {sid for sid, status in marked.items() if status == "present"}
    absent = {sid for sid, status in marked.items() if status == "absent"}
    _mark_attendance(meeting, allowed, present, absent)
    if meeting.id is None:
        meeting.recorded_by_id = user_id
        db.session.add(meeting)
    db.session.flush()
    if before is not None:
        revisions.keep_if_changed(meeting, before, user_id=user_id)


def _mark_attendance(
    meeting: Meeting, allowed: set[int], present: set[int], absent: set[int]
) -> None:
    """Rows are updated in place (one per student), students out of the user's scope kept."""
    existing = {a.student_id: a for a in meeting.attendees}
    for student_id in allowed:
        row = existing.get(student_id)
        if student_id in present or student_id in absent:
            if row is None:
                row = Attendee(student_id=student_id)
                meeting.attendees.append(row)
            row.present = student_id in present
        elif row is not None:
            meeting.attendees.remove(row)
