"""Web imports run in a background thread so the upload returns at once; the page polls.

Progress is written on its own short transactions (never inside the import's), so a
poll from any worker sees it. A job whose worker died is reported failed, not running.
"""

from __future__ import annotations

import secrets
import threading
from datetime import timedelta

from flask import Flask, current_app, g
from flask_babel import force_locale, get_locale
from sqlalchemy import update

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


def start_job(kind: str, upload_id: str, filename: str, user_id: int) -> ImportJob:
    # `stored_path` holds the upload's id in core_stored_file (portal/core/uploads.py).
    job = ImportJob(id=secrets.token_hex(16), kind=kind, filename=filename[:200],
                    stored_path=upload_id, user_id=user_id)
    db.session.add(job)
    db.session.commit()
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


def _run(job_id: str, progress) -> None:
    job = db.session.get(ImportJob, job_id)
    g.cli_user = db.session.get(User, job.user_id) if job.user_id else None
    try:
        with uploads.as_file(job.stored_path) as path:
            outcome = run_import(job.kind, path, filename=job.filename, progress=progress)
        if outcome.ok:
            db.session.commit()
        else:
            db.session.rollback()
        _finish(job_id, outcome)
    except Exception:  # the job must end visibly whatever happened
        db.session.rollback()
        current_app.logger.exception("import job %s failed", job_id)
        _finish(job_id, None)
    finally:
        uploads.remove(job.stored_path)
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


__all__ = ["format_error", "job_state", "start_job", "store_upload"]
