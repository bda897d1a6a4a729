"""What other parts of the portal read of plans: the review (none, written, signed, executed),
the student's home page (who reviews the plan) and peer help (a peer volunteer asked for)."""

from sqlalchemy import select

from portal.core.helpers import Helper, contact_of
from portal.core.i18n import _
from portal.core.models import Student
from portal.core.wishes import PEER_VOLUNTEER, Wish
from portal.extensions import db

from .models import Plan
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
    period starts at the roster's publication; a later term's plan is not this one's)."""
    found = {sid: "none" for sid in cohort.since}
    seen: set[int] = set()
    for student_id, status, start in db.session.execute(
        select(Plan.student_id, Plan.status, Plan.period_start)
        .join(Student, Student.id == Plan.student_id)
        .where(cohort.student_condition)
        .order_by(Plan.period_start)
    ):
        since = cohort.since.get(student_id)
        if since is not None and start >= since and student_id not in seen:
            seen.add(student_id)
            found[student_id] = STATE.get(status, "written")
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
