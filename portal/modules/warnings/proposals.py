"""Proposals to add or remove a student; the secretary accepts or rejects, and every decision
is kept. 广西大学电气工程学院《本科生学业帮扶实施办法》（2020）二.2(1): "班主任、辅导员可根据学生
的学习态度、心理状况、考勤、处分……补充教务秘书提供的学业预警名单" — the class advisor and the
counselor supplement the roster the secretary draws up, which then goes to the leaders
(workflows.md §1: proposals come before the leader approves).

Which roster a proposal changes:

- It is for the newest term with a roster of the student's college (its own or one over all
  students), a draft included: the roster being drawn up. The form names that term (an
  advisor reads no draft, but sees which term's roster they supplement) and the proposal
  keeps it. Proposing for the last published term while the next term's roster is drawn up
  would put the student on a roster about to be replaced: the next one, published, would
  lift them at once, and the review would count them as helped.
- Accepted while that roster is not yet published (a draft, or returned), the change
  becomes part of it, and the student is told with everyone at its publication.
- While that roster is submitted, waiting for a leader's approval, a proposal can still be
  made but not decided (`awaiting_approval`): accepted, it would change the roster the
  leader is reading and about to publish. Proposals supplement the roster before the
  leaders approve it (gxu 二.2(1); workflows.md §1: advisors propose, the secretary accepts
  or rejects, leaders approve), so one made meanwhile waits for the leader's answer: the
  roster returned (editable again) or published, it is decided as above.
- Accepted on a published roster (nothing newer computed yet), the student is added at once
  and given their notice (notices.notice_for_added); their follow-up, talks and study plan,
  counts from that day, not from the roster's publication (standing.py). A removal accepted
  there withdraws the student's notice (notices.withdraw_removed). Either way the liftings
  at the term follow, as publishing the roster so changed would make them
  (lifting.follow_proposal): a warning of an earlier term the removal ends is proposed for
  lifting, one an addition renews is no longer.
- Once a later term's roster has been computed, the proposal no longer changes a roster
  that counts, so it cannot be accepted: the secretary rejects it, and the proposer proposes
  again for the new term if the concern stands.
- A roster computed again for the same term keeps the term's accepted proposals
  (`carry_accepted`): the decision stands for the term, where a new computation (corrected
  grades, make-up exams) would otherwise drop it quietly.

A proposal that would change nothing is refused: a removal of a student the roster does not
list, an addition at the level it gives them (another level asks for a change of level) —
checked on a roster the proposer reads, and for a draft when accepted. So is one that
clashes with a proposal about the student still waiting (`clashing`), named in the refusal.

Who hears: those who decide hear of each proposal as it is made (the proposals page and
their home card list those waiting); the proposer hears the decision, and later what became
of the warning an accepted addition gave (proposal_outcomes.py).
"""

from __future__ import annotations

from sqlalchemy import or_, select, true

from portal.core import audit
from portal.core.access import role_permissions, roles_reaching
from portal.core.helpers import holders_of
from portal.core.i18n import N_, keep
from portal.core.models import Student, Term, User
from portal.core.models.base import utcnow
from portal.core.notify import notify
from portal.core.roles import ROLES
from portal.extensions import db

from . import roster
from .changes import change, since_last_term
from .lifting import follow_proposal
from .models import Proposal, Run, Warning
from .notices import notice_for_added, withdraw_removed
from .proposal_outcomes import page_of
from .standing import ranks_before

PROPOSING, DECIDING = "warnings.propose", "warnings.manage"


class ProposalError(ValueError):
    """Why a proposal is refused (its code is the message); `pending`: the proposal waiting
    for a decision that a new one would clash with."""

    def __init__(self, code: str, pending: Proposal | None = None):
        super().__init__(code)
        self.pending = pending


def proposal_term(student: Student) -> Term | None:
    """The term a proposal about the student is for: the newest term with a roster of the
    student's college, its own or one over all students, a draft included."""
    rostered = select(Run.term_id).where(
        or_(Run.college_id.is_(None), Run.college_id == student.college_id)
    )
    return db.session.scalar(
        select(Term)
        .where(Term.id.in_(rostered))
        .order_by(Term.start_year.desc(), Term.n.desc())
        .limit(1)
    )


def current_run_for(student: Student, term: Term) -> Run | None:
    """The term's roster a proposal about the student changes: its newest run for the
    student's college, published or not."""
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
    reads_draft: bool = False,
) -> Proposal:
    """A proposal for `term`'s roster, the term the proposer was shown: refused ("moved")
    when a later term's roster has been computed since; refused when it would change
    nothing (a removal of a student the roster does not list, an addition at the level it
    gives them), or while a proposal it clashes with waits (`clashing`)."""
    newest = proposal_term(student)
    if newest is None:
        raise ProposalError("no_run")
    if newest.id != term.id:
        raise ProposalError("moved")
    if action == "add" and not (category and level):
        raise ProposalError("level")
    # A published roster is one the proposer reads; a draft's contents are not theirs to
    # learn from a refusal (unless they read drafts, `reads_draft`), so a proposal for a
    # draft is checked against it when it is accepted.
    run = current_run_for(student, term)
    if run.status == "published" or reads_draft:
        held = _on_run(run, student.id)
        if action == "remove" and not held:
            raise ProposalError("not_warned")
        if action == "add" and any((w.category, w.level) == (category, level) for w in held):
            raise ProposalError("already_warned")
    clash = clashing(waiting_about(student, term), action, category)
    if clash is not None:
        raise ProposalError("pending", clash)
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
    _tell_deciders(proposal, term)
    return proposal


