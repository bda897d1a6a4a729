"""Marks a read leaves behind (the version of a study plan a reviewer last read): kept for
the reader's convenience, never worth an error page.

A GET reads inside a deferred transaction. On SQLite, turning that reader into a writer
fails at once with SQLITE_BUSY whenever another writer committed since it began (the busy
timeout does not apply: sqlite.org/wal.html §8), so a reviewer opening a plan while others
saved got a 503 "nothing was saved" page (walk finding 6). A mark is therefore written
after the answer is made, in its own short transaction that asks for the write lock up
front (BEGIN IMMEDIATE: it waits its turn, as any write does). If the database still
refuses, the mark is skipped and logged: the page has already been answered, and the
reader's next visit writes it again.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, g
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .audit import reading


def write_later(write: Callable[[], None]) -> None:
    """`write` (changes in `db.session`, no commit) once this read's answer is made; outside
    a read (a POST, a command, the demo) at once, in the current transaction."""
    if not reading():
        write()
        return
    g.setdefault("read_marks", []).append(write)


def write_after_read(response):
    """after_request, after the audit rows: the marks of a read that answered, in their own
    short transaction; a refusal (a busy database, a mark written meanwhile by another tab)
    is logged, never shown."""
    marks = g.pop("read_marks", None)
    if not marks or response.status_code >= 400:
        return response  # a page that was not shown marks nothing as read
    try:
        _end_the_read()
        db.session.connection(execution_options={"sqlite_immediate": True})
        for write in marks:
            write()
        db.session.commit()
    except SQLAlchemyError as problem:
        db.session.rollback()
        current_app.logger.warning(
            "read marks not written (%s); the next read writes them",
            getattr(problem, "orig", problem),
        )
    return response


def _end_the_read() -> None:
    """A read has nothing to save: anything a view changed in memory is dropped."""
    if db.session.dirty or db.session.new or db.session.deleted:
        db.session.rollback()
    else:
        db.session.commit()
