"""What peer help clears when a college's retention period has passed: a volunteer's bank
details once their last certified term is that old, and a pairing's notes on the mentee's
difficulties once it ended that long ago."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from portal.core import clock
from portal.core.retention import CLEARED, clear_rows, in_college

from .models import Certification, Pairing, Volunteer


def clear(college_id: int, limit: datetime) -> int:
    stored_limit = clock.stored_at(limit)  # certified_at and applied_at are stamped in UTC
    recent = (
        select(Certification.volunteer_id)
        .group_by(Certification.volunteer_id)
        .having(func.max(Certification.certified_at) >= stored_limit)
    )
    ours = in_college(Volunteer.student_id, college_id)
    banks = clear_rows(
        Volunteer,
        ours,
        Volunteer.applied_at < stored_limit,
        Volunteer.id.not_in(recent),
        Volunteer.bank_account.is_not(None) | Volunteer.bank_name.is_not(None),
        bank_name=None,
        bank_account=None,
    )
    pairings = clear_rows(
        Pairing,
        Pairing.volunteer_id.in_(select(Volunteer.id).where(ours)),
        Pairing.ends_on < limit.date(),
        Pairing.difficulty != CLEARED,
        difficulty=CLEARED,
    )
    return banks + pairings
