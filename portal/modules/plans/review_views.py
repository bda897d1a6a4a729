"""The reviewer's and staff side: the queue, a plan with its versions and comments, comment,
return, sign off, close; the student's profile tab; print."""

from functools import partial

from flask import abort, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from portal.core import audit
from portal.core.access import (
    can,
    require,
    scoped_student_or_404,
    student_record_or_404,
    student_scope,
)
from portal.core.audit import record_view
from portal.core.form_views import commit_and_redirect
from portal.core.htmx import render
from portal.core.i18n import _
from portal.core.models import Student
from portal.core.paging import paginate
from portal.core.profile_tabs import tab_page
from portal.extensions import db

from . import changes, queue, workflow
from .forms import ReviewForm
from .formsetup import review_form
from .models import Plan
from .reviewers import reviews
from .views import bp

ACTIONS = {
    "comment": lambda: _("Comment saved."),
    "return": lambda: _("Plan returned."),
    "sign": lambda: _("Plan signed off."),
    "closing": lambda: _("Closing comment saved."),
}
PROBLEMS = {
    "reason": lambda: _("Say what should change when returning a plan."),
    "not_submitted": lambda: _("The plan is not waiting for review."),
    "not_reported": lambda: _("The term-end report has not been written yet."),
}


@bp.route("/")
@require("plans.view")
def index():
    status = request.args.get("status") or None
    query = (
        select(Plan)
        .join(Plan.student)
        .options(
            contains_eager(Plan.student).joinedload(Student.school_class), joinedload(Plan.versions)
        )
        .where(student_scope("plans.view"))
        .order_by(Plan.updated_at.desc())
    )
    if status:
        query = query.where(Plan.status == status)
    page = paginate(query)
    return render(
        "plans/index.html",
        fragment="results",
        page=page,
        status=status,
        waiting=queue.for_reviewer(current_user),
        unreviewable=(
            queue.unreviewable(student_scope("plans.settings"))
            if can(current_user, "plans.settings")
            else []
        ),
    )


@bp.route("/widget")
@require("plans.review")
def widget():
    return render("plans/widget.html", fragment="widget", waiting=queue.for_reviewer(current_user))


@bp.route("/<int:plan_id>")
@require("plans.view")
def plan(plan_id: int):
    record = student_record_or_404(Plan, plan_id, "plans.view")
    record_view(record, ["content", "report"], student_id=record.student_id)
    can_review = reviews(current_user, record)
    read_before, changed = changes.since_read(record, current_user.id) if can_review else (None, [])
    if can_review:
        changes.mark_read(record, current_user.id)  # written once the page is answered
    return render(
        "plans/plan.html",
        plan=record,
        can_review=can_review,
        form=review_form(ReviewForm()),
        read_before=read_before,
        changed=changed,
    )


@bp.route("/<int:plan_id>/review", methods=["POST"])
@require("plans.review")
def review(plan_id: int):
    record = student_record_or_404(Plan, plan_id, "plans.review")
    if not reviews(current_user, record):
        abort(403)
    form = review_form(ReviewForm())
    action = request.form.get("action", "comment")
    read = request.form.get("plan_version", type=int)
    review_block = partial(
        render, "plans/plan.html", fragment="review", plan=record, can_review=True, form=form
    )
    if read is not None and read != record.current.number:  # no signing unread text
        return review_block(stale=True, http_status=409)
    if form.validate() and action in ACTIONS:
        try:
            workflow.comment(
                record,
                current_user.id,
                form.part.data or "general",
                (form.text.data or "").strip(),
                action,
            )
        except workflow.PlanError as problem:
            form.text.errors.append(PROBLEMS.get(str(problem), PROBLEMS["not_submitted"])())
        else:
            return commit_and_redirect(ACTIONS[action](), url_for("plans.plan", plan_id=record.id))
    return review_block(http_status=422)


@bp.route("/<int:plan_id>/print")
@require("plans.view")
def print_plan(plan_id: int):
    record = student_record_or_404(Plan, plan_id, "plans.view")
    # A printed copy leaves the system: audited like a view, as its own action.
    audit.record_on(record, "print", fields=["content", "report"])
    db.session.commit()
    return render("plans/print.html", plan=record, version=record.current)


@bp.route("/students/<int:student_id>")
@require("plans.view")
def student_tab(student_id: int):
    student = scoped_student_or_404(student_id, "plans.view")
    plans = list(
        db.session.scalars(
            select(Plan).where(Plan.student_id == student.id).order_by(Plan.period_start.desc())
        )
    )
    return tab_page("plans/student.html", student, plans=plans)


@bp.route("/completion")
@require("plans.completion")
def completion():
    return render("plans/completion.html", rows=queue.completion(student_scope("plans.completion")))
