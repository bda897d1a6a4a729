"""Step-up (security.md check 7): revealing a parent's phone or a bank account, a bulk
export and a change of roles need the password entered in the last FRESH_LOGIN minutes
(default 15); otherwise the user confirms it first and comes back to where they were."""

from __future__ import annotations

import time
from functools import wraps

from flask import current_app, redirect, request, session, url_for

from .htmx import hx_response
from .redirects import this_page


def fresh() -> bool:
    entered = session.get("auth_at") or session.get("login_at") or 0
    return time.time() - entered <= current_app.config.get("FRESH_LOGIN_SECONDS", 900)


def mark_fresh() -> None:
    session["auth_at"] = int(time.time())


def confirm_first(back: str | None = None):
    """To the password confirmation, then back to `back` (default: this GET, or for a
    form the page it was sent from — a POST is never replayed)."""
    if back is None:
        back = this_page() or url_for("main.dashboard")
    target = url_for("auth.confirm", next=back)
    if request.htmx:
        return hx_response("", 401, redirect=target)
    return redirect(target, code=303)


def fresh_required(view):
    @wraps(view)
    def guarded(*args, **kwargs):
        return view(*args, **kwargs) if fresh() else confirm_first()

    return guarded
