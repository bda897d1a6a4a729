"""Web imports are jobs on the queue (portal/core/queue.py): the upload returns at once, the
page polls the job's record from any host.

The upload is stored in the database (portal/core/uploads.py) and its id kept on the job.
The import validates every row, then writes them all in the job's one transaction, which
also ends the job and removes the upload: a worker killed halfway leaves nothing, and the
retry starts clean (queue.py's lease). At most JOB_LIMITS["import"] imports run at once;
more wait their turn, shown as "queued, 2 ahead".
"""

from __future__ import annotations

from ..extensions import db
from . import queue, uploads
from .i18n import keep
from .importing import format_error, refusal_notice, run_import
from .models import ImportJob

MAX_ERRORS_KEPT = 500
ACTIVE = queue.ACTIVE


def store_upload(file_storage) -> str:
    """Uploads live in the database (any host's worker reads them), never under static/."""
    return uploads.store(file_storage.read())


def start_job(kind: str, upload_id: str, filename: str, user_id: int) -> ImportJob:
    """Record the import and queue it; the upload is committed with the record."""
    try:
        return queue.submit(
            "import", user_id=user_id, kind=kind, filename=filename, upload_id=upload_id
        )
    except BaseException:
        db.session.rollback()
        raise


def _import(job: ImportJob, progress) -> queue.Finished:
    """As the uploader, in the upload's request replayed (queue.as_user): the import's
    audit rows name them, their roles and address, as if it had run in that request. An
    account deleted or deactivated meanwhile has no scope to import in: the job fails."""

    def report(step: str, rows: int) -> None:
        # Reading has no known end (the sheet streams); writing is the last tenth.
        progress(step, rows=rows, percent=90 if step == "writing" else None)

    with queue.as_user(job) as user, uploads.as_file(job.stored_path) as path:
        progress("reading", rows=0)
        outcome = run_import(job.kind, path, filename=job.filename, user=user, progress=report)
    return queue.Finished(ok=outcome.ok, result=_result(outcome))


def _result(outcome) -> dict:
    return {
        "rows": outcome.rows,
        "inserted": outcome.inserted,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "error_count": len(outcome.errors),
        "error_rows": outcome.rows_to_correct,
        "whole_file": outcome.whole_file,
        "terms": outcome.terms,
        # Each problem as kept words: said in the language of whoever reads the report.
        "errors": [
            {"row": e.row, "column": e.column, "message": keep(e.message)}
            for e in outcome.errors[:MAX_ERRORS_KEPT]
        ],
    }


queue.define(
    "import",
    _import,
    link=lambda job: queue.path_for("imports.job", job_id=job.id),
    refused=refusal_notice,
)


def job_state(job: ImportJob) -> str:
    return job.status


__all__ = ["format_error", "job_state", "start_job", "store_upload"]
