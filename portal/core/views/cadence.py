"""Cadence policies (who owes a talk or a parent contact, how often) and compliance with them."""

from functools import partial

from flask import Blueprint, abort, current_app, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from .. import cadence_policies, dues, standing
from ..access import (
    can,
    colleges_in_scope,
    require,
    scoped_college_or_404,
    student_scope,
    whole_colleges,
)
from ..cadence import CadenceRule
from ..cadence_presets import PRESETS
from ..form_views import commit_and_redirect, form_page, refuse_on_page
from ..forms import CadencePolicyForm, CadencePresetForm
from ..fragments import render_fragment
from ..htmx import render
from ..i18n import _
from ..models import College, RoleGrant
from ..numbers import as_id
from ..paging import ListPage
from ..roles import ROLES

bp = Blueprint("cadence", __name__, url_prefix="/cadence")
BLANK_ROWS = 3


def _level_names(college: College) -> dict[str, str]:
    return dict(standing.levels(college.id))


def _explain(college: College, weaker) -> list[str]:
    """One translated line per level owing less than the milder one before it."""
    names = _level_names(college)
    return [
        _(
            "%(severer)s owes less than %(milder)s: %(kind)s by the %(role)s%(method)s.",
            severer=names.get(f"{w.category}:{w.severer}", w.severer),
            milder=names.get(f"{w.category}:{w.milder}", w.milder),
            kind=dues.kinds()[w.rule.kind].label if w.rule.kind in dues.kinds() else w.rule.kind,
            role=ROLES.get(w.rule.role, w.rule.role),
            method=f" ({dues.method_label(w.rule.method)})" if w.rule.method else "",
        )
        for w in weaker
    ]


def _inherited(college: College, policy) -> list[tuple[str, CadenceRule]]:
    """What the saved policy's levels inherit from milder ones, for the editor to show."""
    names = _level_names(college)
    return [
        (names.get(f"{r.category}:{r.level}", r.level), r)
        for r in cadence_policies.effective_rules(policy)
        if r.inherited_from
    ]


def _college_or_404(college_id: int) -> College:
    return scoped_college_or_404(college_id, "cadence.edit")


@bp.route("/policies")
@require("cadence.edit")
def policies():
    colleges = whole_colleges("cadence.edit")
    return render(
        "cadence/policies.html",
        colleges=colleges,
        policies={c.id: cadence_policies.policy_of(c.id) for c in colleges},
    )


@bp.route("/policies/<int:college_id>", methods=["GET", "POST"])
@require("cadence.edit")
def policy(college_id: int):
    college = _college_or_404(college_id)
    current = cadence_policies.policy_of(college.id)
    form = CadencePolicyForm(data=None if request.method == "POST" else _form_data(current))
    _choices(form, college, current)
    weaker = []
    if form.validate_on_submit():
        notes = _note_msgids(current)
        rows = [(i, _rule(row.data, notes)) for i, row in enumerate(form.rules) if row.level.data]
        rules = [rule for _i, rule in rows]
        weaker = cadence_policies.weaker(college.id, rules, form.period_days.data)
        if not _refused_rows(form, rows) and not weaker:
            cadence_policies.save(college, rules, form.period_days.data, user_id=current_user.id)
            return commit_and_redirect(
                _("Cadence policy saved."), url_for("cadence.policy", college_id=college.id)
            )
    return _policy_page(college, form, weaker=weaker)


def _refused_rows(form: CadencePolicyForm, rows) -> bool:
    """Whether rows are refused (`cadence_policies.row_problems`): each said at its field."""
    problems = cadence_policies.row_problems(rows)
    for index, name, words in problems:
        form.rules[index][name].errors.append(words)
    if problems:  # the form's errors, read by its summary, are its rows' as now
        form.rules.errors = [row.errors for row in form.rules]
    return bool(problems)


def _policy_page(college: College, form, *, preset_form=None, weaker=(), http_status=None):
    current = cadence_policies.policy_of(college.id)
    return form_page(
        "cadence/policy.html",
        form,
        college=college,
        policy=current,
        preset_form=preset_form or _preset_form(),
        weaker=_explain(college, weaker),
        inherited=_inherited(college, current),
        http_status=http_status,
    )


