"""What other parts of the portal read of plans: the review (none, written, signed, executed),
the student's home page (who reviews the plan) and peer help (a peer volunteer asked for)."""

from sqlalchemy import func, select

from portal.core import clock
from portal.core.helpers import Helper, contact_of
from portal.core.i18n import _
from portal.core.models import Student
from portal.core.wishes import PEER_VOLUNTEER, Wish
from portal.extensions import db

from .models import Plan, Version
from .reviewers import reviewer_of
from .workflow import plan_of

STATE = {
    "draft": "written",
    "submitted": "written",
    "returned": "written",
    "signed": "signed",
    "reported": "executed",
    "closed": "executed",
}


def plan_states(cohort) -> dict[int, str]:
    """Per warned student: the first plan written for the reviewed support period (a plan's
    period starts at the roster's publication; a later term's plan is not this one's), as
    it stood at the period's end (`cohort.as_of`) once the warning is judged: executed if
    its report was written by then, signed if a version was signed by then, written if the
    plan was begun by then, else none. A plan signed after the next roster judged the
    warning is not counted for it (an outside walk saw a past term's review change). While
    the period runs, the plan as it is now."""
    found = {sid: "none" for sid in cohort.since}
    seen: set[int] = set()
    for student_id, status, start, created_at, signed_at, reported_at in db.session.execute(
        select(
            Plan.student_id,
            Plan.status,
            Plan.period_start,
            Plan.created_at,
            func.min(Version.signed_at),
            func.min(Version.reported_at),
        )
        .join(Student, Student.id == Plan.student_id)
        .outerjoin(Version, Version.plan_id == Plan.id)
        .where(cohort.student_condition)
        .group_by(Plan.id)
        .order_by(Plan.period_start, Plan.id)
    ):
        since = cohort.since.get(student_id)
        if since is None or start < since or student_id in seen:
            continue
        seen.add(student_id)
        if student_id not in cohort.as_of:
            found[student_id] = STATE.get(status, "written")
        elif reported_at is not None and cohort.by_end(student_id, clock.day_of(reported_at)):
            found[student_id] = "executed"
        elif signed_at is not None and cohort.by_end(student_id, clock.day_of(signed_at)):
            found[student_id] = "signed"
        elif cohort.by_end(student_id, clock.day_of(created_at)):
            found[student_id] = "written"
    return found


def helpers_of(student):
    """Who reads and signs off the student's current plan now, by name (down the chain
    where the class has no advisor)."""
    plan = plan_of(student)
    if plan is None:
        return []
    return [
        Helper(_("Reviews your study plan"), name, contact_of(user_id))
        for user_id, name in reviewer_of(plan).people
    ]


def wishes_of(student):
    """A peer volunteer asked for in the plan the student last sent for review (a draft is
    not sent yet; a later version that no longer asks withdraws the wish)."""
    plan = plan_of(student)
    sent = [v for v in plan.versions if v.submitted_at] if plan else []
    if not sent or not sent[-1].content.get("help", {}).get("peer"):
        return []
    return [Wish(PEER_VOLUNTEER, sent[-1].submitted_at, _("in the study plan"))]
