"""Proposal pages: advisors and counselors propose, the secretary decides."""

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

from . import roster
from .codes import ProposalReason
from .forms import DecisionForm, ProposalForm
from .models import PROPOSAL_REASONS, Proposal
from .proposals import ProposalError, current_run_for, decide, pending, propose, recent_decisions
from .views import bp

_PROBLEMS = {
    "level": lambda: _("Choose the category and level to add the student at."),
    "not_warned": lambda: _("This student is not on the roster, so there is nothing to remove."),
    "no_run": lambda: _("No roster has been computed for this term yet."),
    "decided": lambda: _("This proposal has already been decided."),
}


def _latest_term() -> Term | None:
    terms = roster.terms_with_runs()
    return terms[0] if terms else None


def _proposal_form(student, term) -> ProposalForm:
    form = ProposalForm()
    form.action.choices = [
        SelectChoice("add", _("Add to the roster")),
        SelectChoice("remove", _("Remove from the roster")),
    ]
    form.reason.choices = ProposalReason.choices()
    run = current_run_for(student, term) if term else None
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
    term = _latest_term()
    form = _proposal_form(student, term)
    if (
        term
        and form.validate_on_submit()
        and form.reason.data in PROPOSAL_REASONS
        and form.action.data in ("add", "remove")
    ):
        category, _sep, level = form.level.data.partition(":")
        try:
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
            form.level.errors.append(_PROBLEMS[str(problem)]())
        else:
            return commit_and_redirect(
                _("Proposal sent to the teaching secretary."),
                url_for("warnings.student_tab", student_id=student.id),
            )
    return form_page("warnings/propose.html", form, student=student, term=term)


@bp.route("/proposals")
@require("warnings.manage")
def proposals():
    scope = student_scope("warnings.manage")
    return render(
        "warnings/proposals.html",
        waiting=pending(scope),
        decided=recent_decisions(scope),
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
    return render("warnings/my_proposals.html", proposals=mine, reasons=ProposalReason.label_of)
