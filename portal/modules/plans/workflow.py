"""A plan's life: draft → submitted → returned (new version) or signed (locked; a change
starts a new version) → reported at term end → closed with the reviewer's comment.
Whoever is waiting hears of each step (in-portal notifications)."""

from __future__ import annotations

from portal.core import standing
from portal.core.i18n import N_
from portal.core.models.base import utcnow
from portal.core.notify import notify
from portal.extensions import db

from . import content as plan_content
from .models import Comment, Plan, Version
from .report_window import report_window
from .reviewers import account_of, office_ids, reviewer_of, reviewer_role


class PlanError(Exception):
    pass


def period_start(student_id: int):
    held = standing.of_student(student_id)
    return min(s.since for s in held) if held else None


def owes_plan(student_id: int) -> bool:
    """Warned now: a warning whose lifting the secretary confirmed has ended, and asks for no
    plan (a lifting only proposed keeps the warning: warning-rules.md §6)."""
    return any(s.lifted_on is None for s in standing.of_student(student_id))


def plan_of(student, *, create: bool = False) -> Plan | None:
    """The student's plan for this support period; `create`: a new one is stored if there is
    none (their first save). None for a student who is not warned."""
    start = period_start(student.id)
    if start is None:
        return None
    plan = _stored(student.id, start)
    if plan is None and create:
        plan = _blank(student, start)
        db.session.add(plan)
        db.session.flush()
    return plan


def plan_to_write(student) -> Plan | None:
    """The plan the student's page shows: their stored one, or before their first save a
    blank one (its failed courses filled in) that is not stored: opening the page creates
    nothing (walk finding 6), the first save does."""
    start = period_start(student.id)
    if start is None:
        return None
    return _stored(student.id, start) or _blank(student, start)


def _stored(student_id: int, start) -> Plan | None:
    return db.session.scalar(
        db.select(Plan).where(Plan.student_id == student_id, Plan.period_start == start)
    )


def _blank(student, start) -> Plan:
    """A new plan, outside the session: version 1, its failed courses from the grades."""
    plan = Plan(
        student_id=student.id,
        student=student,
        period_start=start,
        reviewer_role=reviewer_role(student),
        status="draft",
    )
    plan.versions.append(Version(number=1, content=plan_content.empty(student.id)))
    return plan


def save_draft(plan: Plan, content: dict) -> Version:
    """The draft as written; a plan not stored yet (`plan_to_write`) is stored now."""
    version = plan.current
    if version.locked:
        raise PlanError("locked")
    if plan.id is None:
        db.session.add(plan)
    version.content = content
    version.saved_at = utcnow()
    db.session.flush()
    return version


def submit(plan: Plan) -> None:
    version = plan.current
    if version.locked:
        raise PlanError("locked")
    version.submitted_at = utcnow()
    plan.status = "submitted"
    _tell_reviewers(
        plan,
        N_("%(name)s submitted a study plan for your review."),
        N_(
            "%(name)s submitted a study plan, but nobody in the portal can review it. Please "
            "arrange a reviewer: the plan's page says who is missing."
        ),
    )


def revise(plan: Plan) -> Version:
    """A returned or signed plan changes in a new version (a copy of the last one)."""
    if plan.status not in ("returned", "signed"):
        raise PlanError("not_revisable")
    last = plan.current
    version = Version(number=last.number + 1, content=dict(last.content))
    plan.versions.append(version)
    plan.status = "draft"
    db.session.flush()
    return version


def comment(plan: Plan, user_id: int, part: str, text: str, action: str = "comment") -> None:
    version = plan.current
    if action in ("return", "sign") and plan.status != "submitted":
        raise PlanError("not_submitted")
    if action == "closing" and plan.status != "reported":
        raise PlanError("not_reported")
    if action == "return" and not text:
        raise PlanError("reason")
    if text or action != "comment":
        version.comments.append(Comment(part=part, action=action, text=text, author_id=user_id))
    if action == "return":
        version.returned_at, plan.status = utcnow(), "returned"
        _tell_student(plan, N_("Your study plan was returned with comments; please revise it."))
    elif action == "sign":
        version.signed_at, version.signed_by_id, plan.status = utcnow(), user_id, "signed"
        _tell_student(plan, N_("Your study plan was signed off."))
    elif action == "closing":
        plan.status = "closed"
        _tell_student(plan, N_("Your reviewer commented on your term-end report."))
    db.session.flush()


def report(plan: Plan, outcome: dict) -> None:
    if plan.status not in ("signed", "reported"):
        raise PlanError("not_signed")
    if not report_window(plan).is_open:
        raise PlanError("too_early")
    version = plan.signed
    version.report, version.reported_at = outcome, utcnow()
    plan.status = "reported"
    _tell_reviewers(
        plan,
        N_("%(name)s reported how their study plan went."),
        N_(
            "%(name)s reported how their study plan went, but nobody in the portal can review "
            "it. Please arrange a reviewer: the plan's page says who is missing."
        ),
    )


def _tell_reviewers(plan: Plan, message: str, unreviewed: str) -> None:
    """`message` (naming the student) to the plan's reviewers now (`reviewer_of`: down the
    chain where the class has no advisor); with nobody to review, `unreviewed` to the
    college's secretaries, who arrange one. The change is flushed."""
    reviewer = reviewer_of(plan)
    if reviewer.nobody:
        notify(office_ids(plan.student), unreviewed, link=_link(plan), name=plan.student.name)
    else:
        notify(reviewer.ids, message, link=_link(plan), name=plan.student.name)
    db.session.flush()


def _tell_student(plan: Plan, message: str) -> None:
    notify(account_of(plan.student_id), message, link="/plans/mine")


def _link(plan: Plan) -> str:
    return f"/plans/{plan.id}"  # also from the command line (demo), outside a request
