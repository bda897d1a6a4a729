"""Styled .xlsx exports that print well and never carry a live formula (security.md check 23);
every export and bulk print passes the step-up, takes a slot of the per-user limit before it
is built, and is audited with its row count (checks 7 and 24)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import wraps
from io import BytesIO

from flask import current_app, g, request, send_file
from flask_babel import format_datetime, format_timedelta, ngettext
from flask_login import current_user
from sqlalchemy import func, select

from ..extensions import db
from . import audit, clock, locking
from .errors import error_page
from .i18n import _
from .models import AuditEvent
from .models.base import utcnow
from .redirects import this_page
from .stepup import confirm_first, fresh

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A page to print that covers many students (a class's term binder, a term's notices, the
# review): a bulk export as much as its download (security.md checks 7 and 24).
PRINT_ACTION = "print_export"
# The audit rows of exports and bulk prints, each with its row count (check 24).
EXPORT_ACTIONS = ("export", "archive_export", "initial_passwords", PRINT_ACTION)
# What the per-user limit counts: a slot's audit row, written before the export is built
# (`_take_slot`); a queued export's job keeps its slot's id in its params under JOB_SLOT
# (job_offers.job_when_posted).
SLOT = "export_slot"
JOB_SLOT = "export_slot_id"
# A text cell starting with one of these is read as a formula by Excel, LibreOffice or WPS
# when typed or pasted (and by any tool that re-reads the file as CSV): a `'` goes first
# (security.md check 23, ASVS 5 1.2.10; issue 15).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


# Number formats of a column (Excel's codes), so a figure reads as the page shows it and
# stays a number one can sum and sort: a rate 0.125 reads 12.5 % (a bare decimal was read
# as 0.1 %), a GPA two decimals (2.0864 on a page that shows 2.09).
PERCENT = "0.0%"
TWO_DECIMALS = "0.00"


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    widths: Sequence[int] = field(default_factory=list)
    # A number format per column (None: as written); set once here, applied by export_xlsx.
    formats: Sequence[str | None] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Formatted:
    """A cell with a number format of its own, where a column's cells are not all alike (a
    summary sheet's column of counts and a rate)."""

    value: object
    format: str


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its heading, its width and its cell of an item, kept together so
    that a column is added or moved in one place; `format` its numbers' format."""

    header: str
    width: int
    cell: Callable[[object], object]
    format: str | None = None


def sheet_of(title: str, columns: Sequence[Column], items: Iterable) -> Sheet:
    """The sheet of `items`, one row each."""
    return Sheet(
        title,
        [c.header for c in columns],
        [[c.cell(item) for c in columns] for item in items],
        [c.width for c in columns],
        [c.format for c in columns],
    )


def rounded(value, places: int = 2) -> float | None:
    """A figure as the page shows it (two decimals), still a number; None stays empty."""
    return None if value is None else round(float(value), places)


def day_cell(stored: datetime | None) -> str:
    """A moment stored as UTC (a confirmation, a lifting) as its day on the college's
    clock, written as the other dates of a sheet are (2026-12-05): the day its page shows
    (clock.day_of). None stays empty."""
    return clock.day_of(stored).isoformat() if stored else ""


def defuse(value: str) -> str:
    """Text that a spreadsheet could take for a formula gets a leading `'`; a lone sign or a
    plain signed number ("-", "-2.5") cannot run anything and is left as it is."""
    if value.startswith(_FORMULA_START) and value != "-" and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def workbook_bytes(sheets: Iterable[Sheet]) -> BytesIO:
    """The sheets as one .xlsx file, written by openpyxl, which is loaded here rather than
    by every start-up (issue 21)."""
    from . import export_xlsx

    return export_xlsx.workbook_bytes(sheets)


def checked_first(view):
    """An export view that builds its file (or page to print) in the request: the step-up,
    then one slot of the per-user limit taken (`refusal`), before the view builds anything
    (issue 22 #3): a refused export costs one short transaction, not a workbook."""

    @wraps(view)
    def guarded(*args, **kwargs):
        refused = refusal()
        return refused if refused is not None else view(*args, **kwargs)

    return guarded


