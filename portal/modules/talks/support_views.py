"""Support plans for the most severe level: the team, the plan, a referral, reviews."""

from flask import abort, flash, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.core import clock, revisions, standing
from portal.core.access import require, scoped_student_or_404, student_record_or_404
from portal.core.audit import record_view
from portal.core.htmx import hx_redirect, render
from portal.core.i18n import _
from portal.core.locking import stale_edit
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
        record_view(plan, ["plan", "referred", "study_change"], student_id=student.id)
        db.session.commit()
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
    if form.validate_on_submit():
        conflict = plan and stale_edit(plan, EDITABLE, lambda: form.populate_obj(plan))
        if conflict:
            return render(
                "talks/support_form.html",
                fragment="form",
                form=form,
                student=student,
                plan=plan,
                conflict=conflict,
                http_status=409,
            )
        before = revisions.snapshot(plan, EDITABLE) if plan else None
        if plan is None:
            plan = SupportPlan(student_id=student.id, created_by_id=current_user.id)
            db.session.add(plan)
        form.populate_obj(plan)
        plan.referred_on = plan.referred_on if plan.referred else None
        db.session.flush()
        if before is not None:
            revisions.keep_if_changed(plan, before, user_id=current_user.id)
        db.session.commit()
        flash(_("Support plan saved."), "success")
        return hx_redirect(url_for("talks.support", student_id=student.id))
    return render(
        "talks/support_form.html",
        fragment="form",
        form=form,
        student=student,
        plan=plan,
        http_status=422 if form.is_submitted() else 200,
    )


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
        db.session.commit()
        flash(_("Review added."), "success")
        return hx_redirect(url_for("talks.support", student_id=plan.student_id))
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
