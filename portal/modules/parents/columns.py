"""The columns a contact has in both its sheets: the student's archive and the class binder."""

from portal.core.export import Column
from portal.core.i18n import _

from .labels import parent_label


def contacted_at() -> Column:
    return Column(_("Date"), 17, lambda c: c.contacted_at.isoformat(sep=" ", timespec="minutes"))


def method(width: int) -> Column:
    return Column(_("Method"), width, lambda c: parent_label("method", c.method))


def said() -> list[Column]:
    """Who made the contact, what was said and the parent's opinion."""
    return [
        Column(_("Contact made by"), 14, lambda c: c.made_by),
        Column(_("Content"), 50, lambda c: c.content),
        Column(_("The parent's opinion"), 40, lambda c: c.parent_opinion or ""),
    ]


def confirmed_on() -> Column:
    return Column(
        _("Parent confirmed on"),
        14,
        lambda c: c.parent_confirmed_on.isoformat() if c.parent_confirmed_on else "",
    )
