"""The secretary confirms proposed liftings, in bulk or one by one."""

from flask import request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.core.access import require, student_scope
from portal.core.form_views import commit_and_redirect, refuse_unoffered
from portal.core.htmx import render
from portal.core.i18n import _
from portal.core.numbers import as_ids
from portal.extensions import db

from . import explain
from .lifting import confirm_lifts, proposed, why
from .models import Lift, Run
from .views import bp


@bp.route("/lifting")
@require("warnings.manage")
def lifting():
    lifts = proposed(student_scope("warnings.manage"))
    runs = {
        r.id: r
        for r in db.session.scalars(
            select(Run).where(Run.id.in_({lift.warning.run_id for lift in lifts}))
        )
    }
    catalogues = {
        run_id: explain.catalogue_of(run.ruleset_snapshot) for run_id, run in runs.items()
    }
    return render("warnings/lifting.html", lifts=lifts, runs=runs, catalogues=catalogues, why=why)


@bp.route("/lifting/confirm", methods=["POST"])
@require("warnings.manage")
def confirm_lifting():
    wanted = as_ids(request.form.getlist("lift"))
    if wanted is None:
        return refuse_unoffered(url_for("warnings.lifting"))
    # Only proposals in the secretary's scope: ids from the form are never trusted alone.
    lifts = [lift for lift in proposed(student_scope("warnings.manage")) if lift.id in wanted]
    count = confirm_lifts(lifts, current_user.id)
    return commit_and_redirect(
        _("%(n)d warnings lifted; the students have been told.", n=count),
        url_for("warnings.lifting"),
    )


__all__ = ["Lift"]
