"""The parents module's section of a class's term binder: each contact on its own page."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from portal.core.export import Column, Sheet, sheet_of
from portal.core.i18n import _
from portal.core.modules import BinderPage

from . import columns as common
from .models import Contact


def _contacts(scope) -> list[Contact]:
    return scope.records(Contact, Contact.contacted_at)


def contact_page(contact: Contact) -> str:
    return Markup(render_template("parents/_contact_sheet.html", contact=contact))


def contact_pages(scope) -> list[BinderPage]:
    return [
        BinderPage(
            at=c.contacted_at,
            title=f"{_('Parent contact record')} {c.student.name} {c.contacted_at:%Y-%m-%d}",
            html=contact_page(c),
        )
        for c in _contacts(scope)
    ]


def contact_sheet(scope) -> Sheet:
    columns = [
        common.contacted_at(),
        Column(_("Student number"), 14, lambda c: c.student.student_no),
        Column(_("Name"), 10, lambda c: c.student.name),
        Column(_("Parent or guardian"), 14, lambda c: c.parent_name),
        common.method(12),
        Column(_("Place"), 14, lambda c: c.place or ""),
        *common.said(),
        common.confirmed_on(),
    ]
    return sheet_of(_("Parent contact"), columns, _contacts(scope))
