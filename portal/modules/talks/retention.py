"""What talks clears when a college's retention period has passed (portal.core.retention):
the content of talks, meetings and support plans; the record of who, when and how stays."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from portal.core import attachments
from portal.core.retention import CLEARED, in_college
from portal.extensions import db

from .models import Attendee, Meeting, SupportPlan, SupportReview, Talk


def clear(college_id: int, limit: datetime) -> int:
    due = (in_college(Talk.student_id, college_id), Talk.held_at < limit, Talk.content != CLEARED)
    # The scans of the signed forms say what the cleared text said: they go too.
    attachments.purge("talks.talk", select(Talk.id).where(*due))
    talks = db.session.execute(
        update(Talk)
        .where(*due)
        .values(
            content=CLEARED,
            first_impression=None,
            effect=None,
            root_cause=None,
            student_feedback=None,
            counselor_opinion=None,
            referred=False,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    attended = select(Attendee.meeting_id).where(in_college(Attendee.student_id, college_id))
    meetings = db.session.execute(
        update(Meeting)
        .where(Meeting.id.in_(attended), Meeting.held_at < limit, Meeting.content.is_not(None))
        .values(content=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    old_plans = select(SupportPlan.id).where(
        in_college(SupportPlan.student_id, college_id), SupportPlan.updated_at < limit
    )
    plans = db.session.execute(
        update(SupportPlan)
        .where(SupportPlan.id.in_(old_plans), SupportPlan.plan != CLEARED)
        .values(plan=CLEARED)
        .execution_options(synchronize_session=False)
    ).rowcount
    reviews = db.session.execute(
        update(SupportReview)
        .where(SupportReview.plan_id.in_(old_plans), SupportReview.text != CLEARED)
        .values(text=CLEARED)
        .execution_options(synchronize_session=False)
    ).rowcount
    return talks + meetings + plans + reviews
