"""What peer help clears when a college's retention period has passed: a volunteer's bank
details once their last certified term is that old, and a pairing's notes on the mentee's
difficulties once it ended that long ago."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update

from portal.core.retention import CLEARED, in_college
from portal.extensions import db

from .models import Certification, Pairing, Volunteer


def clear(college_id: int, limit: datetime) -> int:
    recent = (
        select(Certification.volunteer_id)
        .group_by(Certification.volunteer_id)
        .having(func.max(Certification.certified_at) >= limit)
    )
    banks = db.session.execute(
        update(Volunteer)
        .where(
            in_college(Volunteer.student_id, college_id),
            Volunteer.applied_at < limit,
            Volunteer.id.not_in(recent),
            Volunteer.bank_account.is_not(None) | Volunteer.bank_name.is_not(None),
        )
        .values(bank_name=None, bank_account=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    mine = select(Volunteer.id).where(in_college(Volunteer.student_id, college_id))
    pairings = db.session.execute(
        update(Pairing)
        .where(
            Pairing.volunteer_id.in_(mine),
            Pairing.ends_on < limit.date(),
            Pairing.difficulty != CLEARED,
        )
        .values(difficulty=CLEARED)
        .execution_options(synchronize_session=False)
    ).rowcount
    return banks + pairings
