"""A module's tab on the student's profile page."""

from __future__ import annotations

from flask import request

from .htmx import render


def tab_page(template: str, student, /, **context):
    """The profile with this tab, or only its "tab" block for HTMX. The profile marks the tab
    whose endpoint is this view's as the one shown."""
    return render(template, fragment="tab", student=student, active=request.endpoint, **context)
