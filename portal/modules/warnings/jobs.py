"""Computing a roster as a queue job (portal/core/queue.py): about a second of CPU for a
30,000-student term, and several on a busy database, so the request returns at once and a progress bar follows the computation; the job's
page goes on to the run when done (issue 20)."""

from __future__ import annotations

from flask import render_template

from portal.core import queue
from portal.core.i18n import N_
from portal.core.models import Term
from portal.extensions import db

from . import rulesets
from .compute import ComputeError, compute_run
from .notice_views import back_to_roster, batch_of, notices_to_print, print_context
from .views import _filters, export_file


def _compute(job, progress) -> queue.Finished:
    params = job.params or {}
    term = db.session.get(Term, params["term_id"])
    if term is None:
        raise LookupError("the term no longer exists")
    with queue.as_user(job) as user:  # the audit trail names who asked for it, and from where
        try:
            run = compute_run(
                term,
                rulesets.load(params["code"]),
                college_id=params.get("college_id"),
                user_id=user.id,
                progress=progress,
            )
        except ComputeError as refused:  # the grades went between the form and the job
            return queue.Finished(ok=False, result={"errors": [], "reason": refused.message(term)})
        db.session.flush()
    return queue.Finished(
        ok=True,
        result={
            "run_id": run.id,
            "link": queue.path_for("warnings.run", run_id=run.id),
            "message": N_("Roster computed: %(n)d students evaluated."),
            "params": {"n": run.evaluated},
        },
    )


def _export(job, progress) -> queue.Finished:
    """A roster above EXPORT_JOB_ROWS, built as the user who asked, with the filters they
    asked it with; its file is kept in the database for the job's page to hand out."""
    with queue.as_user(job):
        progress("writing_file", rows=0)
        filters, _terms = _filters()
        term = db.session.get(Term, filters.term_id)
        book, count = export_file(filters, term, send=False)
    return queue.keep_file(job, book.getvalue(), what="Roster", rows=count)


def _print_notices(job, progress) -> queue.Finished:
    """More notices than PRINT_JOB_NOTICES (a roster's), prepared as the user who asked,
    with the class, run and roster filters they asked with: one page to print, kept in the
    database; the job's page opens it when done."""
    with queue.as_user(job):
        records = db.session.scalars(notices_to_print()).all()
        progress("printing", rows=0, percent=0)
        context = print_context(
            records, lambda done: progress("printing", rows=done, percent=90 * done // len(records))
        )
        page = render_template(
            "warnings/notice_print.html", **context, **back_to_roster(), **batch_of(records)
        )
    return queue.keep_file(job, page.encode(), what="Notice", rows=len(records), printed=True)


def register(_app=None) -> None:
    """The module's queue tasks; run as its `init_app`."""
    queue.define("warnings.compute", _compute, permission="warnings.manage")
    queue.define("warnings.export", _export, permission="warnings.manage")
    queue.define("warnings.print_notices", _print_notices, permission="warnings.notices")
