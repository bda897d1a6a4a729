"""How long each college keeps sensitive text (administrators): one number a college."""

from flask import request, url_for
from sqlalchemy import select

from ...extensions import db
from ..access import require
from ..audit import record
from ..form_views import commit_and_redirect
from ..htmx import render
from ..i18n import _
from ..models import College, RetentionPolicy
from ..numbers import whole_number
from ..retention import purges, years_by_college
from .admin import bp

LIMITS = (1, 30)


@bp.route("/retention", methods=["GET", "POST"])
@require("admin.retention")
def retention():
    colleges = list(db.session.scalars(select(College).order_by(College.name)))
    years, errors = years_by_college(), {}
    if request.method == "POST":
        wanted = {c.id: request.form.get(f"years-{c.id}", "").strip() for c in colleges}
        errors = {
            cid: _(
                "Enter a whole number of years from %(low)d to %(high)d.",
                low=LIMITS[0],
                high=LIMITS[1],
            )
            for cid, value in wanted.items()
            if _years(value) is None
        }
        if not errors:
            for cid, value in wanted.items():
                policy = db.session.get(RetentionPolicy, cid) or RetentionPolicy(college_id=cid)
                policy.years = _years(value)
                db.session.add(policy)
            record("retention_policy", detail=", ".join(f"{c}={v}" for c, v in wanted.items()))
            return commit_and_redirect(_("Retention periods saved."), url_for("admin.retention"))
        years = {cid: value for cid, value in wanted.items()}
    return render(
        "admin/retention.html",
        colleges=colleges,
        years=years,
        errors=errors,
        purges=purges().values(),
        http_status=422 if errors else 200,
    )


def _years(value: str) -> int | None:
    return whole_number(value, *LIMITS)
