"""Parent contacts: create, edit with history, and the due-list feed."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select

from portal.core import revisions
from portal.core.dues import dates_by_student_and_role
from portal.core.models import Guardian, Student
from portal.extensions import db

from .models import Contact

# Who contacts and meets the parents (the roles holding parents.record), in the order a
# user's own role is offered on the form.
CONTACT_ROLES = ("counselor", "class_advisor", "leader", "mentor")
EDITABLE = (
    "guardian_id",
    "parent_name",
    "relation",
    "method",
    "contacted_at",
    "made_by",
    "made_by_role",
    "content",
    "parent_opinion",
    "parent_agrees",
    "follow_up",
    "follow_up_on",
    "is_meeting",
    "meeting_reason",
    "place",
    "attendees",
    "parent_confirmed_on",
)


def _text(value) -> str | None:
    return (value or "").strip() or None


def fill(contact: Contact, form, student: Student) -> None:
    guardian = next((g for g in student.guardians if str(g.id) == form.guardian.data), None)
    contact.guardian_id = guardian.id if guardian else None
    contact.parent_name = guardian.name if guardian else form.parent_name.data.strip()
    contact.relation = _text(form.relation.data) or (guardian.relation if guardian else None)
    contact.method = form.method.data
    contact.contacted_at = datetime.combine(
        form.contacted_on.data, form.contacted_time.data or time(0, 0)
    )
    contact.made_by, contact.made_by_role = form.made_by.data.strip(), form.made_by_role.data
    contact.content = form.content.data.strip()
    for name in ("parent_opinion", "follow_up", "place", "attendees"):
        setattr(contact, name, _text(getattr(form, name).data))
    contact.parent_agrees = form.parent_agrees.data or None
    contact.follow_up_on = form.follow_up_on.data
    contact.is_meeting = bool(form.is_meeting.data)
    contact.meeting_reason = form.meeting_reason.data if contact.is_meeting else None
    contact.parent_confirmed_on = form.parent_confirmed_on.data


def create(student: Student, form, user) -> Contact:
    contact = Contact(student_id=student.id, recorded_by_id=user.id)
    fill(contact, form, student)
    db.session.add(contact)
    db.session.flush()
    return contact


def update(contact: Contact, form, user) -> bool:
    before = revisions.snapshot(contact, EDITABLE)
    fill(contact, form, contact.student)
    db.session.flush()
    return revisions.keep_if_changed(contact, before, user_id=user.id)


def contacts_of(student_id: int) -> list[Contact]:
    return list(
        db.session.scalars(
            select(Contact)
            .where(Contact.student_id == student_id)
            .order_by(Contact.contacted_at.desc())
        )
    )


def guardians_of(student_id: int) -> list[Guardian]:
    return list(
        db.session.scalars(
            select(Guardian).where(Guardian.student_id == student_id).order_by(Guardian.id)
        )
    )


def done_dates(student_condition) -> dict[tuple, list[date]]:
    """For the core's due lists: when the parents of each student matching the SQL
    condition were contacted, by role and method (a rule may owe a phone call, a registered
    letter or a meeting at school)."""
    return dates_by_student_and_role(
        db.session.execute(
            select(Contact.student_id, Contact.made_by_role, Contact.contacted_at, Contact.method)
            .join(Student, Student.id == Contact.student_id)
            .where(student_condition)
        )
    )
