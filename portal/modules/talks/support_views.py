"""Support plans for the most severe level: the team, the plan, a referral, reviews."""

from functools import partial

from flask import abort, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.core import clock, revisions, standing
from portal.core.access import require, scoped_student_or_404, student_record_or_404
from portal.core.audit import record_view_now
from portal.core.form_views import commit_and_redirect, form_page, refuse_stale
from portal.core.htmx import render
from portal.core.i18n import _
from portal.extensions import db

from .forms import ReviewForm, SupportPlanForm
from .formsetup import support_form
from .models import SupportPlan, SupportReview
from .support import team_defaults
from .views import bp

EDITABLE = ("advisor", "counselor", "teacher", "plan", "referred", "referred_on", "study_change")


def _plan_of(student_id: int) -> SupportPlan | None:
    return db.session.scalar(
        select(SupportPlan)
        .where(SupportPlan.student_id == student_id)
        .order_by(SupportPlan.id.desc())
    )


@bp.route("/students/<int:student_id>/support")
@require("talks.view")
def support(student_id: int):
    student = scoped_student_or_404(student_id, "talks.view")
    plan = _plan_of(student.id)
    if plan:
        record_view_now(plan, ["plan", "referred", "study_change"], student_id=student.id)
    return render(
        "talks/support.html",
        student=student,
        plan=plan,
        needed=any(s.most_severe for s in standing.of_student(student.id)),
        review_form=ReviewForm(data={"reviewed_on": clock.today()}),
        revisions=revisions.history(plan) if plan else [],
    )


@bp.route("/students/<int:student_id>/support/edit", methods=["GET", "POST"])
@require("talks.support")
def edit_support(student_id: int):
    student = scoped_student_or_404(student_id, "talks.support")
    plan = _plan_of(student.id)
    if plan is None and not any(s.most_severe for s in standing.of_student(student.id)):
        abort(404)  # support teams are for the most severe level
    form = support_form(SupportPlanForm(obj=plan, data=None if plan else team_defaults(student)))
    page = partial(form_page, "talks/support_form.html", form, student=student, plan=plan)
    if form.validate_on_submit():
        refused = plan and refuse_stale(plan, EDITABLE, lambda: form.populate_obj(plan), page)
        if refused is not None:
            return refused
        before = revisions.snapshot(plan, EDITABLE) if plan else None
        if plan is None:
            plan = SupportPlan(student_id=student.id, created_by_id=current_user.id)
            db.session.add(plan)
        form.populate_obj(plan)
        plan.referred_on = plan.referred_on if plan.referred else None
        db.session.flush()
        if before is not None:
            revisions.keep_if_changed(plan, before, user_id=current_user.id)
        return commit_and_redirect(
            _("Support plan saved."), url_for("talks.support", student_id=student.id)
        )
    return page()


@bp.route("/support/<int:plan_id>/reviews", methods=["POST"])
@require("talks.support")
def add_review(plan_id: int):
    plan = student_record_or_404(SupportPlan, plan_id, "talks.support")
    form = ReviewForm()
    if form.validate_on_submit():
        db.session.add(
            SupportReview(
                plan_id=plan.id,
                reviewed_on=form.reviewed_on.data,
                text=form.text.data.strip(),
                by_id=current_user.id,
            )
        )
        return commit_and_redirect(
            _("Review added."), url_for("talks.support", student_id=plan.student_id)
        )
    return render(
        "talks/support.html",
        fragment="review",
        student=plan.student,
        plan=plan,
        needed=True,
        review_form=form,
        revisions=[],
        http_status=422,
    )
