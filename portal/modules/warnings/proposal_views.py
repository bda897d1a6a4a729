"""Proposal pages: advisors and counselors propose, the secretary decides. Each names the
term whose roster the proposal is for, and whether that roster is published (proposals.py
says which roster that is, and why)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request, url_for
from flask_babel import format_date
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.core.access import require, scoped_student_or_404, student_scope
from portal.core.form_views import attempt, commit_and_redirect, form_page
from portal.core.htmx import hx_redirect, render
from portal.core.i18n import _, pick
from portal.core.models import Term
from portal.core.roles import ROLES
from portal.core.templating import punctuation
from portal.extensions import db

from . import roster
from .codes import REASONS_FOR, ProposalAction, proposal_reason_label
from .explain import catalogue_of, level_catalogue
from .forms import DecisionForm, ProposalForm
from .models import Proposal, Run, Warning
from .proposal_outcomes import later_outcomes
from .proposals import (
    ProposalError,
    current_run_for,
    decide,
    pending,
    proposal_term,
    propose,
    proposer_role,
    recent_decisions,
    waiting_about,
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
    "already_warned": lambda: _(
        "This student is already on the roster at this level, so the proposal would change "
        "nothing. To change their level, choose another one."
    ),
    "already_listed": lambda: _(
        "The roster already gives the student the level proposed, so accepting would change "
        "nothing. Reject the proposal."
    ),
    "level_gone": lambda: _(
        "The roster's ruleset no longer has the level proposed. Reject the proposal; the "
        "proposer can propose again."
    ),
}


def _problem(problem: ProposalError) -> str:
    """The refusal in words; a clash names the proposal waiting (proposals.clashing)."""
    if problem.pending is not None:
        return _(
            "A proposal about this student is already waiting for the teaching secretary's "
            "decision (%(proposal)s). Send another once it is decided.",
            proposal=_described([problem.pending])[problem.pending.id],
        )
    return _PROBLEMS[str(problem)]()


def _described(proposals: list[Proposal]) -> dict[int, str]:
    """proposal -> what it asks, who proposed it and when: "加入名单：学业预警 · 黄色预警，
    黄班主任（班主任）提出于 2025/3/1"."""
    about, proposers = _proposals_for(proposals), _proposers(proposals)
    colon = punctuation()["colon"]
    found = {}
    for p in proposals:
        what = ProposalAction.label_of(p.action)
        if p.level:
            what = f"{what}{colon}{about[p.id].level}"
        found[p.id] = _(
            "%(what)s, proposed by %(who)s on %(day)s",
            what=what,
            who=proposers[p.id],
            day=format_date(p.proposed_at, "short"),
        )
    return found


@dataclass
class Place:
    """Where the student stands on the roster a proposal is for, as the form says it: the
    levels that roster gives them (`shown`: only a roster the proposer reads, published or
    a draft of theirs), and the proposals about them waiting for a decision."""

    shown: bool
    levels: list[str]
    waiting: list[str]


def _place(student, term: Term, run: Run, reads_draft: bool) -> Place:
    shown = run.status == "published" or reads_draft
    levels = []
    if shown:
        names = catalogue_of(run.ruleset_snapshot)
        for warning in db.session.scalars(
            select(Warning)
            .where(
                Warning.run_id == run.id,
                Warning.student_id == student.id,
                Warning.removed_at.is_(None),
            )
            .order_by(Warning.category)
        ):
            info = names.get((warning.category, warning.level))
            levels.append(f"{info.category_label} · {info.label}" if info else warning.level)
    waiting = waiting_about(student, term)
    return Place(shown, levels, list(_described(waiting).values()))


def _chosen_action() -> ProposalAction:
    """The action the page is for: posted with the form, or chosen by the page's links (an
    addition unless removal is asked for)."""
    asked = request.form.get("action") if request.method == "POST" else request.args.get("action")
    return ProposalAction.find(asked) or ProposalAction.ADD


def _proposal_form(run: Run | None, action: ProposalAction) -> ProposalForm:
    """The form for `action`: that action's reasons only, so a reason for adding posted
    with a removal (or one made up) is refused as a choice not offered; a level only for an
    addition."""
    form = ProposalForm()
    form.reason.choices = REASONS_FOR[action].choices()
    if action == ProposalAction.REMOVE:
        del form.level
        return form
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
    action = _chosen_action()
    form = _proposal_form(run, action)
    reads_draft = run is not None and roster.opens_run(run)
    if term and form.validate_on_submit():
        adding = action == ProposalAction.ADD
        category, _sep, level = form.level.data.partition(":") if adding else ("", "", "")
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
                reads_draft=reads_draft,
            )
        except ProposalError as problem:
            field = form.term if str(problem) == "moved" else form.level if adding else form.action
            field.errors.append(_problem(problem))
        else:
            return commit_and_redirect(
                _("Proposal sent to the teaching secretary."),
                url_for("warnings.student_tab", student_id=student.id),
            )
    if term:
        form.term.data = str(term.id)  # the term named on the page, sent back with it
    form.action.data = action
    return form_page(
        "warnings/propose.html",
        form,
        student=student,
        term=term,
        run=run,
        action=action,
        actions=list(ProposalAction),
        place=_place(student, term, run, reads_draft) if run else None,
    )


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


def _proposers(proposals: list[Proposal]) -> dict[int, str]:
    """proposal -> who made it, with the role they propose in over the student ("黄老师
    (班主任)"); the name alone for one who no longer holds such a role."""
    found = {}
    for p in proposals:
        user = p.proposed_by
        role = proposer_role(user, p.student)
        if user is None:
            found[p.id] = "—"
        elif role is None:
            found[p.id] = user.name
        else:
            found[p.id] = _("%(name)s (%(role)s)", name=user.name, role=ROLES[role])
    return found


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
        proposers=_proposers(waiting + decided),
        form=DecisionForm(),
        reasons=proposal_reason_label,
    )


CARD_SHOWN = 5  # the home card names the longest-waiting few; the page lists them all


@bp.route("/proposals/widget")
@require("warnings.manage")
def proposals_widget():
    """The secretary's home card: the proposals waiting for their decision, in their scope,
    the longest waiting first, each a link to it on the proposals page. Empty (no card) when
    none wait."""
    waiting = pending(student_scope("warnings.manage"))
    shown = waiting[:CARD_SHOWN]
    return render(
        "warnings/proposals_widget.html",
        fragment="widget",
        proposals=shown,
        about=_proposals_for(shown),
        proposers=_proposers(shown),
        count=len(waiting),
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
            why=_problem,
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
        later=later_outcomes(mine),
        reasons=proposal_reason_label,
    )
