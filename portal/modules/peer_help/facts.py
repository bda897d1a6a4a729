"""What the review knows of peer help: who had a peer volunteer; certified hours of a term."""

from sqlalchemy import func, select

from portal.core.helpers import Helper
from portal.core.i18n import _
from portal.core.models import Student
from portal.extensions import db

from .hours import hours
from .models import Certification, Mentee, Pairing, Step, Volunteer


def mentored(cohort) -> dict[int, str]:
    """Per warned student: whether a pairing (approved: active or ended) was still running
    when or after their support period began — and, once the warning is judged, whether it
    had been approved and had begun by the period's end (`cohort.as_of`): a pairing begun
    after the next roster judged the warning is not counted for it. Approved on the day of
    its last approving step (a pairing with none recorded: the day it was made)."""
    approved = (
        select(Step.pairing_id, func.max(Step.at).label("at"))
        .where(Step.approved.is_(True))
        .group_by(Step.pairing_id)
        .subquery()
    )
    paired = {
        student_id
        for student_id, starts_on, ends_on, created_at, approved_at in db.session.execute(
            select(
                Mentee.student_id,
                Pairing.starts_on,
                Pairing.ends_on,
                Pairing.created_at,
                approved.c.at,
            )
            .join(Mentee.pairing)
            .join(Student, Student.id == Mentee.student_id)
            .outerjoin(approved, approved.c.pairing_id == Pairing.id)
            .where(cohort.student_condition, Pairing.state.in_(("active", "ended")))
        )
        if student_id in cohort.since
        and ends_on >= cohort.since[student_id]
        and cohort.by_end(student_id, starts_on)
        and cohort.by_end(student_id, (approved_at or created_at).date())
    }
    return {sid: "yes" if sid in paired else "no" for sid in cohort.since}


def certified_hours(term_id: int, student_condition):
    """Hours certified in the term for volunteers in scope (exact, as minutes / 60)."""
    minutes = db.session.scalar(
        select(func.coalesce(func.sum(Certification.minutes), 0))
        .join(Certification.volunteer)
        .join(Volunteer.student)
        .where(Certification.term_id == term_id, student_condition)
    )
    return hours(int(minutes or 0))


def helpers_of(student):
    """The student's peer volunteer(s): those of their active pairings, by name, with the
    way of meeting the pairing agreed on (a student's own phone is never shown)."""
    return [
        Helper(_("Peer volunteer"), name, contact or "")
        for name, contact in db.session.execute(
            select(Student.name, Pairing.contact)
            .select_from(Pairing)
            .join(Pairing.mentees)
            .join(Volunteer, Volunteer.id == Pairing.volunteer_id)
            .join(Student, Student.id == Volunteer.student_id)
            .where(Mentee.student_id == student.id, Pairing.state == "active")
            .order_by(Pairing.starts_on)
        )
    ]
