"""Per college: from which year the mentor reviews, and when a missing plan is listed."""

from flask import flash, url_for

from portal.core.access import require, scoped_college_or_404, whole_colleges
from portal.core.form_views import commit_and_redirect
from portal.core.htmx import hx_redirect, render
from portal.core.i18n import _
from portal.extensions import db

from .forms import SettingForm
from .models import PlanSetting
from .reviewers import setting_of
from .views import bp


@bp.route("/settings")
@require("plans.settings")
def settings():
    colleges = whole_colleges("plans.settings")
    return render(
        "plans/settings.html", rows=[(c, setting_of(c.id)) for c in colleges], form=SettingForm()
    )


@bp.route("/settings/<int:college_id>", methods=["POST"])
@require("plans.settings")
def save_setting(college_id: int):
    college = scoped_college_or_404(college_id, "plans.settings")
    form = SettingForm()
    url = url_for("plans.settings")
    if form.validate_on_submit():
        row = db.session.get(PlanSetting, college.id) or PlanSetting(college_id=college.id)
        row.mentor_from_year, row.due_days = form.mentor_from_year.data, form.due_days.data
        db.session.add(row)
        return commit_and_redirect(_("Saved."), url)
    flash(_("Give whole numbers: a year from 2 to 8 and 1 to 120 days."), "error")
    return hx_redirect(url)
