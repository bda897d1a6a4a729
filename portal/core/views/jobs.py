"""A long job's page (portal/core/queue.py): its progress while it runs, then its result.

Read from the job's record, so any app host answers. Only the user who started it sees it.
A job whose task names a result page (`result["link"]`) goes there when done."""

from flask import Blueprint, abort, flash
from flask_babel import gettext

from ...extensions import db
from .. import queue
from ..access import authenticated
from ..htmx import hx_redirect, render
from ..models import ImportJob

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


@bp.route("/<job_id>")
@authenticated
def job(job_id: str):
    from flask_login import current_user

    record = db.session.get(ImportJob, job_id)
    if record is None or record.user_id != current_user.id or record.task not in queue.TASKS:
        abort(404)
    result = record.result or {}
    if record.status == "done" and result.get("link"):
        if result.get("message"):
            flash(gettext(result["message"], **(result.get("params") or {})), "success")
        return hx_redirect(result["link"])
    return render("jobs/job.html", fragment="progress", job=record,
                  ahead=queue.ahead(record) if record.status == "queued" else 0)
