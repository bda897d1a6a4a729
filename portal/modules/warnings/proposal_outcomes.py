"""What a proposer hears of an accepted addition after the decision, and reads on 我的提议
(my proposals): the warning it gave withdrawn after the student's objection
(notices.answer), or no longer on the term's corrected roster (publication.drop). Told only
"accepted", the proposer believed the student was being helped when the warning was gone.

Nothing new is stored: the notice last issued for the warning says what became of it (a
warning given again by the roster computed next has a newer notice, and reads "accepted"
again)."""

from __future__ import annotations

from sqlalchemy import select

from portal.core.i18n import N_
from portal.core.models import Term
from portal.core.notify import notify
from portal.extensions import db

from .codes import LaterOutcome, kind_of
from .models import Notice, Proposal, Warning

WITHDRAWN = N_(
    "%(name)s, whom your proposal added to the roster of %(term)s, objected to the notice, "
    "and the warning was withdrawn."
)
DROPPED = N_("The corrected roster of %(term)s no longer lists %(name)s, whom your proposal added.")


def page_of(proposal_id: int) -> str:
    """Where a proposer reads their proposal: its row on 我的提议, which opens for them
    however their scope has changed since (the student's page may not)."""
    return f"/warnings/proposals/mine#proposal-{proposal_id}"


def tell_withdrawn(warnings) -> None:
    """An objection accepted: the proposers of the withdrawn warnings that a proposal gave."""
    _tell(WITHDRAWN, {w.added_by_proposal_id for w in warnings if w.added_by_proposal_id})


def tell_dropped(unstated: dict[tuple[int, str], tuple[int, int]]) -> None:
    """A corrected roster published: the proposers of the warnings stated by the notices it
    withdrew, (student, kind) -> (notice, its roster), that a proposal gave."""
    if not unstated:
        return
    rows = db.session.execute(
        select(
            Warning.added_by_proposal_id, Warning.run_id, Warning.student_id, Warning.category
        ).where(
            Warning.run_id.in_({run for _notice, run in unstated.values()}),
            Warning.added_by_proposal_id.is_not(None),
            Warning.removed_at.is_(None),
        )
    )
    _tell(
        DROPPED,
        {
            proposal
            for proposal, run, student, category in rows
            if unstated.get((student, kind_of(category)), (None, None))[1] == run
        },
    )


def _tell(message: str, proposal_ids: set[int]) -> None:
    for proposal_id in sorted(proposal_ids):
        proposal = db.session.get(Proposal, proposal_id)
        notify(
            proposal.proposed_by_id,
            message,
            name=proposal.student.name,
            term=db.session.get(Term, proposal.term_id).code,
            link=page_of(proposal.id),
        )


def later_outcomes(proposals) -> dict[int, LaterOutcome]:
    """proposal id -> what became of the warning, for the accepted additions whose warning
    the student no longer holds: withdrawn after an objection, or dropped by a corrected
    roster, as the notice last issued for it says."""
    added = [p.id for p in proposals if p.decision == "accepted" and p.action == "add"]
    if not added:
        return {}
    warnings = db.session.scalars(
        select(Warning).where(Warning.added_by_proposal_id.in_(added))
    ).all()
    notices = {
        (n.run_id, n.student_id, n.kind): n
        for n in db.session.scalars(
            select(Notice).where(
                Notice.run_id.in_({w.run_id for w in warnings}),
                Notice.student_id.in_({w.student_id for w in warnings}),
            )
        )
    }
    latest: dict[int, tuple[Notice, Warning]] = {}
    for warning in warnings:
        notice = notices.get((warning.run_id, warning.student_id, kind_of(warning.category)))
        held = latest.get(warning.added_by_proposal_id)
        if notice is not None and (held is None or notice.id > held[0].id):
            latest[warning.added_by_proposal_id] = (notice, warning)
    found = {p: _undone(notice, warning) for p, (notice, warning) in latest.items()}
    return {p: outcome for p, outcome in found.items() if outcome is not None}


def _undone(notice: Notice, warning: Warning) -> LaterOutcome | None:
    if notice.state == "withdrawn" and warning.removed_by_proposal_id is None:
        return LaterOutcome.WITHDRAWN
    if notice.state == "dropped" and warning.removed_at is None:
        return LaterOutcome.DROPPED
    return None
