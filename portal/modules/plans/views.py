"""The student's side: write the plan (saved as you type), submit, revise, report."""

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from portal.core.access import require
from portal.core.form_views import commit_and_redirect
from portal.core.htmx import hx_redirect, is_htmx, render
from portal.core.i18n import _
from portal.core.models import Student
from portal.extensions import db

from . import content as plan_content
from . import labels, workflow
from .forms import PlanForm, ReportForm
from .formsetup import plan_form
from .report_window import report_window
from .reviewers import reviewer_of

bp = Blueprint("plans", __name__, template_folder="templates")


def _own_student() -> Student:
    student = db.session.get(Student, current_user.student_id) if current_user.student_id else None
    if student is None:
        abort(404)
    return student


def report_form(plan, formdata=None) -> ReportForm:
    version = plan.signed
    saved = version.report or {}
    data = {
        "goals": saved.get("goals") or [{} for _g in version.content["goals"]],
        "courses": saved.get("courses") or [{} for _c in version.content["courses"]],
        "summary": saved.get("summary", ""),
    }
    return ReportForm(formdata=formdata, data=data)


@bp.route("/mine")
@require("plans.own")
def mine():
    # A read: a student warned but with no plan yet gets a blank one, stored by their first
    # save (a visit made a draft, "last saved" at a time nobody saved: walk finding 6).
    plan = workflow.plan_to_write(_own_student())
    form = None
    if plan and not plan.current.locked:
        form = plan_form(PlanForm(formdata=None, data=plan_content.form_data(plan.current.content)))
    window = _report_window(plan)
    report = report_form(plan) if window and window.is_open else None
    return render(
        "plans/mine.html", plan=plan, form=form, report=report, window=window, problems=[]
    )


def _report_window(plan):
    """When the term-end report opens, for a plan that is signed off or reported."""
    if plan is None or plan.status not in ("signed", "reported"):
        return None
    return report_window(plan)


@bp.route("/mine/save", methods=["GET"])
@require("plans.own")
def save_page():
    """The address a refused save leaves in the bar: reloading it opens the plan again."""
    return redirect(url_for("plans.mine"), code=303)


@bp.route("/mine/save", methods=["POST"])
@require("plans.own")
def save():
    """Autosave (HTMX, on typing), Save draft, or Submit for review; the first save stores
    the plan (opening the page did not)."""
    plan = workflow.plan_to_write(_own_student())
    if plan is None or plan.current.locked:
        abort(409)
    form = plan_form(PlanForm())
    courses = plan.current.content.get("courses", [])
    valid = form.validate()
    # The failed courses come from the grades; a page that changed them is refused.
    refused = (
        _(
            "Not saved: the failed courses come from your grades and cannot be changed "
            "here; reload the page."
        )
        if plan_content.changed_courses(form, courses)
        else None
    )
    if not valid or refused:
        return render(
            "plans/mine.html",
            fragment="saved",
            plan=plan,
            form=form,
            saved=False,
            refused=refused,
            http_status=422,
        )
    content = plan_content.from_form(form, courses)
    workflow.save_draft(plan, content)
    submitting = request.form.get("action") == "submit"
    problems = plan_content.missing_for_submission(content) if submitting else []
    if submitting and not problems:
        workflow.submit(plan)
    db.session.commit()
    if problems:
        form = plan_form(PlanForm(formdata=None, data=plan_content.form_data(content)))
        return render(
            "plans/mine.html", plan=plan, form=form, report=None, problems=problems, http_status=422
        )
    if is_htmx() and not submitting:
        return render("plans/mine.html", fragment="saved", plan=plan, saved=True)
    flash(_sent(plan) if submitting else _("Draft saved."), "success")
    return hx_redirect(url_for("plans.mine"))


def _sent(plan, report: bool = False) -> str:
    """What the student reads once the plan (or its term-end report) is sent: to whom, by
    name, or that nobody can review it yet and whom to contact."""
    if reviewer_of(plan).nobody:
        return (
            _(
                "Your term-end report is saved, but nobody in the portal can review it yet. "
                "Your college office has been told; please contact them too."
            )
            if report
            else _(
                "Your plan is submitted, but nobody in the portal can review it yet. Your "
                "college office has been told; please contact them too."
            )
        )
    who = labels.reviewer(plan)
    return (
        _("Your term-end report was sent to %(reviewer)s.", reviewer=who)
        if report
        else _("Your plan was sent to %(reviewer)s.", reviewer=who)
    )


@bp.route("/mine/revise", methods=["POST"])
@require("plans.own")
def revise():
    plan = workflow.plan_of(_own_student())
    if plan is None:
        abort(404)
    try:
        workflow.revise(plan)
    except workflow.PlanError:
        abort(409)
    db.session.commit()
    return hx_redirect(url_for("plans.mine"))


@bp.route("/mine/report", methods=["POST"])
@require("plans.own")
def report():
    plan = workflow.plan_of(_own_student())
    window = _report_window(plan)
    if window is None:
        abort(409)
    if not window.is_open:  # a page left open, or a hand-made request: nothing is written
        return render(
            "plans/mine.html",
            plan=plan,
            form=None,
            report=None,
            window=window,
            too_early=True,
            problems=[],
            http_status=409,
        )
    form = report_form(plan, formdata=request.form)
    if form.validate():
        workflow.report(
            plan,
            {
                "goals": [{"outcome": (r.outcome.data or "").strip()} for r in form.goals],
                "courses": [{"outcome": (r.outcome.data or "").strip()} for r in form.courses],
                "summary": form.summary.data.strip(),
            },
        )
        return commit_and_redirect(_sent(plan, report=True), url_for("plans.mine"))
    return render(
        "plans/mine.html",
        plan=plan,
        form=None,
        report=form,
        window=window,
        problems=[],
        version=plan.signed,
        http_status=422,
    )


@bp.route("/mine/print")
@require("plans.own")
def print_mine():
    plan = workflow.plan_of(_own_student())
    if plan is None:
        abort(404)
    return render("plans/print.html", plan=plan, version=plan.current, mine=True)


@bp.route("/mine/widget")
@require("plans.own")
def mine_widget():
    student = db.session.get(Student, current_user.student_id) if current_user.student_id else None
    plan = workflow.plan_of(student) if student else None
    return render(
        "plans/mine_widget.html",
        fragment="widget",
        plan=plan,
        warned=bool(student and workflow.owes_plan(student.id)),
    )
