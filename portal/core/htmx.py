"""One template per page; an HTMX request gets a block of it (jinja2-fragments)."""

from __future__ import annotations

from flask import g, make_response, redirect, render_template
from htmx_flask import make_response as hx_response
from htmx_flask import request
from jinja2_fragments.flask import render_block

__all__ = ["hx_redirect", "hx_response", "is_htmx", "render", "shown_at"]


def is_htmx() -> bool:
    """An HTMX request that wants a fragment: not a boosted link, not a history restore
    (both want the whole page). The headers are read by htmx-flask's `request.htmx`."""
    return bool(request.htmx) and not (request.htmx.boosted or request.htmx.history_restore_request)


def render(template: str, /, *, fragment: str | None = None, http_status: int = 200, **context):
    """The whole page, or only `fragment` (a block of the same template) for HTMX.

    Every other keyword is a template variable and only that: the answer's status is
    `http_status`, a name no page uses, so a variable called `status` (a filter taken
    from the query string) can never become the HTTP status line (issue 15 #2)."""
    if fragment and (is_htmx() or g.get("as_fragment")):
        body = render_block(template, fragment, **context)
    else:
        body = render_template(template, **context)
    return make_response(body, http_status)


def hx_redirect(url: str):
    """After a successful POST: HTMX follows `HX-Location`; without JavaScript a 303.

    The page it fetches is asked for whole, as a boosted link would be: the next page's
    header, navigation and flash message, never a fragment of it in place of the body."""
    if is_htmx():
        return hx_response(
            "", 204, location={"path": url, "target": "body", "headers": {"HX-Boosted": "true"}}
        )
    return redirect(url, code=303)


def shown_at(response, url: str):
    """A page re-rendered by a POST-only route (a form sent back, 422) shows `url`'s page:
    with HTMX the address bar says so, and a reload asks for that page instead of a GET
    of the POST route (405). Without JavaScript a reload sends the form again."""
    if request.htmx and request.method != "GET":
        response.headers["HX-Replace-Url"] = url
    return response
