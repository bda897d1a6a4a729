"""A module's tab on the student's profile page."""

from __future__ import annotations

from flask import render_template, request

from .htmx import is_htmx, render


def tab_page(template: str, student, /, active: str | None = None, **context):
    """The profile with this tab, or for HTMX its "tab" block and the tabs, swapped out of
    band so the one marked is the one shown (`active`: this view's endpoint by default)."""
    active = active or request.endpoint
    response = render(template, fragment="tab", student=student, active=active, **context)
    if is_htmx():
        tabs = render_template("students/_tabs.html", student=student, active=active, oob=True)
        response.set_data(response.get_data(as_text=True) + tabs)
    return response
