"""What parents clears when a college's retention period has passed: what was said and
the parent's opinion; that a contact took place, when and how, stays."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from portal.core import attachments
from portal.core.retention import CLEARED, clear_rows, in_college

from .models import Contact


def clear(college_id: int, limit: datetime) -> int:
    due = (
        in_college(Contact.student_id, college_id),
        Contact.contacted_at < limit,
        Contact.content != CLEARED,
    )
    # The scans of the signed forms say what the cleared text said: they go too.
    attachments.purge("parents.contact", select(Contact.id).where(*due))
    return clear_rows(
        Contact, *due, content=CLEARED, parent_opinion=None, parent_agrees=None, meeting_reason=None
    )
