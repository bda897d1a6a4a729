"""Proposals to add or remove a student (GXU: attitude, attendance, discipline, sudden drop);
the secretary accepts or rejects, and every decision is kept."""

from __future__ import annotations

from sqlalchemy import select

from portal.core import audit
from portal.core.i18n import N_
from portal.core.models import Student, Term
from portal.core.models.base import utcnow
from portal.core.notify import notify
from portal.extensions import db

from . import roster
from .models import Proposal, Run, Warning
from .notices import notice_for_added


class ProposalError(ValueError):
    pass


def current_warnings(student: Student, term: Term) -> list[Warning]:
    """The student's warnings in the term's latest run, published or not: a proposal
    changes the roster being worked on."""
    return list(
        db.session.scalars(
            select(Warning)
            .join(Warning.student)
            .where(Warning.student_id == student.id, roster.current_condition(term.id, drafts=True))
        )
    )


def current_run_for(student: Student, term: Term) -> Run | None:
    runs = roster.current_runs(term.id, drafts=True)
    candidates = [r for c, r in runs.items() if c in (None, student.college_id)]
    return db.session.get(Run, max(candidates)) if candidates else None


def propose(
    student: Student,
    term: Term,
    *,
    action: str,
    reason: str,
    explanation: str,
    category: str | None,
    level: str | None,
    user_id: int,
) -> Proposal:
    if action == "add" and not (category and level):
        raise ProposalError("level")
    if action == "remove" and not current_warnings(student, term):
        raise ProposalError("not_warned")
    proposal = Proposal(
        term_id=term.id,
        student_id=student.id,
        action=action,
        reason=reason,
        explanation=explanation,
        category=category if action == "add" else None,
        level=level if action == "add" else None,
        proposed_by_id=user_id,
    )
    db.session.add(proposal)
    db.session.flush()
    return proposal


def decide(proposal: Proposal, *, accept: bool, note: str, user_id: int) -> None:
    """Accepting changes the current run (with the proposal as the record of why)."""
    if proposal.decision != "pending":
        raise ProposalError("decided")
    student, term = proposal.student, db.session.get(Term, proposal.term_id)
    if accept:
        _apply(proposal, student, term)
    proposal.decision = "accepted" if accept else "rejected"
    proposal.decided_by_id, proposal.decided_at, proposal.decision_note = user_id, utcnow(), note
    audit.record_on(proposal, "proposal_" + proposal.decision)
    # Close the loop: whoever proposed hears the outcome.
    notify(
        proposal.proposed_by_id,
        N_("Your proposal about %(name)s was accepted.")
        if accept
        else N_("Your proposal about %(name)s was not accepted."),
        name=student.name,
    )


def _apply(proposal: Proposal, student: Student, term: Term) -> None:
    if proposal.action == "remove":
        for warning in current_warnings(student, term):
            warning.removed_by_proposal_id, warning.removed_at = proposal.id, utcnow()
        return
    run = current_run_for(student, term)
    if run is None:
        raise ProposalError("no_run")
    ranks = {
        (c["code"], lvl["code"]): i
        for c in run.ruleset_snapshot["categories"]
        for i, lvl in enumerate(c["levels"], start=1)
    }
    existing = next(
        (w for w in current_warnings(student, term) if w.category == proposal.category), None
    )
    if existing is not None:
        existing.removed_by_proposal_id, existing.removed_at = proposal.id, utcnow()
    db.session.add(
        Warning(
            run_id=run.id,
            student_id=student.id,
            category=proposal.category,
            level=proposal.level,
            level_rank=ranks.get((proposal.category, proposal.level), 1),
            source="proposal",
            fired=[],
            metrics={},
            change="new",
            since_last_term="new",
        )
    )
    db.session.flush()
    notice_for_added(run, student.id, proposal.category)


def pending(scope_clause) -> list[Proposal]:
    return list(
        db.session.scalars(
            select(Proposal)
            .join(Proposal.student)
            .where(Proposal.decision == "pending", scope_clause)
            .order_by(Proposal.proposed_at)
        )
    )


def recent_decisions(scope_clause, limit: int = 50) -> list[Proposal]:
    return list(
        db.session.scalars(
            select(Proposal)
            .join(Proposal.student)
            .where(Proposal.decision != "pending", scope_clause)
            .order_by(Proposal.decided_at.desc())
            .limit(limit)
        )
    )
