"""Work too large for a request, offered on its page (a large print of notices, a large
export): the GET names it and offers one button, the POST queues it (queue.py) and goes to
its progress. The page is the one a user comes back to (walk finding 13): it names the work
in the reader's words, says where the result will be, and links to the same work asked from
the same address within the day its result is kept — its progress while it runs, its file
once done (the file's own view asks the step-up and the export limit, and audits it).

A GET never writes (security.md check 12), nor starts heavy work for a link followed from
another site."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import g, redirect, request
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from . import export, queue, uploads
from .htmx import render
from .i18n import say
from .models import ImportJob
from .models.base import utcnow

# A job's result file is kept this long (uploads.py purges it after): its offer links to it
# as long as it can be opened.
KEPT = uploads.ORPHAN_AFTER


def job_when_posted(task: str, *, filename: str, title: dict, params: dict | None = None):
    """A GET offers the export `task` (named by `title`, kept words); the POST takes its
    slot of the per-user export limit, then queues it for the user and goes to its page.
    `filename`: the result's file, for its download and the audit.

    The rule (probe finding 2): a bulk export counts once against the limit, when it is
    asked for, whether it is built in the request or by a job. The job builds the file, so
    its slot is taken before it is queued, as a direct export's before it is built: a user
    cannot queue more bulk exports than they may make directly (past the limit, its message
    and nothing queued). Its download (export.for_job) takes no second slot."""
    if request.method == "POST":
        refused = export.refusal()
        if refused is not None:
            return refused
        params = {**(params or {}), "offered": True, export.JOB_SLOT: g.export_slot}
        return redirect(queue.job_url(task, filename=filename, params=params, title=title), 303)
    return render("jobs/offer.html", name=say(title), last=last_offered(task))


def last_offered(task: str) -> ImportJob | None:
    """The user's newest job of `task` asked from this address (path and query) within
    KEPT; a finished one only while its file can still be opened."""
    recent = db.session.scalars(
        select(ImportJob)
        .where(
            ImportJob.user_id == current_user.id,
            ImportJob.task == task,
            ImportJob.created_at >= utcnow() - KEPT,
        )
        .order_by(ImportJob.created_at.desc())
        .limit(50)
    )
    here = {"path": request.path, "args": request.args.to_dict(flat=False)}
    for job in recent:
        params = job.params or {}
        if {"path": params.get("path"), "args": params.get("args") or {}} != here:
            continue
        if job.status == "done" and not uploads.exists((job.result or {}).get("file")):
            return None  # its file is gone: as if never prepared
        return job
    return None


def recent_jobs(user) -> list[tuple[ImportJob, bool]]:
    """The user's jobs of the last KEPT (the time a result is kept), newest first, of tasks
    they may still use, each with whether its file can still be opened: where a job left
    running, or a file asked for, is found again without its notification."""
    jobs = [
        job
        for job in db.session.scalars(
            select(ImportJob)
            .where(ImportJob.user_id == user.id, ImportJob.created_at >= utcnow() - KEPT)
            .order_by(ImportJob.created_at.desc())
            .limit(100)
        )
        if queue.usable_by(job, user)
    ]
    files = uploads.existing((job.result or {}).get("file") for job in jobs)
    return [(job, (job.result or {}).get("file") in files) for job in jobs]


def offered_from(job: ImportJob) -> str | None:
    """The address whose offer queued `job` (its page links back there), if it was one."""
    params = job.params or {}
    if not params.get("offered") or not params.get("path"):
        return None
    query = urlencode(params.get("args") or {}, doseq=True)
    return request.script_root + params["path"] + (f"?{query}" if query else "")
