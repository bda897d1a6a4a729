"""Proposal pages: advisors and counselors propose, the secretary decides. Each names the
term whose roster the proposal is for, and whether that roster is published (proposals.py
says which roster that is, and why)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.core.access import require, scoped_student_or_404, student_scope
from portal.core.form_views import attempt, commit_and_redirect, form_page
from portal.core.htmx import hx_redirect, render
from portal.core.i18n import _, pick
from portal.core.models import Term
from portal.extensions import db

from .codes import ProposalReason
from .explain import catalogue_of, level_catalogue
from .forms import DecisionForm, ProposalForm
from .models import PROPOSAL_REASONS, Proposal, Run
from .proposals import (
    ProposalError,
    current_run_for,
    decide,
    pending,
    proposal_term,
    propose,
    recent_decisions,
)
from .views import bp

_PROBLEMS = {
    "level": lambda: _("Choose the category and level to add the student at."),
    "not_warned": lambda: _("This student is not on the roster, so there is nothing to remove."),
    "no_run": lambda: _("No roster has been computed for this term yet."),
    "decided": lambda: _("This proposal has already been decided."),
    "moved": lambda: _(
        "Since this form was opened, a roster for a later term has been computed: the "
        "proposal is now for the term named above. Check it and send it again."
    ),
    "superseded": lambda: _(
        "A roster for a later term has been computed since this proposal was made, so "
        "accepting it would change a roster that no longer counts. Reject it; the proposer "
        "can propose again for the new term."
    ),
    "awaiting_approval": lambda: _(
        "The roster this proposal is for is waiting for approval: decide on the proposal "
        "once the roster is returned or published."
    ),
    "level_gone": lambda: _(
        "The roster's ruleset no longer has the level proposed. Reject the proposal; the "
        "proposer can propose again."
    ),
}


def _proposal_form(run: Run | None) -> ProposalForm:
    form = ProposalForm()
    form.action.choices = [
        SelectChoice("add", _("Add to the roster")),
        SelectChoice("remove", _("Remove from the roster")),
    ]
    form.reason.choices = ProposalReason.choices()
    levels = [SelectChoice("", "—")]
    for category in run.ruleset_snapshot["categories"] if run else []:
        levels += [
            SelectChoice(
                f"{category['code']}:{level['code']}",
                f"{pick(category['names'])} · {pick(level['names'])}",
            )
            for level in category["levels"]
        ]
    form.level.choices = levels
    return form


@bp.route("/students/<int:student_id>/propose", methods=["GET", "POST"])
@require("warnings.propose")
def propose_student(student_id: int):
    student = scoped_student_or_404(student_id, "warnings.propose")
    term = proposal_term(student)
    run = current_run_for(student, term) if term else None
    form = _proposal_form(run)
    if (
        term
        and form.validate_on_submit()
        and form.reason.data in PROPOSAL_REASONS
        and form.action.data in ("add", "remove")
    ):
        category, _sep, level = form.level.data.partition(":")
        try:
            if form.term.data != str(term.id):  # the form named another term's roster
                raise ProposalError("moved")
            propose(
                student,
                term,
                action=form.action.data,
                reason=form.reason.data,
                explanation=form.explanation.data.strip(),
                category=category or None,
                level=level or None,
                user_id=current_user.id,
            )
        except ProposalError as problem:
            field = form.term if str(problem) == "moved" else form.level
            field.errors.append(_PROBLEMS[str(problem)]())
        else:
            return commit_and_redirect(
                _("Proposal sent to the teaching secretary."),
                url_for("warnings.student_tab", student_id=student.id),
            )
    if term:
        form.term.data = str(term.id)  # the term named on the page, sent back with it
    return form_page("warnings/propose.html", form, student=student, term=term, run=run)


@dataclass
class ProposalFor:
    """What a proposal is for, in words: the term's roster, its state (draft, submitted for
    approval, published, or superseded by a later term's), and the category and level an
    addition proposes."""

    term: Term
    state: str
    level: str | None


def _proposals_for(proposals: list[Proposal]) -> dict[int, ProposalFor]:
    """Each proposal's ProposalFor, the level named by the ruleset of the roster it is for
    (another ruleset's name where that one lacks it: a ruleset changed since)."""
    runs: dict[tuple, Run | None] = {}
    newest: dict[int, Term | None] = {}
    everywhere = None
    found = {}
    for p in proposals:
        student, term = p.student, db.session.get(Term, p.term_id)
        key = (term.id, student.college_id)
        if key not in runs:
            runs[key] = current_run_for(student, term)
        if student.college_id not in newest:
            newest[student.college_id] = proposal_term(student)
        run, latest = runs[key], newest[student.college_id]
        if latest is not None and latest.id != term.id:
            state = "superseded"
        else:
            state = _roster_state(run)
        names = catalogue_of(run.ruleset_snapshot) if run is not None else {}
        info = names.get((p.category, p.level))
        if info is None and p.level:
            everywhere = everywhere if everywhere is not None else level_catalogue()
            info = everywhere.get((p.category, p.level))
        level = f"{info.category_label} · {info.label}" if info else p.level
        found[p.id] = ProposalFor(term, state, level)
    return found


def _roster_state(run: Run | None) -> str:
    """published, submitted (waiting for approval), or draft (a returned roster included:
    editable again)."""
    if run is not None and run.status in ("published", "submitted"):
        return run.status
    return "draft"


@bp.route("/proposals")
@require("warnings.manage")
def proposals():
    scope = student_scope("warnings.manage")
    waiting, decided = pending(scope), recent_decisions(scope)
    return render(
        "warnings/proposals.html",
        waiting=waiting,
        decided=decided,
        about=_proposals_for(waiting + decided),
        form=DecisionForm(),
        reasons=ProposalReason.label_of,
    )


@bp.route("/proposals/<int:proposal_id>/decide", methods=["POST"])
@require("warnings.manage")
def decide_proposal(proposal_id: int):
    proposal = db.get_or_404(Proposal, proposal_id)
    scoped_student_or_404(proposal.student_id, "warnings.manage")
    form = DecisionForm()
    url = url_for("warnings.proposals")
    if form.validate_on_submit():
        return attempt(
            lambda: decide(
                proposal,
                accept=request.form.get("decision") == "accept",
                note=(form.note.data or "").strip(),
                user_id=current_user.id,
            ),
            ProposalError,
            done=_("Decision recorded; the proposer has been notified."),
            url=url,
            why=lambda problem: _PROBLEMS[str(problem)](),
        )
    return hx_redirect(url)


@bp.route("/proposals/mine")
@require("warnings.propose")
def my_proposals():
    mine = db.session.scalars(
        select(Proposal)
        .where(Proposal.proposed_by_id == current_user.id)
        .order_by(Proposal.proposed_at.desc())
        .limit(100)
    ).all()
    return render(
        "warnings/my_proposals.html",
        proposals=mine,
        about=_proposals_for(mine),
        reasons=ProposalReason.label_of,
    )
