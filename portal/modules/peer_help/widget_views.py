"""The dashboard cards: for staff, pairings waiting for this user's opinion or review (issue
17 missing 3), the class advisor's opinion first, then the college's and the school's review;
for those who select volunteers and check sessions, the applications and sessions waiting;
for a student, the sessions a volunteer logged with them to confirm, and for an active
volunteer the way to log the next one."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import and_, func, select

from portal.core.access import require, student_scope
from portal.core.htmx import render
from portal.extensions import db

from . import pairings, sessions, volunteers
from .models import STAGES, Mentee, Pairing, TutoringSession, Volunteer
from .views import bp, own_volunteer, sessions_to_confirm


def waiting_on(user) -> list[Pairing]:
    """Pairings in scope at a stage this user decides, oldest first."""
    scope = student_scope("peer_help.staff")
    found = db.session.scalars(
        select(Pairing)
        .where(
            Pairing.state.in_(STAGES),
            Pairing.id.in_(select(Mentee.pairing_id).join(Mentee.student).where(scope)),
        )
        .order_by(Pairing.created_at)
    )
    return [p for p in found if pairings.may_decide(user, p)]


@bp.route("/widget")
@require("peer_help.staff")
def widget():
    return render("peer_help/widget.html", fragment="widget", items=waiting_on(current_user))


@dataclass(frozen=True)
class Work:
    """What waits for those who select volunteers and check sessions, in their scope."""

    applications: int  # volunteers who applied, to select or decline
    to_check: int  # sessions every mentee present confirmed, not checked yet
    disputed: int  # sessions a mentee questioned: to look into (the check page lists them)

    @property
    def total(self) -> int:
        return self.applications + self.to_check + self.disputed


def work_waiting() -> Work:
    """Counted as the pages that act on them show them: applicants in the reader's scope
    (their volunteers list), sessions of pairings with a mentee in it (the check page)."""
    scope = student_scope("peer_help.manage")
    applications = db.session.scalar(
        select(func.count())
        .select_from(Volunteer)
        .join(Volunteer.student)
        .where(scope, Volunteer.state == "applied")
    )
    in_scope = select(Mentee.pairing_id).join(Mentee.student).where(scope)
    to_check, disputed = db.session.execute(
        select(
            func.count().filter(sessions.confirmed()), func.count().filter(sessions.disputed())
        ).where(
            and_(TutoringSession.pairing_id.in_(in_scope), TutoringSession.checked_at.is_(None))
        )
    ).one()
    return Work(applications, to_check, disputed)


@bp.route("/work/widget")
@require("peer_help.manage")
def work_widget():
    """Nothing when nothing waits: the dashboard then shows no card."""
    return render("peer_help/work_widget.html", fragment="widget", work=work_waiting())


@bp.route("/mine/widget")
@require("peer_help.own")
def mine_widget():
    """Nothing when there is nothing to do: the dashboard then shows no card."""
    mine = own_volunteer()
    return render(
        "peer_help/mine_widget.html",
        fragment="widget",
        to_confirm=sessions_to_confirm(),
        volunteering=mine is not None and mine.state == "active",
        # A volunteer warned since being selected: supportive words with the way to log.
        warned=volunteers.warned_since_selected(mine),
    )
