"""What the review knows of peer help: who had a mentor; certified hours of a term."""

from sqlalchemy import func, select

from portal.extensions import db

from .models import Certification, Mentee, Pairing, Volunteer


def mentored(student_ids: list[int]) -> dict[int, str]:
    paired = set(db.session.scalars(select(Mentee.student_id).join(Mentee.pairing).where(
        Mentee.student_id.in_(student_ids), Pairing.state.in_(("active", "ended")))))
    return {sid: "yes" if sid in paired else "no" for sid in student_ids}


def certified_hours(term_id: int, student_condition):
    """Hours certified in the term for volunteers in scope (exact, as minutes / 60)."""
    from .hours import hours

    minutes = db.session.scalar(select(func.coalesce(func.sum(Certification.minutes), 0))
                                .join(Certification.volunteer).join(Volunteer.student)
                                .where(Certification.term_id == term_id, student_condition))
    return hours(int(minutes or 0))


