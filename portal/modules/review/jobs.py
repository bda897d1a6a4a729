"""The review's export above EXPORT_JOB_ROWS students as a queue job (portal/core/queue.py):
built in a worker as the user who asked, with the period, grouping and pseudonyms they
asked for; the job's page hands out the file (issue 20)."""

from __future__ import annotations

from flask import request

from portal.core import queue

from . import export
from .page import build_page


def _export(job, progress) -> queue.Finished:
    with queue.as_user(job):
        progress("writing_file", rows=0, percent=0)
        page = build_page()
        if page.review is None:
            raise LookupError("the period asked for has no published roster any more")
        rows = len(page.review.rows)
        progress("writing_file", rows=rows, percent=30)
        book = export.workbook(page, request.args.get("anonymous") == "1")
    return queue.keep_file(job, book.getvalue(), what="Review", rows=rows)


def register(_app=None) -> None:
    """The module's queue tasks; run as its `init_app`."""
    queue.define("review.export", _export, permission="review.view")
