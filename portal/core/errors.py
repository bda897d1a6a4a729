"""Error pages: translated, small, with the same headers as every other response."""

from flask import Flask, current_app, make_response, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from .audit import record_refusal
from .htmx import hx_response
from .i18n import _
from .redirects import same_site_path

MESSAGES = {
    400: lambda: _("The request could not be understood."),
    403: lambda: _("You do not have permission to open this page."),
    404: lambda: _("This page does not exist, or you may not see it."),
    405: lambda: _("This action is not allowed here."),
    409: lambda: _("This has changed since you opened the page. Reload it and try again."),
    413: lambda: _("The file is too large. The limit is %(mb)d MB.", mb=10),
    429: lambda: _("Too many attempts. Please wait a few minutes and try again."),
    500: lambda: _("Something went wrong on our side. Please try again."),
}


def register(app: Flask) -> None:
    for code in MESSAGES:
        app.register_error_handler(code, _handler(code))
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(StaleDataError, _saved_meanwhile)
    app.register_error_handler(OperationalError, _database_unavailable)


def _handler(code: int):
    def handle(error):
        if code == 413:
            limit = request.max_content_length or 0
            message = _("The file is too large. The limit is %(mb)d MB.", mb=limit // (1024 * 1024))
        else:
            message = MESSAGES[code]()
        if code == 403:  # every refusal is audited, whoever refused it
            record_refusal()
        if code in (403, 404) and _from_the_notifications():
            return _page(code, message, _not_open_from_a_notification(), notifications=True)
        return _page(code, message)

    return handle


def _from_the_notifications() -> bool:
    """Whether this page was opened from the notifications list (its 打开 button)."""
    came_from = same_site_path(request.referrer, allow_this_host=True) or ""
    return came_from.split("?")[0] == url_for("notifications.index")


def _not_open_from_a_notification() -> str:
    """Why a page opened from a notification refuses: what it named was removed, or the
    reader no longer reaches it (moved to another college or class). An outside walk saw
    only a banner there and took the portal for broken."""
    return _(
        "The notification you opened points to a page you cannot open (any longer): what it "
        "was about may have been removed, or it is outside the students and colleges you "
        "work with now. Nothing is wrong with your account."
    )


def error_page(code: int, message: str, detail: str | None = None):
    """The error page with a specific message (for a refusal that is not an exception); a
    `detail` is a paragraph under it, and to an HTMX request it is the notice's text."""
    return _page(code, message, detail)


def _page(code: int, message: str, detail: str | None = None, *, notifications: bool = False):
    """The error page; to an HTMX request it swaps nothing (a form that answers 409 or 422
    swaps its own fragment instead) and the page's error notice is shown. `notifications`:
    it leads back to the notifications list it was opened from."""
    response = make_response(
        render_template(
            "error.html", code=code, message=message, detail=detail, notifications=notifications
        ),
        code,
    )
    if request.htmx:
        # The notice says what went wrong (this page does not exist, the database is busy),
        # never only "reload and try again", which does not help with a page one may not see.
        return hx_response(
            response, reswap="none", trigger={"portalError": {"message": detail or message}}
        )
    return response


def _csrf_error(error):
    message = _("This form has expired or was sent from elsewhere. Reload the page and try again.")
    return _page(400, message)


def _saved_meanwhile(error):
    """Two saves of one record at the same instant: the later one matched no row."""
    db.session.rollback()
    message = _(
        "Someone else saved this record at the same moment, so your changes were not "
        "saved. Reload the page to see their version, then make your change again."
    )
    return _page(409, message)


def _database_unavailable(error):
    """The database refused for now (its disk full, a restart beyond the connection's
    patience, a lock held too long): the transaction is undone, the user told so."""
    current_app.logger.error("database unavailable: %s", error.orig)
    db.session.rollback()
    message = _(
        "The database cannot take this right now (it may be restarting or out of "
        "space). Nothing was saved. Please try again in a few minutes."
    )
    response = _page(503, message)
    response.headers["Retry-After"] = "60"
    return response