@bp.route("/policies/<int:college_id>/preset", methods=["POST"])
@require("cadence.edit")
def apply_preset(college_id: int):
    college = _college_or_404(college_id)
    form = _preset_form()
    url = url_for("cadence.policy", college_id=college.id)
    if form.validate_on_submit() and form.preset.data in PRESETS:
        cadence_policies.apply_preset(college, form.preset.data, user_id=current_user.id)
        return commit_and_redirect(_("Preset copied; edit it below."), url)
    page = partial(_policy_page, college, _saved_policy_form(college), preset_form=form)
    return refuse_on_page(_("Choose one of the presets."), page, url)


def _saved_policy_form(college: College) -> CadencePolicyForm:
    """The policy's form as saved, never read from a post (one of the preset's form)."""
    current = cadence_policies.policy_of(college.id)
    form = CadencePolicyForm(formdata=None, data=_form_data(current))
    _choices(form, college, current)
    return form


def _rule(data: dict, notes: dict[str, str]) -> CadenceRule:
    """A form row as a rule: its level choice is "category:level" (a level is identified by
    its category too), or a bare level code kept from an older policy. A preset's note left
    as shown (in the reader's language) is kept as its msgid, so every reader gets it in theirs."""
    category, _sep, level = data["level"].rpartition(":")
    note = (data.get("note") or "").strip()
    data = dict(
        data,
        level=level,
        category=category,
        method=data.get("method") or "",
        clause=(data.get("clause") or "").strip(),
        note=notes.get(note, note),
    )
    return CadenceRule(**data)


def _note_msgids(policy) -> dict[str, str]:
    """A note as shown -> the msgid it was shown from (the presets' and the policy's notes)."""
    msgids = {rule.note for rules in PRESETS.values() for rule in rules if rule.note}
    msgids |= {rule.get("note") for rule in (policy.rules if policy else []) if rule.get("note")}
    return {_(msgid): msgid for msgid in msgids}


def _level_key(rule: dict) -> str:
    return f"{rule['category']}:{rule['level']}" if rule.get("category") else rule["level"]


def _form_data(policy) -> dict:
    # A preset's note is an msgid: shown (and saved again, if edited) in the reader's language.
    rows = [
        dict(
            {k: v for k, v in rule.items() if k != "category"},
            level=_level_key(rule),
            note=_(rule["note"]) if rule.get("note") else "",
        )
        for rule in (policy.rules if policy else [])
    ]
    return {
        "period_days": policy.period_days if policy else 126,
        "rules": rows + [{} for _ in range(BLANK_ROWS)],
    }


def _choices(form: CadencePolicyForm, college: College, policy) -> None:
    levels = standing.levels(college.id)
    known = {code for code, _name in levels}
    levels += [
        (_level_key(r), _level_key(r))
        for r in (policy.rules if policy else [])
        if _level_key(r) not in known
    ]
    for row in form.rules:
        row.level.choices = [SelectChoice("", "—")] + [SelectChoice(c, n) for c, n in levels]
        row.role.choices = [SelectChoice(r, str(ROLES[r])) for r in dues.TALKER_ROLES]
        row.kind.choices = [
            SelectChoice(k, str(kind.label))
            for k, kind in sorted(dues.kinds().items(), key=lambda kv: dues.kind_rank(kv[0]))
        ]
        row.method.choices = [
            SelectChoice(code, str(label)) for code, label in dues.METHODS.items()
        ]


def _preset_form() -> CadencePresetForm:
    form = CadencePresetForm()
    form.preset.choices = [SelectChoice(code, standing.ruleset_name(code)) for code in PRESETS]
    return form


@bp.route("/compliance")
@require("dues.compliance")
def compliance():
    kind = _kind_asked()
    items = _come_due(kind)
    grants = _owing_grants()
    by_person, by_class = dues.compliance(items, grants)
    by_person = [row for row in by_person if row[2].total or row[1] in dues.OWING_ROLES]
    # Each kind counted on its own: a group meeting held is not an individual talk held.
    return render(
        "cadence/compliance.html",
        by_person=by_person,
        by_class=by_class,
        by_kind=dues.compliance_by_kind(items, grants),
        kind=kind,
        kinds=_kinds(),
        sections=_sections(),
    )