def waiting_about(student: Student, term: Term) -> list[Proposal]:
    """The proposals about the student for the term's roster waiting for a decision, the
    longest waiting first (whoever made them)."""
    return list(
        db.session.scalars(
            select(Proposal)
            .where(
                Proposal.student_id == student.id,
                Proposal.term_id == term.id,
                Proposal.decision == "pending",
            )
            .order_by(Proposal.proposed_at, Proposal.id)
        )
    )


def clashing(waiting: list[Proposal], action: str, category: str | None) -> Proposal | None:
    """The waiting proposal a new one clashes with: any one beside a removal (it takes the
    student off the roster whole), and an addition in the same category (a student holds one
    level a category). Additions in two categories (liaoning's 降级 and 学位) stand apart."""
    for proposal in waiting:
        if "remove" in (action, proposal.action) or proposal.category == category:
            return proposal
    return None


# What those who decide hear of a new proposal, by its action.
_PROPOSED = {
    "add": N_(
        "%(proposer)s (%(role)s) proposes adding %(name)s to the warning roster of %(term)s."
    ),
    "remove": N_(
        "%(proposer)s (%(role)s) proposes removing %(name)s from the warning roster of %(term)s."
    ),
}


def _tell_deciders(proposal: Proposal, term: Term) -> None:
    """Whoever decides on the proposal hears of it, as of an objection: the accounts whose
    grant over the student's class, major or college may decide (the teaching secretary).
    One notification a proposal; the core's daily digest gathers a busy day's."""
    proposer = proposal.proposed_by
    role = proposer_role(proposer, proposal.student)
    deciders = set(holders_of(proposal.student, DECIDING)) - {proposer.id}
    notify(
        deciders,
        _PROPOSED[proposal.action],
        proposer=proposer.name,
        role=keep(ROLES[role]) if role else "",
        name=proposal.student.name,
        term=term.code,
        link=f"/warnings/proposals#proposal-{proposal.id}",
    )


def proposer_role(user: User | None, student: Student) -> str | None:
    """The role in which `user` proposes about the student (class advisor, counselor), the
    first that may, in the order of ROLES; None for one who no longer may."""
    if user is None:
        return None
    by_role = role_permissions()
    proposing = [role for role in ROLES if PROPOSING in by_role.get(role, ())]
    return next(iter(roles_reaching(user, student, proposing)), None)


def superseded(proposal: Proposal) -> bool:
    """Whether a later term's roster has been computed since the proposal: it can no longer
    be accepted (the module's docstring)."""
    newest = proposal_term(proposal.student)
    return newest is not None and newest.id != proposal.term_id


def awaiting_approval(proposal: Proposal) -> bool:
    """Whether the roster the proposal is for is submitted, waiting for a leader's approval:
    the proposal waits too (the module's docstring)."""
    run = current_run_for(proposal.student, db.session.get(Term, proposal.term_id))
    return run is not None and run.status == "submitted"


def decide(proposal: Proposal, *, accept: bool, note: str, user_id: int) -> None:
    """Accepting changes the term's roster, published or not (with the proposal as the
    record of why); nothing is decided while that roster waits for approval."""
    if proposal.decision != "pending":
        raise ProposalError("decided")
    if awaiting_approval(proposal):
        raise ProposalError("awaiting_approval")
    student, term = proposal.student, db.session.get(Term, proposal.term_id)
    if accept:
        if superseded(proposal):
            raise ProposalError("superseded")
        _apply(proposal, student, term)
    proposal.decision = "accepted" if accept else "rejected"
    proposal.decided_by_id, proposal.decided_at, proposal.decision_note = user_id, utcnow(), note
    audit.record_on(proposal, "proposal_" + proposal.decision)
    # Close the loop: whoever proposed hears the outcome, and can open the proposal. Said
    # with the student, the action and the term: a proposer with two proposals (two
    # students, or an addition then a removal) knows which one was decided.
    notify(
        proposal.proposed_by_id,
        _DECIDED[(proposal.action, accept)],
        name=student.name,
        term=term.code,
        link=page_of(proposal.id),
    )


