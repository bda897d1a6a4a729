"""Lifting (解除): a published warning of an earlier term is proposed for lifting when a
later computation no longer warns the student, or the ruleset's lifting rule holds
(lanzhou: outstanding failed credits < 6). The secretary confirms; the student is told."""

from __future__ import annotations

from sqlalchemy import and_, insert, or_, select

from portal.core import audit
from portal.core.i18n import N_
from portal.core.metrics import StudentMetrics
from portal.core.models import Student, Term, User
from portal.core.models.base import utcnow
from portal.core.notify import notify
from portal.extensions import db

from .models import Lift, Run, Warning
from .rules import Ruleset, should_lift


def _earlier_published(run: Run) -> Run | None:
    """The latest published run of an earlier term, for the same students."""
    term = run.term
    earlier = or_(Term.start_year < term.start_year,
                  and_(Term.start_year == term.start_year, Term.n < term.n))
    query = (select(Run).join(Term, Term.id == Run.term_id)
             .where(Run.status == "published", earlier)
             .order_by(Term.start_year.desc(), Term.n.desc(), Run.id.desc()))
    if run.college_id is not None:
        query = query.where(or_(Run.college_id == run.college_id, Run.college_id.is_(None)))
    return db.session.scalars(query.limit(1)).first()


def propose_lifts(run: Run, metrics: dict[int, StudentMetrics], ruleset: Ruleset,
                  warned_now: set[int]) -> int:
    """Flush proposals for the earlier roster's students this run clears (flush only)."""
    earlier = _earlier_published(run)
    if earlier is None:
        return 0
    open_warnings = db.session.scalars(select(Warning).where(
        Warning.run_id == earlier.id, Warning.removed_at.is_(None), Warning.lifted_at.is_(None),
        Warning.id.not_in(select(Lift.warning_id)))).all()
    rows = []
    for warning in open_warnings:
        values = metrics.get(warning.student_id)
        if values is None:
            continue  # not evaluated this term (no regular attempt): nothing to judge by
        if warning.student_id not in warned_now:
            rows.append({"warning_id": warning.id, "reason": "not_warned"})
        elif should_lift(ruleset, values):
            rows.append({"warning_id": warning.id, "reason": "rule"})
    if rows:
        db.session.execute(insert(Lift), [dict(r, proposed_in_run_id=run.id, created_at=utcnow())
                                          for r in rows])
    return len(rows)


def proposed(scope_clause) -> list[Lift]:
    return list(db.session.scalars(
        select(Lift).join(Lift.warning).join(Warning.student)
        .where(Lift.confirmed_at.is_(None), scope_clause).order_by(Student.student_no)))


def confirm_lifts(lifts: list[Lift], user_id: int) -> int:
    now = utcnow()
    for lift in lifts:
        lift.confirmed_at, lift.confirmed_by_id = now, user_id
        lift.warning.lifted_at, lift.warning.lifted_by_id = now, user_id
        accounts = db.session.scalars(select(User.id).where(
            User.student_id == lift.warning.student_id)).all()
        notify(accounts, N_("Your academic warning has been lifted (解除). Well done, keep it up!"),
               link="/warnings/")
    audit.record("lift", object_type="Warning", detail=f"count={len(lifts)}")
    return len(lifts)
