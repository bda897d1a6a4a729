"""A long job's page (portal/core/queue.py): its progress while it runs, then its result.

Read from the job's record, so any app host answers. Only the user who started it sees it.
A job whose task names a result page (`result["link"]`) goes there when done."""

from io import BytesIO

from flask import Blueprint, abort, flash, send_file
from flask_babel import gettext
from flask_login import current_user

from ...extensions import db
from .. import queue, uploads
from ..access import authenticated, hide
from ..export import download, for_job, printed
from ..htmx import hx_redirect, render
from ..job_offers import offered_from, recent_jobs
from ..models import ImportJob

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


def _own_job(job_id: str) -> ImportJob:
    """The user's own job, while they still hold the right its task needs."""
    record = db.session.get(ImportJob, job_id)
    if record is None or record.user_id != current_user.id or record.task not in queue.TASKS:
        abort(404)
    if not queue.usable_by(record, current_user):
        hide(f"{queue.TASKS[record.task].permission} job {job_id}")
    return record


@bp.route("/")
@authenticated
def index():
    """The user's jobs of the last day: imports, computations, exports, prints."""
    return render(
        "jobs/index.html",
        jobs=recent_jobs(current_user),
        page_of=queue.page_of,
        name_of=queue.name_of,
        state_of=queue.state_label,
    )


@bp.route("/<job_id>")
@authenticated
def job(job_id: str):
    record = _own_job(job_id)
    queue.seen(record)
    result = record.result or {}
    if record.status == "done" and result.get("link"):
        if result.get("message"):
            flash(gettext(result["message"], **(result.get("params") or {})), "success")
        return hx_redirect(result["link"])
    return render(
        "jobs/job.html",
        fragment="progress",
        job=record,
        name=queue.name_of(record),
        ahead=queue.ahead(record) if record.status == "queued" else 0,
        back=offered_from(record),
    )


@bp.route("/<job_id>/file")
@authenticated
def file(job_id: str):
    """A file a job made: kept in the database (any host sends it) until purged a day
    later. An export's download and a batch of notices to print (a bulk export too) pass the
    step-up and the audit like a direct export (security.md checks 7 and 24), counted by the
    slot of the export limit the job took when it was queued (job_offers.job_when_posted); the notices
    then open to be printed, as the direct print of fewer notices does."""
    record = _own_job(job_id)
    result = record.result or {}
    if record.status != "done" or not result.get("file"):
        abort(404)
    refused = for_job(record)
    if refused is not None:
        return refused
    try:
        data = uploads.read(result["file"])
    except uploads.MissingUpload:
        abort(404)
    what, rows = result.get("what", "Export"), int(result.get("rows") or 0)
    if result.get("printed"):
        page = send_file(BytesIO(data), mimetype="text/html", download_name=result["filename"])
        return printed(page, what=what, rows=rows, name=result["filename"])
    return download(BytesIO(data), result["filename"], what=what, rows=rows)
