"""Cadence policies (who owes a talk or a parent contact, how often) and compliance with them."""

from flask import Blueprint, current_app, flash, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ...extensions import db
from .. import cadence_policies, dues, standing
from ..access import can, colleges_in_scope, require, scoped_college_or_404, student_scope
from ..cadence import PRESETS, CadenceRule
from ..forms import CadencePolicyForm, CadencePresetForm
from ..fragments import render_fragment
from ..htmx import hx_redirect, render
from ..i18n import _
from ..models import College, RoleGrant
from ..roles import ROLES

bp = Blueprint("cadence", __name__, url_prefix="/cadence")
BLANK_ROWS = 3


def _college_or_404(college_id: int) -> College:
    return scoped_college_or_404(college_id, "cadence.edit")


@bp.route("/policies")
@require("cadence.edit")
def policies():
    colleges = colleges_in_scope("cadence.edit")
    return render("cadence/policies.html", colleges=colleges,
                  policies={c.id: cadence_policies.policy_of(c.id) for c in colleges})


@bp.route("/policies/<int:college_id>", methods=["GET", "POST"])
@require("cadence.edit")
def policy(college_id: int):
    college = _college_or_404(college_id)
    current = cadence_policies.policy_of(college.id)
    form = CadencePolicyForm(data=None if request.method == "POST" else _form_data(current))
    _choices(form, college, current)
    if form.validate_on_submit():
        rules = [_rule(row.data) for row in form.rules if row.level.data]
        cadence_policies.save(college, rules, form.period_days.data, user_id=current_user.id)
        db.session.commit()
        flash(_("Cadence policy saved."), "success")
        return hx_redirect(url_for("cadence.policy", college_id=college.id))
    return render("cadence/policy.html", fragment="form", form=form, college=college,
                  policy=current, preset_form=_preset_form(),
                  http_status=422 if form.is_submitted() else 200)


@bp.route("/policies/<int:college_id>/preset", methods=["POST"])
@require("cadence.edit")
def apply_preset(college_id: int):
    college = _college_or_404(college_id)
    form = _preset_form()
    if form.validate_on_submit() and form.preset.data in PRESETS:
        cadence_policies.apply_preset(college, form.preset.data, user_id=current_user.id)
        db.session.commit()
        flash(_("Preset copied; edit it below."), "success")
    else:
        flash(_("Choose one of the presets."), "error")
    return hx_redirect(url_for("cadence.policy", college_id=college.id))


def _rule(data: dict) -> CadenceRule:
    """A form row as a rule: its level choice is "category:level" (a level is identified by
    its category too), or a bare level code kept from an older policy."""
    category, _sep, level = data["level"].rpartition(":")
    return CadenceRule(**dict(data, level=level, category=category))


def _level_key(rule: dict) -> str:
    return f"{rule['category']}:{rule['level']}" if rule.get("category") else rule["level"]


def _form_data(policy) -> dict:
    rows = [dict({k: v for k, v in rule.items() if k != "category"}, level=_level_key(rule))
            for rule in (policy.rules if policy else [])]
    return {"period_days": policy.period_days if policy else 126,
            "rules": rows + [{} for _ in range(BLANK_ROWS)]}


def _choices(form: CadencePolicyForm, college: College, policy) -> None:
    levels = standing.levels(college.id)
    known = {code for code, _name in levels}
    levels += [(_level_key(r), _level_key(r)) for r in (policy.rules if policy else [])
               if _level_key(r) not in known]
    for row in form.rules:
        row.level.choices = [SelectChoice("", "—")] + [SelectChoice(c, n) for c, n in levels]
        row.role.choices = [SelectChoice(r, str(ROLES[r])) for r in dues.OWING_ROLES]
        row.kind.choices = [SelectChoice(k, str(kind.label)) for k, kind in dues.kinds().items()]


def _preset_form() -> CadencePresetForm:
    form = CadencePresetForm()
    form.preset.choices = [SelectChoice(code, standing.ruleset_name(code)) for code in PRESETS]
    return form


@bp.route("/compliance")
@require("dues.compliance")
def compliance():
    kind = request.args.get("kind") if request.args.get("kind") in dues.kinds() else None
    items = [o for o in dues.obligations(student_scope("dues.compliance"),
                                         kind_codes={kind} if kind else None)
             if o.due.state not in ("due", "upcoming")]
    by_person, by_class = dues.compliance(items, _owing_grants())
    return render("cadence/compliance.html", by_person=by_person, by_class=by_class,
                  kind=kind, kinds=dues.kinds(), sections=_sections())


def _sections() -> list:
    """What the modules add to the page (the warnings module: rosters due), as fragments."""
    return [render_fragment(endpoint) for endpoint, permission
            in current_app.extensions.get("portal.compliance_sections", ())
            if can(current_user, permission)]


def _owing_grants() -> list[RoleGrant]:
    """Counselors' and advisors' grants inside the reader's colleges."""
    return dues.owing_grants({c.id for c in colleges_in_scope("dues.compliance")})
