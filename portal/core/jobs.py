"""Web imports run in a background thread so the upload returns at once; the page polls.

Progress is written on its own short transactions (never inside the import's), so a
poll from any worker sees it. A job whose worker died is reported failed, not running.
At most IMPORT_MAX_RUNNING imports run at once: a further upload is refused at once with
"try again in a minute" (issue 15, finding 8), not queued behind a worker's memory. The
upload is removed when its job ends, whatever happened; one left by a killed worker is
removed by the next upload's sweep.
"""

from __future__ import annotations

import secrets
import threading
from datetime import timedelta

from flask import Flask, current_app, g
from flask_babel import force_locale, get_locale
from sqlalchemy import and_, func, or_, select, update

from ..extensions import db
from . import uploads
from .importing import format_error, run_import
from .models import ImportJob, User
from .models.base import utcnow

MAX_ERRORS_KEPT = 500
STALE_AFTER = timedelta(minutes=10)


def store_upload(file_storage) -> str:
    """Uploads live in the database (any host's worker reads them), never under static/."""
    return uploads.store(file_storage.read())


ACTIVE = ("queued", "reading", "writing")


class Busy(Exception):
    """Already IMPORT_MAX_RUNNING imports running: the upload was removed, nothing started."""


def start_job(kind: str, upload_id: str, filename: str, user_id: int) -> ImportJob:
    """Record the job and run it; raise Busy (the upload removed) when too many run."""
    try:
        sweep_stale()
        # `stored_path` holds the upload's id in core_stored_file (portal/core/uploads.py).
        job = ImportJob(id=secrets.token_hex(16), kind=kind, filename=filename[:200],
                        stored_path=upload_id, user_id=user_id)
        db.session.add(job)
        db.session.commit()
        if _running_before(job) >= current_app.config["IMPORT_MAX_RUNNING"]:
            # Counted after this job is visible, so two uploads at the same instant cannot
            # both slip under the limit (at worst both are told to try again).
            db.session.delete(job)
            db.session.commit()
            raise Busy
    except BaseException:
        db.session.rollback()
        _remove_upload(upload_id)
        raise
    app = current_app._get_current_object()
    locale = str(get_locale() or "zh_CN")
    if app.config.get("IMPORT_IN_BACKGROUND", True):
        threading.Thread(target=_run_in_thread, args=(app, job.id, locale), daemon=True).start()
    else:
        _run(job.id, progress=None)  # the request waits; nobody polls
    return job


def _run_in_thread(app: Flask, job_id: str, locale: str) -> None:
    """Messages are kept in the uploader's language, as the report page shows them."""
    with app.app_context(), force_locale(locale):
        try:
            _run(job_id, progress=lambda status, rows: _progress(job_id, status, rows))
        finally:
            db.session.remove()


def _running_before(job: ImportJob) -> int:
    """Live jobs started before this one (stale ones, whose worker died, do not count)."""
    return db.session.scalar(select(func.count()).select_from(ImportJob).where(
        ImportJob.status.in_(ACTIVE), ImportJob.updated_at > utcnow() - STALE_AFTER,
        ImportJob.id != job.id,
        or_(ImportJob.created_at < job.created_at,
            and_(ImportJob.created_at == job.created_at, ImportJob.id < job.id))))


def _run(job_id: str, progress) -> None:
    job = db.session.get(ImportJob, job_id)
    upload_id = job.stored_path
    try:
        user = db.session.get(User, job.user_id) if job.user_id else None
        if user is None:  # the account was deleted meanwhile: nobody's scope to import in
            raise LookupError("the uploader's account no longer exists")
        g.cli_user = user
        with uploads.as_file(upload_id) as path:
            outcome = run_import(job.kind, path, filename=job.filename, user=user,
                                 progress=progress)
        if outcome.ok:
            db.session.commit()
        else:
            db.session.rollback()
        _finish(job_id, outcome)
    except BaseException as problem:  # the job must end visibly whatever happened
        db.session.rollback()
        current_app.logger.exception("import job %s failed", job_id)
        _fail(job_id)
        if not isinstance(problem, Exception):
            raise  # SystemExit, KeyboardInterrupt: recorded, then let them stop the thread
    finally:
        _remove_upload(upload_id)


def _remove_upload(upload_id: str) -> None:
    """After the import's own transaction ended (committed or rolled back)."""
    try:
        uploads.remove(upload_id)
        db.session.commit()
    except Exception:
        db.session.rollback()
        current_app.logger.exception("could not remove upload %s", upload_id)


def _fail(job_id: str) -> None:
    """Mark the job failed, on a fresh connection if the session itself is broken."""
    try:
        _finish(job_id, None)
    except Exception:
        db.session.rollback()
        current_app.logger.exception("import job %s: could not record the failure", job_id)
        with db.engine.begin() as connection:
            connection.execute(update(ImportJob).where(ImportJob.id == job_id).values(
                status="failed", result={"errors": [], "crashed": True}, updated_at=utcnow()))


def sweep_stale() -> None:
    """Jobs whose worker died (no progress for STALE_AFTER) end failed, their uploads
    removed; so do uploads no live job refers to (a worker killed between storing the file
    and recording its job)."""
    cutoff = utcnow() - STALE_AFTER
    stale = list(db.session.scalars(select(ImportJob).where(
        ImportJob.status.in_(ACTIVE), ImportJob.updated_at <= cutoff)))
    for job in stale:
        job.status, job.result = "failed", {"errors": [], "crashed": True}
    live = db.session.scalars(select(ImportJob.stored_path).where(
        ImportJob.status.in_(ACTIVE), ImportJob.updated_at > cutoff))
    uploads.purge(older_than=STALE_AFTER, keep=live)
    db.session.commit()


def _progress(job_id: str, status: str, rows: int) -> None:
    """On its own short transaction, so a poll from any worker sees it during the import."""
    with db.engine.begin() as connection:
        connection.execute(update(ImportJob).where(ImportJob.id == job_id).values(
            status=status, rows_read=rows, updated_at=utcnow()))


def _finish(job_id: str, outcome) -> None:
    if outcome is None:
        result = {"errors": [], "crashed": True}
    else:
        result = {"rows": outcome.rows, "inserted": outcome.inserted, "updated": outcome.updated,
                  "unchanged": outcome.unchanged, "error_count": len(outcome.errors),
                  "terms": outcome.terms,
                  "errors": [{"row": e.row, "column": e.column, "message": str(e.message)}
                             for e in outcome.errors[:MAX_ERRORS_KEPT]]}
    job = db.session.get(ImportJob, job_id)
    job.status = "done" if outcome is not None and outcome.ok else "failed"
    job.result = result
    job.rows_read = outcome.rows if outcome else 0
    job.updated_at = utcnow()
    db.session.commit()


def job_state(job: ImportJob) -> str:
    if job.status in ("queued", "reading", "writing") and utcnow() - job.updated_at > STALE_AFTER:
        return "failed"
    return job.status


__all__ = ["Busy", "format_error", "job_state", "start_job", "store_upload"]
