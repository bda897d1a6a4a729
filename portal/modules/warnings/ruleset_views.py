"""Ruleset pages: readable tables, clone a preset, edit conditions, preview, assign."""

import re

from flask import abort, flash, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from portal.core.access import (
    can,
    require,
    school_wide,
    scoped_college_or_404,
    whole_colleges,
)
from portal.core.audit import record_denial
from portal.core.form_views import commit_and_redirect
from portal.core.htmx import hx_redirect, render
from portal.core.i18n import _
from portal.core.models import College, Term
from portal.core.numbers import as_id, whole_number
from portal.extensions import db

from . import rulesets
from .compute import student_metrics
from .explain import catalogue_of
from .models import Ruleset
from .notices import confirm_days
from .presets import PRESETS
from .rules import METRIC_LABELS, evaluate, ruleset_from_dict
from .ruleset_editor import (
    OPERATORS,
    definition_from_rows,
    problems,
    row_problems,
    rows_from_definition,
    rows_from_form,
)
from .views import bp

_CODE = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")
CONFIRM_DAYS_MAX = 90  # the days a student has to confirm a notice: the form's max


def _editable_colleges() -> list[College]:
    return whole_colleges("warnings.rulesets")


def _scope_ids() -> set[int] | None:
    """The colleges the user's ruleset grants reach; None for the whole school."""
    return None if school_wide("warnings.rulesets") else {c.id for c in _editable_colleges()}


# The pages of those who keep the rulesets (the secretary, the administrator): reading a
# ruleset is no right to read whom it warned, so the administrator reaches them without
# `warnings.view`.
@bp.route("/rulesets", endpoint="rulesets")
@require("warnings.rulesets")
def rulesets_index():
    return render(
        "warnings/rulesets.html",
        rows=rulesets.all_rulesets(),
        colleges=_editable_colleges(),
        assigned=rulesets.college_ruleset_code,
        catalogue_of=catalogue_of,
        confirm_days=confirm_days,
    )


@bp.route("/rulesets/widget")
@require("warnings.rulesets")
def rulesets_widget():
    """The card of who keeps the rulesets and computes no roster (the administrator): each
    college's ruleset, one still waiting for its thresholds marked."""
    rows = {r.code: r for r in rulesets.all_rulesets()}
    colleges = [
        (college, rows.get(rulesets.college_ruleset_code(college.id)))
        for college in _editable_colleges()
    ]
    return render(
        "warnings/rulesets_widget.html",
        fragment="widget",
        colleges=colleges,
        copies=sum(not r.is_preset for r in rows.values()),
    )


def keeps_rulesets_only(user) -> bool:
    """The rulesets' card is for who keeps them without computing the rosters: a secretary
    reaches them from the menu, and their home is the students'."""
    return not can(user, "warnings.manage")


@bp.route("/rulesets/<code>")
@require("warnings.rulesets")
def ruleset(code: str):
    row = _row_or_404(code)
    return render(
        "warnings/ruleset.html",
        row=row,
        definition=row.definition,
        levels=rows_from_definition(row.definition),
        editable=rulesets.may_edit(row, _scope_ids()),
    )


@bp.route("/rulesets/<code>/clone", methods=["POST"])
@require("warnings.rulesets")
def clone_ruleset(code: str):
    source = _row_or_404(code)
    new_code = request.form.get("new_code", "").strip().lower()
    if (
        not _CODE.match(new_code)
        or new_code in PRESETS
        or db.session.scalar(select(Ruleset.id).where(Ruleset.code == new_code))
    ):
        flash(_("Choose a new code: lower-case letters, digits, - or _, not used yet."), "error")
        return hx_redirect(url_for("warnings.ruleset", code=code))
    definition = dict(source.definition, code=new_code)
    db.session.add(
        Ruleset(
            code=new_code, definition=definition, is_preset=False, updated_by_id=current_user.id
        )
    )
    return commit_and_redirect(
        _("Copied. Edit the copy, preview it, then assign it to a college."),
        url_for("warnings.edit_ruleset", code=new_code),
    )