def checked_before_sizing(view):
    """An export view that builds in the request or, past a size it counts first, queues a
    job (`queued`): the step-up, and a first look at the limit (a user already past it is
    refused at once, before the view counts or builds anything). The view then takes its
    slot with `refusal()` just before it builds, or `queued` takes it just before it queues."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if not fresh():
            return confirm_first()
        if _slots_taken() >= _limit():
            return _limit_reached()
        return view(*args, **kwargs)

    return guarded


def refusal():
    """Why an export may not go ahead now, as the answer to give, else None with one slot of
    the per-user limit taken for it: a login that is not fresh confirms the password first;
    past the limit, 429. Asked before anything is built: by `checked_first`, `queued`, or a
    view that exports only on some requests (it commits the request's transaction so far)."""
    if not fresh():
        return confirm_first()
    slot = _take_slot()
    if slot is None:
        return _limit_reached()
    g.export_slot = slot
    return None


def _take_slot() -> int | None:
    """One slot of the user's limit for this export, in its own short transaction, or None
    past the limit (probe finding 1: the limit counted the audit rows of exports already
    sent, so 60 requests at once all passed the count before any was written, and 42 went
    out against a limit of 30).

    The transaction runs alone among the user's slots (locking.one_at_a_time: SQLite's one
    writer, a PostgreSQL advisory lock on the user), writes the slot's audit row first, then
    counts the slots in the window with it: past the limit it is rolled back, else committed
    before the export is built. Taking a slot and counting are one step, so N requests at
    once take at most the limit's slots. A slot stays taken if the build then fails: the
    attempt is on the record and counts. The export's own audit row (`download`, `printed`)
    still follows with its row count, known only once it is built (audit rows are
    append-only, security.md check 25: the slot's row cannot be completed later)."""
    user_id = current_user.id
    audit.end_transaction()
    locking.one_at_a_time(f"export:{user_id}")
    slot = audit.record_now(SLOT, detail=f"{request.method} {request.full_path.rstrip('?')}")
    if _slots_taken(user_id) > _limit():
        db.session.rollback()
        return None
    db.session.commit()
    return slot


def _slots_taken(user_id: int | None = None) -> int:
    """The user's slots in the window (EXPORT_WINDOW seconds back)."""
    return db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.user_id == (current_user.id if user_id is None else user_id),
            AuditEvent.action == SLOT,
            AuditEvent.at >= utcnow() - _window(),
        )
    )


def _limit() -> int:
    return current_app.config.get("EXPORT_LIMIT", 30)


def _window() -> timedelta:
    return timedelta(seconds=current_app.config.get("EXPORT_WINDOW", 600))


def for_job(job):
    """The download of a job's file, as `refusal()`: the step-up asked again, and the slot
    the job took when it was queued (job_offers.job_when_posted) covers it; a job queued without one (before
    slots were taken at queueing) takes one now."""
    if not fresh():
        return confirm_first()
    slot = (job.params or {}).get(JOB_SLOT)
    if slot is None:
        return refusal()
    g.export_slot = slot
    return None


def _limit_reached():
    """The refusal past the export limit (issue 17 missing 9): how many exports, per how
    long, and the time (in the user's locale and time zone) the oldest counted export leaves
    the window, with the same words to an HTMX request and to a plain link."""
    limit, window, now = _limit(), _window(), utcnow()
    oldest_counted = db.session.scalars(
        select(AuditEvent.at)
        .where(
            AuditEvent.user_id == current_user.id,
            AuditEvent.action == SLOT,
            AuditEvent.at >= now - window,
        )
        .order_by(AuditEvent.at.desc())
        .offset(limit - 1)
        .limit(1)
    ).first()
    resets = (oldest_counted or now) + window
    if resets <= now:
        resets = now + timedelta(seconds=1)
    period = format_timedelta(window, threshold=1.0, add_direction=False)
    detail = ngettext(
        "Exports and printouts of many students' records: %(num)d per %(period)s, and you "
        "have reached this limit. You can export or print again from %(time)s.",
        "Exports and printouts of many students' records: %(num)d per %(period)s, and you "
        "have reached this limit. You can export or print again from %(time)s.",
        limit,
        period=period,
        time=format_datetime(resets, "short"),
    )
    response = error_page(429, _("Export limit reached"), detail=detail)
    response.headers["Retry-After"] = str(max(1, int((resets - now).total_seconds()) + 1))
    return response


def download(
    book: BytesIO,
    filename: str,
    *,
    what: str,
    rows: int,
    action: str = "export",
    object_id=None,
    student_id: int | None = None,
    mimetype: str = XLSX_MIMETYPE,
):
    """An .xlsx (or other `mimetype`) download (security.md checks 7 and 24), allowed by
    `refusal()` before it was built (the password confirmed if the login was not fresh; a
    slot of EXPORT_LIMIT per EXPORT_WINDOW taken, else 429, counted in the audit trail so
    all workers agree): audited with its row count, then sent."""
    _audited(action, what, rows, f"file={filename}", object_id=object_id, student_id=student_id)
    return send_file(book, mimetype=mimetype, as_attachment=True, download_name=filename)


def printed(page, *, what: str, rows: int, object_id=None, name: str | None = None):
    """A page to print that covers many students (a class's binder, a term's notices, the
    review): a bulk export like its download, so allowed by `refusal()` before it was built
    (`checked_first`), counted against the same limit and audited with its row count; then
    `page` (the rendered response) is sent as it is. `name`: a job's file, else this page's
    address is recorded. A single record's print is not an export and does not come here."""
    where = f"file={name}" if name else f"page={this_page()}"
    _audited(PRINT_ACTION, what, rows, where, object_id=object_id)
    return page


def _audited(action: str, what: str, rows: int, where: str, *, object_id, student_id=None):
    """The export's audit row (`rows=…` first: what the limit and the readers count),
    written before the answer goes. No commit of the view's work here: a POST's row is in
    the view's transaction, which the view commits before it returns the response."""
    if g.get("export_slot") is None:
        raise RuntimeError("an export view must be @checked_first (or ask refusal() first)")
    audit.record(
        action,
        object_type=what,
        object_id=object_id,
        student_id=student_id,
        detail=f"rows={rows} {where}",
    )
    audit.write_pending()  # a GET's row: in its own short transaction, before the file goes
