"""What warnings clears when a college's retention period has passed: a notice's
objection and the parent's remarks (the notice and its dates stay)."""

from __future__ import annotations

from datetime import datetime

from portal.core import clock
from portal.core.retention import clear_rows, in_college

from .models import Notice


def clear(college_id: int, limit: datetime) -> int:
    return clear_rows(
        Notice,
        in_college(Notice.student_id, college_id),
        Notice.created_at < clock.stored_at(limit),
        Notice.objection.is_not(None) | Notice.parent_remarks.is_not(None),
        objection=None,
        parent_remarks=None,
    )
