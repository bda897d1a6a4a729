"""Rendering another view's fragment inside this page (dashboard widgets, the archive).

The only place the core wraps HTML in `Markup`: the text comes from our own templates,
already escaped by Jinja, never from user input directly (security.md check 14 allowlist).
"""

from __future__ import annotations

from flask import current_app, g
from markupsafe import Markup

from .access import guard


def render_fragment(endpoint: str, **values) -> Markup:
    """Call the view for `endpoint` and return its fragment, as an HTMX request would get:
    through the same `guard` as a request for it, so a widget the user may not open is
    refused (403) rather than rendered, and one that would redirect is left empty."""
    if guard(endpoint) is not None:
        return Markup("")
    previous = g.get("as_fragment", False)
    g.as_fragment = True
    try:
        response = current_app.make_response(current_app.view_functions[endpoint](**values))
    finally:
        g.as_fragment = previous
    if response.status_code != 200:
        return Markup("")
    return Markup(response.get_data(as_text=True))  # noqa: S704 — our own rendered template
