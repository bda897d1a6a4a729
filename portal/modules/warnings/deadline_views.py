"""Roster deadlines on the dashboard and the compliance page; a college's notice settings
(the counselor's office phone on the parent copy, the roster deadline where the policy
leaves it to the college)."""

from __future__ import annotations

from flask import request, url_for

from portal.core import audit
from portal.core.access import colleges_in_scope, require, scoped_college_or_404, whole_colleges
from portal.core.form_views import commit_and_redirect
from portal.core.htmx import render
from portal.core.i18n import _
from portal.core.numbers import whole_number
from portal.extensions import db

from . import deadlines, rulesets
from .models import CollegeRuleset
from .views import bp

PHONE_CHARS = set("0123456789-+() 转")


@bp.route("/deadlines/widget")
@require("warnings.deadlines")
def deadlines_widget():
    """The secretary's and leader's card: rosters due, then overdue, until published."""
    return _due_rosters("widget")


@bp.route("/deadlines")
@require("warnings.deadlines")
def deadlines_section():
    """The same list as a section of the compliance page."""
    return _due_rosters("section")


def _due_rosters(fragment: str):
    colleges = colleges_in_scope("warnings.deadlines")
    return render(
        "warnings/deadlines.html", fragment=fragment, items=deadlines.due_rosters(colleges)
    )


@bp.route("/settings")
@require("warnings.manage")
def settings_list():
    return render("warnings/settings_list.html", colleges=whole_colleges("warnings.manage"))


@bp.route("/settings/<int:college_id>", methods=["GET", "POST"])
@require("warnings.manage")
def settings(college_id: int):
    college = scoped_college_or_404(college_id, "warnings.manage")
    row = db.session.get(CollegeRuleset, college.id)
    ruleset_deadline = rulesets.ruleset_row(
        rulesets.college_ruleset_code(college.id)
    ).definition.get("roster_deadline")
    errors: dict[str, str] = {}
    values = {
        "office_phone": row.office_phone if row else "",
        "roster_deadline_days": row.roster_deadline_days if row else None,
    }
    if request.method == "POST":
        phone = request.form.get("office_phone", "").strip()
        days_text = request.form.get("roster_deadline_days", "").strip()
        values = {"office_phone": phone, "roster_deadline_days": days_text}
        if len(phone) > 40 or not set(phone) <= PHONE_CHARS:
            errors["office_phone"] = _(
                "Write the phone number with digits and dashes only, at most 40 characters."
            )
        days = None
        if days_text:
            days = whole_number(days_text, 1, 180)
            if days is None:
                errors["roster_deadline_days"] = _("Write a whole number of days from 1 to 180.")
        if not errors:
            if row is None:
                row = CollegeRuleset(
                    college_id=college.id,
                    ruleset_code=rulesets.college_ruleset_code(college.id),
                    confirm_days=7,
                )
                db.session.add(row)
            row.office_phone = phone or None
            row.roster_deadline_days = days
            db.session.flush()
            audit.record_on(college, "notice_settings")
            return commit_and_redirect(
                _("Settings saved."), url_for("warnings.settings", college_id=college.id)
            )
    return render(
        "warnings/settings.html",
        fragment="form",
        college=college,
        values=values,
        errors=errors,
        ruleset_deadline=ruleset_deadline,
        http_status=422 if errors else 200,
    )
