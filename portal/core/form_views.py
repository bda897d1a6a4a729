"""The endings form views share: a POST that worked (commit, a success flash, the next
page), the form's page with the status its state calls for, and the save of an edit to a
record that keeps its history."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, request, url_for
from flask_login import current_user

from ..extensions import db
from .access import can
from .htmx import hx_redirect, render, shown_at
from .i18n import _
from .locking import stale_edit
from .redirects import same_site_path


def commit_and_redirect(message: str, url: str, /):
    """The POST did what was asked: keep it, say so, and show `url`."""
    db.session.commit()
    flash(message, "success")
    return hx_redirect(url)


def refuse_on_page(message: str, page: Callable[..., object], url: str, /):
    """A POST refused whole (a choice its page never offers, a value that is not one):
    nothing written, the page it was sent from again with `message` at its top, answered
    422 like any form sent back (style README 3), its address `url` for a reload."""
    db.session.rollback()
    flash(message, "error")
    return shown_at(page(http_status=422), url)


def refuse_unoffered(url: str, page: Callable[..., object] | None = None, /):
    """A POST naming what its page never offers (an id that is not one: '²'): nothing is
    done, the user told so on `page` again (422, `refuse_on_page`), or without one on
    `url`. Such a post did not come from the page as shown."""
    message = _(
        "The form sent a choice this page does not offer, so nothing was changed. "
        "Reload the page and try again."
    )
    if page is not None:
        return refuse_on_page(message, page, url)
    flash(message, "error")
    return hx_redirect(url)


def form_page(template: str, form, /, *, http_status: int | None = None, **context):
    """The page of `form`, or its "form" block for HTMX. A form sent back is one that failed
    validation (422); `http_status` says otherwise (409 for a stale edit)."""
    if http_status is None:
        http_status = 422 if form.is_submitted() else 200
    return render(template, fragment="form", form=form, http_status=http_status, **context)


def refuse_stale(record, fields, apply: Callable[[], object], page: Callable):
    """The form again with what differs (409) when someone else changed `record` since the
    form was read (see `stale_edit`); None when the edit may go ahead."""
    conflict = stale_edit(record, fields, apply)
    return page(conflict=conflict, http_status=409) if conflict else None


def save_edit(
    record, fields, update: Callable[[], bool], *, page: Callable, updated: str, url: str
):
    """A valid edit of a record with history: refused when stale (`refuse_stale`); else
    `update()` (True when it changed anything), kept, and `updated` or "Nothing was
    changed." said."""
    refused = refuse_stale(record, fields, update, page)
    if refused is not None:
        return refused
    return commit_and_redirect(updated if update() else _("Nothing was changed."), url)


def after_edit(read_permission: str, endpoint: str, **values) -> str:
    """Where an edited record's form goes once saved: its page, or the dashboard for one
    who cannot read such records (a course teacher)."""
    if not can(current_user, read_permission):
        return url_for("main.dashboard")
    return url_for(endpoint, **values)


def after_new_record(tab_endpoint: str, student_id: int, read_permission: str) -> str:
    """Where a new record's form goes once saved: back to the page of this site it was
    opened from (`next`: the concern a talk follows up, to be closed there), the dashboard
    when opened from there, or for one who cannot read such records (a course teacher);
    else the student's tab. A `next` off this site is ignored (no open redirect)."""
    wanted = request.args.get("next")
    if wanted == "dashboard":
        return url_for("main.dashboard")
    back = same_site_path(wanted)
    if back:
        return back
    if not can(current_user, read_permission):
        return url_for("main.dashboard")
    return url_for(tab_endpoint, student_id=student_id)


def attempt(
    change: Callable[[], object],
    refused: type[Exception],
    *,
    done: str | Callable[[object], str],
    url: str,
    why: Callable[[Exception], str] = str,
    undo: bool = False,
    page: Callable[..., object] | None = None,
):
    """A POST that may be refused: `change()` kept and `done` said (or `done(what change
    returned)`); or, when it raises `refused`, `why(problem)` said as an error, the session
    rolled back with `undo`. `url` is shown either way: with `page`, a refusal is that page
    again, 422, nothing written (`refuse_on_page`: a posted choice or value not accepted)."""
    try:
        result = change()
    except refused as problem:
        if page is not None:
            return refuse_on_page(why(problem), page, url)
        if undo:
            db.session.rollback()
        flash(why(problem), "error")
        return hx_redirect(url)
    return commit_and_redirect(done(result) if callable(done) else done, url)
