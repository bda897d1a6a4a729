"""A form's errors as lines a reader can act on, for the summary above the form."""

from __future__ import annotations

from wtforms import FieldList, FormField
from wtforms.csrf.core import CSRFTokenField

from .i18n import _


def error_lines(form) -> list[tuple[str, str]]:
    """(where, words) per field in error, in the form's order. A list of sub-forms (the
    cadence editor's rules, a plan's courses) keeps its errors as nested lists and dicts,
    which would read as Python text: each of its rows is named by its number and field."""
    found = [("", str(error)) for error in form.form_errors]
    for field in form:
        where = [] if isinstance(field, CSRFTokenField) else [str(field.label.text)]
        found += _errors_of(field, where)
    return found


def _errors_of(field, where: list[str]) -> list[tuple[str, str]]:
    if isinstance(field, FieldList):
        return [
            line
            for number, entry in enumerate(field.entries, 1)
            for line in _errors_of(entry, [*where, _("row %(n)d", n=number)])
        ]
    if isinstance(field, FormField):
        return [
            line
            for sub in field.form
            if not isinstance(sub, CSRFTokenField)
            for line in _errors_of(sub, [*where, str(sub.label.text)])
        ]
    if not field.errors:
        return []
    return [(" · ".join(where), " ".join(map(str, field.errors)))]
