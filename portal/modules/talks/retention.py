"""What talks clears when a college's retention period has passed (portal.core.retention):
the content of talks, meetings and support plans; the record of who, when and how stays."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from portal.core import attachments, clock
from portal.core.retention import CLEARED, clear_rows, in_college

from .models import Attendee, Meeting, SupportPlan, SupportReview, Talk


def clear(college_id: int, limit: datetime) -> int:
    due = (in_college(Talk.student_id, college_id), Talk.held_at < limit, Talk.content != CLEARED)
    # The scans of the signed forms say what the cleared text said: they go too.
    attachments.purge("talks.talk", select(Talk.id).where(*due))
    talks = clear_rows(
        Talk,
        *due,
        content=CLEARED,
        first_impression=None,
        effect=None,
        root_cause=None,
        student_feedback=None,
        counselor_opinion=None,
        referred=False,
    )
    attended = select(Attendee.meeting_id).where(in_college(Attendee.student_id, college_id))
    meetings = clear_rows(
        Meeting,
        Meeting.id.in_(attended),
        Meeting.held_at < limit,
        Meeting.content.is_not(None),
        content=None,
    )
    old_plans = select(SupportPlan.id).where(
        in_college(SupportPlan.student_id, college_id),
        SupportPlan.updated_at < clock.stored_at(limit),
    )
    plans = clear_rows(
        SupportPlan, SupportPlan.id.in_(old_plans), SupportPlan.plan != CLEARED, plan=CLEARED
    )
    reviews = clear_rows(
        SupportReview,
        SupportReview.plan_id.in_(old_plans),
        SupportReview.text != CLEARED,
        text=CLEARED,
    )
    return talks + meetings + plans + reviews