@bp.route("/compliance/widget")
@require("dues.compliance")
def compliance_widget():
    """The leader's and secretary's card: each kind's missing and done in their scope,
    counted from the page's own obligations, so each figure is what its link opens."""
    by_kind = dues.tally_by_kind(_come_due(None))
    return render(
        "cadence/compliance_widget.html",
        fragment="widget",
        by_kind=by_kind,
        total=sum(by_kind.values(), dues.Tally()),
        kinds=_kinds(),
    )


@bp.route("/compliance/missing")
@require("dues.compliance")
def missing():
    """What one "missing" figure of the compliance page counts: one staff member's in one
    role (`user`, `role`), what nobody holds the role for (`unowned`), or one class's
    (`class_id`); of one kind or all, oldest first, each student linked. `per=student`:
    each student's oldest only, the students behind the card counts. An argument that
    names nobody in the reader's scope answers 404."""
    if request.args.get("kind") and _kind_asked() is None:
        abort(404)
    per_student = request.args.get("per") == "student"
    if request.args.get("per") not in (None, "student"):
        abort(404)
    kind = _kind_asked()
    items = _come_due(kind)
    owing = _owing_grants()
    rows = dues.missing(items)
    user_id, role = _number_asked("user"), request.args.get("role", "")
    grants = [g for g in owing if g.user_id == user_id and g.role == role]
    if user_id is not None:
        rows = dues.owed_under(rows, grants or abort(404))
    unowned = request.args.get("unowned")
    if unowned is not None:
        rows = dues.owed_by_nobody(
            rows, unowned if unowned in dues.TALKER_ROLES else abort(404), owing
        )
    class_id = _number_asked("class_id")
    school_class = None if class_id is None else _class_in_scope(class_id, items, kind)
    if school_class is not None:
        rows = [o for o in rows if o.student.class_id == class_id]
    if per_student:
        rows = dues.oldest_per_student(rows)
    return render(
        "cadence/missing.html",
        per_student=per_student,
        page=ListPage.of(rows, request.args.get("page", 1, type=int)),
        person=grants[0].user if grants else None,
        role=role or unowned,
        unowned=unowned,
        school_class=school_class,
        kind=kind,
        kinds=_kinds(),
    )


def _number_asked(name: str) -> int | None:
    """An id in the query string, None when absent; anything else names nobody: 404."""
    raw = request.args.get(name)
    if raw is None:
        return None
    number = as_id(raw)
    return number if number is not None else abort(404)


def _class_in_scope(class_id: int, items: list, kind: str | None):
    """The class, when obligations in the reader's scope have come due there (of any kind:
    a kind with nothing due there is a list of none, not a refusal)."""
    found = _class_among(class_id, items)
    if found is None and kind:
        found = _class_among(class_id, _come_due(None))  # read only when that kind has none
    return found or abort(404)


def _class_among(class_id: int, items: list):
    return next((o.student.school_class for o in items if o.student.class_id == class_id), None)


def _kind_asked() -> str | None:
    return request.args.get("kind") if request.args.get("kind") in dues.kinds() else None


def _kinds() -> dict:
    return dict(sorted(dues.kinds().items(), key=lambda kv: dues.kind_rank(kv[0])))


def _come_due(kind: str | None) -> list:
    """The obligations in the reader's scope whose day has come: done or missing."""
    return [
        o
        for o in dues.obligations(
            student_scope("dues.compliance"), kind_codes={kind} if kind else None
        )
        if o.due.state not in ("due", "upcoming")
    ]


def _sections() -> list:
    """What the modules add to the page (the warnings module: rosters due), as fragments."""
    return [
        render_fragment(endpoint)
        for endpoint, permission in current_app.extensions.get("portal.compliance_sections", ())
        if can(current_user, permission)
    ]


def _owing_grants() -> list[RoleGrant]:
    """Counselors' and advisors' grants inside the reader's colleges."""
    return dues.owing_grants(
        {c.id for c in colleges_in_scope("dues.compliance")}, roles=dues.TALKER_ROLES
    )


@bp.route("/due")
@require("dues.own")
def due():
    """What this staff member owes now, every kind apart (talks, group meetings, parent
    contacts, pairings, support-team plans), oldest first, each with its policy clause."""
    found = [
        (code, kind, dues.due_for(current_user, code))
        for code, kind in sorted(dues.kinds().items(), key=lambda kv: dues.kind_rank(kv[0]))
    ]
    return render("cadence/due.html", sections=[s for s in found if s[2]])
