"""The dashboard cards: for staff, pairings waiting for this user's opinion or review (issue
17 missing 3), the class advisor's opinion first, then the college's and the school's review;
for a student, the sessions a volunteer logged with them to confirm, and for an active
volunteer the way to log the next one."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select

from portal.core.access import require, student_scope
from portal.core.htmx import render
from portal.extensions import db

from . import pairings, volunteers
from .models import STAGES, Mentee, Pairing
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
