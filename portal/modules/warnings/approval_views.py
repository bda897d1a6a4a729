"""The leader's dashboard card: rosters submitted for their approval (issue 17 missing 3)."""

from __future__ import annotations

from sqlalchemy import or_, select

from portal.core.access import require, school_wide, whole_colleges
from portal.core.htmx import render
from portal.extensions import db

from .codes import RunStatus
from .models import Run, RunEvent
from .views import bp


def awaiting_approval() -> list[tuple[Run, object]]:
    """The submitted rosters of the colleges the user approves for, oldest first, each with
    when it was last submitted."""
    colleges = [c.id for c in whole_colleges("warnings.approve")]
    if not colleges and not school_wide("warnings.approve"):
        return []
    scope = Run.college_id.in_(colleges)
    if school_wide("warnings.approve"):
        scope = or_(scope, Run.college_id.is_(None))
    submitted = (
        select(RunEvent.at)
        .where(RunEvent.run_id == Run.id, RunEvent.action == "submit")
        .order_by(RunEvent.id.desc())
        .limit(1)
        .correlate(Run)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Run, submitted).where(Run.status == "submitted", scope).order_by(Run.created_at)
    ).all()
    return [(run, at) for run, at in rows]


@bp.route("/approvals/widget")
@require("warnings.approve")
def approvals_widget():
    return render(
        "warnings/approvals_widget.html",
        fragment="widget",
        items=awaiting_approval(),
        waiting=RunStatus.SUBMITTED.label,
    )
