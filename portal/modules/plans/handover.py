"""A plan waiting for review passes to someone else when the people change: its reviewer is
computed when read (`reviewers`), so an advisor appointed, a role removed, an account
disabled or a student moved to another class moves it at once. Whoever now reviews waiting
plans they did not review before hears it, once, with how many and a link to their review
list; a student whose waiting plan had nobody to review hears that someone does now (they
were told to contact the college office: `workflow.submit`). A plan left with nobody to
review is told as one submitted with nobody (`workflow.submit`): its student, in kind words,
and the college's secretaries (`office_ids`), once, with how many and a link to the list of
plans nobody can review. The core's `roles_changing` and `students_moving`, sent before the
change, let this read who reviewed before."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import selectinload

from portal.core.i18n import N_, keep
from portal.core.models import Student
from portal.core.notify import notify
from portal.core.queue import path_for
from portal.core.roles import ROLES
from portal.extensions import db

from .models import Plan
from .reviewers import REVIEWER_ROLES, Reviewer, account_of, office_ids, reviewers_of

WAITING = ("submitted", "reported")
PASSED = N_("Study plans waiting for review passed to you as their reviewers changed: %(n)d.")
FOUND = N_(
    "Your study plan now has a reviewer in the portal: %(role)s %(names)s. It has gone to them."
)
LOST = N_(
    "Study plans waiting for review have nobody left in the portal to review them as their "
    "reviewers changed: %(n)d. Please arrange a reviewer: the study plans page lists them "
    "under “Nobody can review these plans”."
)
ALONE = N_(
    "Nobody in the portal can review your study plan now: the people who review it changed. "
    "Your plan stays as you sent it and you need not do anything; your college office has "
    "been told and will arrange a reviewer. You may contact them too."
)
# The grants a reviewer is found by (`reviewers_of`): over a class, a major or a college.
UNITS = {"class": Student.class_id, "major": Student.major_id, "college": Student.college_id}


def hear_roles_changing(_app, *, grants, **_payload):
    """The core's `roles_changing`: the reviewers now of the waiting plans the changed grants
    reach, and what tells the new ones once the change is made; nothing for a grant of a
    role that reviews no plan."""
    reached = [
        UNITS[kind] == scope_id
        for role, kind, scope_id in grants
        if role in REVIEWER_ROLES and kind in UNITS
    ]
    if not reached:
        return None
    return _handing_over(or_(*reached))


def hear_students_moving(_app, *, students, **_payload):
    """The core's `students_moving` (a roster import places students in another class):
    as `hear_roles_changing`, over the moved students' waiting plans."""
    # Written into the SQL, not bound one by one: a new roster may move thousands at once.
    chosen = bindparam("students", sorted(students), expanding=True, literal_execute=True)
    return _handing_over(Plan.student_id.in_(chosen))


def _handing_over(where):
    """The reviewers now of the waiting plans `where` picks, and what tells the people
    concerned once the change is made."""
    before = _reviewers(where)
    return lambda: _tell(before, _reviewers(where))


def _reviewers(where) -> dict[int, tuple[Plan, Reviewer]]:
    """Per waiting plan of the students `where` picks: the plan and its reviewer now."""
    plans = db.session.scalars(
        select(Plan)
        .join(Plan.student)
        .where(where, Plan.status.in_(WAITING))
        .options(selectinload(Plan.student))
    ).all()
    found = reviewers_of([p.student for p in plans], {p.student_id: p.reviewer_role for p in plans})
    return {p.id: (p, found[p.student_id]) for p in plans}


def _tell(before: dict, after: dict) -> None:
    passed: Counter[int] = Counter()
    lost: Counter[int] = Counter()  # per secretary, the plans left with nobody
    for plan_id, (plan, now) in after.items():
        if plan_id not in before:
            continue
        then = before[plan_id][1]
        passed.update(set(now.ids) - set(then.ids))
        if then.nobody and not now.nobody:
            notify(
                account_of(plan.student_id),
                FOUND,
                link="/plans/mine",
                role=keep(ROLES[now.role]),
                names=", ".join(now.names),
            )
        elif now.nobody and not then.nobody:
            notify(account_of(plan.student_id), ALONE, link="/plans/mine")
            lost.update(office_ids(plan.student))
    link = path_for("plans.index")
    for user_id, count in passed.items():
        notify(user_id, PASSED, link=link, n=count)
    for user_id, count in lost.items():
        notify(user_id, LOST, link=link, n=count)
