"""The parents module's section of a class's term binder: each contact on its own page."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from portal.core.export import Sheet
from portal.core.i18n import _
from portal.core.modules import BinderPage

from .labels import parent_label
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
    headers = [
        _("Date"),
        _("Student number"),
        _("Name"),
        _("Parent or guardian"),
        _("Method"),
        _("Place"),
        _("Contact made by"),
        _("Content"),
        _("The parent's opinion"),
        _("Parent confirmed on"),
    ]
    rows = [
        [
            c.contacted_at.isoformat(sep=" ", timespec="minutes"),
            c.student.student_no,
            c.student.name,
            c.parent_name,
            parent_label("method", c.method),
            c.place or "",
            c.made_by,
            c.content,
            c.parent_opinion or "",
            c.parent_confirmed_on.isoformat() if c.parent_confirmed_on else "",
        ]
        for c in _contacts(scope)
    ]
    return Sheet(_("Parent contact"), headers, rows, [17, 14, 10, 14, 12, 14, 14, 50, 40, 14])