# What the proposer hears of the decision, by action and outcome.
_DECIDED = {
    ("add", True): N_("Your proposal to add %(name)s to the roster of %(term)s was accepted."),
    ("add", False): N_("Your proposal to add %(name)s to the roster of %(term)s was not accepted."),
    ("remove", True): N_(
        "Your proposal to remove %(name)s from the roster of %(term)s was accepted."
    ),
    ("remove", False): N_(
        "Your proposal to remove %(name)s from the roster of %(term)s was not accepted."
    ),
}
# Earlier wordings, still read in notifications stored before they named the action.
_DECIDED_BEFORE = (
    N_("Your proposal about %(name)s was accepted."),
    N_("Your proposal about %(name)s was not accepted."),
)


def _apply(proposal: Proposal, student: Student, term: Term) -> None:
    run = current_run_for(student, term)
    if run is None:
        raise ProposalError("no_run")
    if proposal.action == "remove":
        if not _remove(run, proposal):
            raise ProposalError("not_warned")
        withdraw_removed(run, student.id, proposal.id)
    else:
        # The level the roster gives the student already: accepted, it would only keep
        # them there when the roster is computed again (carry_accepted).
        if any(w.level == proposal.level for w in _on_run(run, student.id, proposal.category)):
            raise ProposalError("already_listed")
        if not _add(run, proposal):
            raise ProposalError("level_gone")
        notice_for_added(run, student.id, proposal.category)
    follow_proposal(run, proposal)  # the liftings at its term, as its publication makes them


def carry_accepted(run: Run) -> set[tuple[int, str]]:
    """A roster computed again for a term keeps the term's accepted proposals, in the order
    they were decided; nobody is told (the students hear at publication, as everyone).
    Returns (student, category) of the warnings the proposals give on the new run. An
    addition at a level the run's ruleset no longer has is not carried."""
    covered = true() if run.college_id is None else Student.college_id == run.college_id
    accepted = db.session.scalars(
        select(Proposal)
        .join(Proposal.student)
        .where(Proposal.term_id == run.term_id, Proposal.decision == "accepted", covered)
        .order_by(Proposal.decided_at, Proposal.id)
    ).all()
    for proposal in accepted:
        if proposal.action == "remove":
            _remove(run, proposal)
        else:
            _add(run, proposal)
    db.session.flush()
    return {
        (student_id, category)
        for student_id, category in db.session.execute(
            select(Warning.student_id, Warning.category).where(
                Warning.run_id == run.id,
                Warning.added_by_proposal_id.is_not(None),
                Warning.removed_at.is_(None),
            )
        )
    }


def _on_run(run: Run, student_id: int, category: str | None = None) -> list[Warning]:
    query = select(Warning).where(
        Warning.run_id == run.id, Warning.student_id == student_id, Warning.removed_at.is_(None)
    )
    if category is not None:
        query = query.where(Warning.category == category)
    return list(db.session.scalars(query))


def _remove(run: Run, proposal: Proposal) -> int:
    """Take the student off the run, the warnings kept with the proposal as why; how many."""
    found = _on_run(run, proposal.student_id)
    for warning in found:
        warning.removed_by_proposal_id, warning.removed_at = proposal.id, utcnow()
    return len(found)


def _add(run: Run, proposal: Proposal) -> Warning | None:
    """The proposal's warning on the run, in place of the one the run gives the student in
    that category (kept, marked removed by the proposal); None when the run's ruleset has no
    such level."""
    ranks = {
        (c["code"], lvl["code"]): i
        for c in run.ruleset_snapshot["categories"]
        for i, lvl in enumerate(c["levels"], start=1)
    }
    rank = ranks.get((proposal.category, proposal.level))
    if rank is None:
        return None
    for existing in _on_run(run, proposal.student_id, proposal.category):
        existing.removed_by_proposal_id, existing.removed_at = proposal.id, utcnow()
    since, changed = _against_before(run, proposal.student_id, proposal.category, rank)
    warning = Warning(
        run_id=run.id,
        student_id=proposal.student_id,
        category=proposal.category,
        level=proposal.level,
        level_rank=rank,
        source="proposal",
        added_by_proposal_id=proposal.id,
        fired=[],
        metrics={},
        change=changed,
        since_last_term=since,
    )
    db.session.add(warning)
    db.session.flush()
    return warning


def _against_before(run: Run, student_id: int, category: str, rank: int) -> tuple[str, str]:
    """(since last term, change against the term's previous run), as a computed warning's:
    a student warned last term and added now is continuing, not new."""
    last = ranks_before(run.term_id, run.ruleset_snapshot, Student.id == student_id)
    since = since_last_term(last.get((student_id, category)), rank)
    earlier = None
    if run.previous_run_id is not None:
        earlier = db.session.scalar(
            select(Warning.level_rank).where(
                Warning.run_id == run.previous_run_id,
                Warning.student_id == student_id,
                Warning.category == category,
                Warning.removed_at.is_(None),
            )
        )
    return since, change((earlier,) if earlier else None, since, rank)


def pending(scope_clause) -> list[Proposal]:
    """The proposals waiting for a decision, the longest waiting first."""
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