@bp.route("/rulesets/<code>/edit", methods=["GET", "POST"])
@require("warnings.rulesets")
def edit_ruleset(code: str):
    row = _row_or_404(code)
    if row.is_preset:
        abort(403)
    if not rulesets.may_edit(row, _scope_ids()):
        # A copy another college uses: its rules are theirs to change.
        record_denial(f"scope: warnings.rulesets Ruleset {row.code}")
        abort(403)
    definition, preview, errors = row.definition, None, []
    levels = rows_from_definition(definition)
    scale = request.form.get("scale", definition.get("scale", "linear5"))
    names = {
        "zh": request.form.get("name_zh", definition["names"].get("zh", "")).strip()[:60],
        "en": request.form.get("name_en", definition["names"].get("en", "")).strip()[:60],
    }
    if request.method == "POST":
        levels = rows_from_form(definition, request.form)
        draft = definition_from_rows(definition, levels, scale=scale, names=names)
        errors = row_problems(levels) or problems(draft)
        if not errors and "preview" in request.form:
            preview = _preview(draft, as_id(request.form.get("term")))
        elif not errors and "save" in request.form:
            return _save(row, draft, request.form.get("version", type=int))
    status = 422 if errors else 200
    return render(
        "warnings/ruleset_edit.html",
        fragment="editor",
        row=row,
        levels=levels,
        scale=scale,
        names=names,
        errors=errors,
        preview=preview,
        http_status=status,
        metrics=METRIC_LABELS,
        operators=OPERATORS,
        terms=_terms(),
    )


def _save(row: Ruleset, draft: dict, version: int | None):
    if version != row.version:
        flash(
            _(
                "Someone else saved this ruleset while you were editing; reload it to see "
                "their version, then make your change again."
            ),
            "error",
        )
        return hx_redirect(url_for("warnings.edit_ruleset", code=row.code))
    row.definition, row.updated_by_id = draft, current_user.id
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        flash(
            _(
                "Someone else saved this ruleset while you were editing; reload it to see "
                "their version, then make your change again."
            ),
            "error",
        )
        return hx_redirect(url_for("warnings.edit_ruleset", code=row.code))
    flash(_("Ruleset saved."), "success")
    return hx_redirect(url_for("warnings.ruleset", code=row.code))


def _terms() -> list[Term]:
    return list(
        db.session.scalars(
            select(Term).where(Term.n != 3).order_by(Term.start_year.desc(), Term.n.desc())
        )
    )


def _preview(draft: dict, term_id: int | None) -> dict | None:
    """How many students each level would catch on the term, among the colleges in scope."""
    term = db.session.get(Term, term_id) if term_id else None
    if term is None:
        return None
    ruleset = ruleset_from_dict(draft)
    college_ids = (
        [None] if school_wide("warnings.rulesets") else [c.id for c in _editable_colleges()]
    )
    counts: dict[tuple[str, str], int] = {}
    evaluated = 0
    for college_id in college_ids:
        metrics = student_metrics(term, ruleset, college_id)
        evaluated += len(metrics)
        for values in metrics.values():
            for result in evaluate(ruleset, values, term.key):
                key = (result.category, result.level)
                counts[key] = counts.get(key, 0) + 1
    return {
        "term": term,
        "counts": counts,
        "evaluated": evaluated,
        "catalogue": catalogue_of(draft),
    }


@bp.route("/rulesets/assign", methods=["POST"])
@require("warnings.rulesets")
def assign_ruleset():
    college = scoped_college_or_404(as_id(request.form.get("college")), "warnings.rulesets")
    code = request.form.get("code", "")
    if code not in {r.code for r in rulesets.usable_rulesets(_scope_ids())}:
        # Another college's copy: assigning it would tie their rules to this college.
        record_denial(f"scope: warnings.rulesets Ruleset {code}")
        abort(404)
    days = request.form.get("confirm_days", "").strip()
    confirm_days = whole_number(days, 1, CONFIRM_DAYS_MAX) if days else None
    if days and confirm_days is None:
        # Never quietly the old days beside a new ruleset, the page saying it was saved.
        flash(
            _(
                "Write the days to confirm a notice as a whole number from 1 to %(max)d; "
                "nothing was saved.",
                max=CONFIRM_DAYS_MAX,
            ),
            "error",
        )
        return hx_redirect(url_for("warnings.rulesets"))
    try:
        rulesets.assign(college, code, confirm_days=confirm_days)
    except rulesets.UnknownRuleset:
        abort(404)
    return commit_and_redirect(
        _("The college now uses ruleset %(code)s.", code=code), url_for("warnings.rulesets")
    )


def _row_or_404(code: str) -> Ruleset:
    try:
        return rulesets.ruleset_row(code)
    except rulesets.UnknownRuleset:
        abort(404)
