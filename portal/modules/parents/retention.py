"""What parents clears when a college's retention period has passed: what was said and
the parent's opinion; that a contact took place, when and how, stays."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from portal.core.retention import CLEARED, in_college
from portal.extensions import db

from .models import Contact


def clear(college_id: int, limit: datetime) -> int:
    return db.session.execute(
        update(Contact).where(in_college(Contact.student_id, college_id),
                              Contact.contacted_at < limit, Contact.content != CLEARED)
        .values(content=CLEARED, parent_opinion=None, parent_agrees=None, meeting_reason=None)
        .execution_options(synchronize_session=False)).rowcount
