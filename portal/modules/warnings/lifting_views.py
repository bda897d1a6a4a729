"""The secretary confirms proposed liftings, in bulk or one by one."""

from flask import request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.core.access import require, student_scope
from portal.core.form_views import commit_and_redirect, refuse_unoffered
from portal.core.htmx import render
from portal.core.i18n import _, ngettext, pick
from portal.core.numbers import as_ids
from portal.extensions import db

from . import cohort, explain
from .lifting import awaiting, confirm_lifts, students_to_confirm, why
from .models import Lift, Run
from .views import bp


def _in_scope():
    """The liftings awaiting confirmation in the secretary's scope, as the dashboard counts
    them (cohort.lifts_awaiting), and their rows."""
    answer = cohort.lifts_awaiting(student_scope("warnings.manage"))
    return answer, awaiting(answer)


@bp.route("/lifting")
@require("warnings.manage")
def lifting():
    return _lifting_page()


def _lifting_page(http_status: int = 200):
    answer, rows = _in_scope()
    warnings = [lift.warning for lift in rows.offered]
    warnings += [w for lift, later in rows.warned_again for w in (lift.warning, later)]
    runs = {
        r.id: r
        for r in db.session.scalars(select(Run).where(Run.id.in_({w.run_id for w in warnings})))
    }
    catalogues = {
        run_id: explain.catalogue_of(run.ruleset_snapshot) for run_id, run in runs.items()
    }
    return render(
        "warnings/lifting.html",
        rows=rows,
        students=students_to_confirm(answer),
        runs=runs,
        catalogues=catalogues,
        still_warned={
            lift.id: _category_names(catalogues[lift.warning.run_id], codes)
            for lift in rows.offered
            if (codes := rows.elsewhere.get(lift.id))
        },
        why=why,
        reasons=explain.reasons,
        http_status=http_status,
    )


def _category_names(catalogue: dict, codes) -> str:
    """The categories named as the ruleset of the lifted warning names them."""
    names = {info.category: info.category_label for info in catalogue.values()}
    return pick({"zh": "、", "en": ", "}).join(names.get(code, code) for code in codes)


@bp.route("/lifting/confirm", methods=["POST"])
@require("warnings.manage")
def confirm_lifting():
    wanted = as_ids(request.form.getlist("lift"))
    if wanted is None:
        return refuse_unoffered(url_for("warnings.lifting"), _lifting_page)
    # Only proposals in the secretary's scope: ids from the form are never trusted alone.
    _answer, rows = _in_scope()
    chosen = rows.offered + [lift for lift, _later in rows.warned_again]
    told, recorded = confirm_lifts(
        [lift for lift in chosen if lift.id in wanted], current_user.id, rows
    )
    said = []
    if told or not recorded:  # nothing chosen still says so: "0 warnings lifted"
        said.append(_("%(n)d warnings lifted; the students have been told.", n=told))
    if recorded:
        said.append(
            ngettext(
                "%(num)d earlier lifting of a student warned again was recorded; "
                "they were not told.",
                "%(num)d earlier liftings of students warned again were recorded; "
                "they were not told.",
                recorded,
            )
        )
    return commit_and_redirect(pick({"zh": "", "en": " "}).join(said), url_for("warnings.lifting"))


__all__ = ["Lift"]
