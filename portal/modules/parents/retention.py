"""What parents clears when a college's retention period has passed: what was said and
the parent's opinion; that a contact took place, when and how, stays."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from portal.core import attachments
from portal.core.retention import CLEARED, in_college
from portal.extensions import db

from .models import Contact


def clear(college_id: int, limit: datetime) -> int:
    due = (
        in_college(Contact.student_id, college_id),
        Contact.contacted_at < limit,
        Contact.content != CLEARED,
    )
    # The scans of the signed forms say what the cleared text said: they go too.
    attachments.purge("parents.contact", select(Contact.id).where(*due))
    return db.session.execute(
        update(Contact)
        .where(*due)
        .values(content=CLEARED, parent_opinion=None, parent_agrees=None, meeting_reason=None)
        .execution_options(synchronize_session=False)
    ).rowcount
