"""Volunteers: apply, select, train, retire, stipend details (masked, audited)."""

from __future__ import annotations

from sqlalchemy import select

from portal.core import standing
from portal.core.i18n import N_
from portal.core.models import RoleGrant, User
from portal.core.notify import notify
from portal.extensions import db

from .models import Training, Volunteer


def of_student(student_id: int) -> Volunteer | None:
    return db.session.scalar(select(Volunteer).where(Volunteer.student_id == student_id))


def warned_levels(student_id: int) -> list[str]:
    """The warnings the student holds now (their names): a warned student is helped, not
    asked to help, and cannot be selected as a volunteer."""
    return [held.label for held in standing.of_student(student_id)]


def apply(
    student_id: int,
    courses: str,
    times: list[str],
    statement: str,
    criteria: list[str] | None = None,
    ranking: str | None = None,
) -> Volunteer:
    volunteer = of_student(student_id) or Volunteer(student_id=student_id)
    volunteer.courses, volunteer.times, volunteer.statement = courses, times, statement
    volunteer.criteria, volunteer.ranking = list(criteria or []), ranking or None
    if volunteer.state in (None, "declined", "retired"):
        volunteer.state = "applied"
    db.session.add(volunteer)
    db.session.flush()
    return volunteer


def decide(volunteer: Volunteer, state: str, user_id: int) -> None:
    """Select (active), decline, or retire; the volunteer role follows, and they hear of it."""
    volunteer.state, volunteer.decided_by_id = state, user_id
    account = db.session.scalar(select(User).where(User.student_id == volunteer.student_id))
    if account is not None:
        has = [g for g in account.grants if g.role == "volunteer"]
        if state == "active" and not has:
            account.grants.append(RoleGrant(role="volunteer", scope_kind="self"))
        elif state != "active":
            for grant in has:
                account.grants.remove(grant)
        notify(
            account.id,
            {
                "active": N_("You were selected as a peer volunteer. Thank you!"),
                "declined": N_("Your peer volunteer application was not accepted this time."),
                "retired": N_("Your peer volunteer service has ended. Thank you!"),
            }[state],
            link="/peer-help/",
        )
    db.session.flush()


def add_training(volunteer: Volunteer, held_on, topic: str) -> None:
    volunteer.trainings.append(Training(held_on=held_on, topic=topic))
    db.session.flush()


def masked(account: str | None) -> str:
    """`6222 0212 3456 7890` → `**** 7890`: enough to recognise, not to use."""
    digits = (account or "").replace(" ", "")
    return f"**** {digits[-4:]}" if len(digits) >= 4 else ("—" if not digits else "****")
