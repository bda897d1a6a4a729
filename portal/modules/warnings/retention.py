"""What warnings clears when a college's retention period has passed: a notice's
objection and the parent's remarks (the notice and its dates stay)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from portal.core.retention import in_college
from portal.extensions import db

from .models import Notice


def clear(college_id: int, limit: datetime) -> int:
    return db.session.execute(
        update(Notice)
        .where(
            in_college(Notice.student_id, college_id),
            Notice.created_at < limit,
            Notice.objection.is_not(None) | Notice.parent_remarks.is_not(None),
        )
        .values(objection=None, parent_remarks=None)
        .execution_options(synchronize_session=False)
    ).rowcount
