"""The parents module's sheet of a student's archive (一生一档)."""

from portal.core.export import Sheet
from portal.core.i18n import _

from .labels import parent_label
from .records import contacts_of


def contact_sheets(student) -> list[Sheet]:
    headers = [
        _("Date"),
        _("Parent or guardian"),
        _("Method"),
        _("Contact made by"),
        _("Content"),
        _("The parent's opinion"),
        _("Face-to-face meeting"),
        _("Parent confirmed on"),
    ]
    rows = [
        [
            c.contacted_at.isoformat(sep=" ", timespec="minutes"),
            f"{c.parent_name} ({c.relation})" if c.relation else c.parent_name,
            parent_label("method", c.method),
            c.made_by,
            c.content,
            c.parent_opinion or "",
            parent_label("reason", c.meeting_reason) if c.is_meeting else "",
            c.parent_confirmed_on.isoformat() if c.parent_confirmed_on else "",
        ]
        for c in reversed(contacts_of(student.id))
    ]
    return [Sheet(_("Parent contact"), headers, rows, [17, 16, 14, 14, 50, 40, 18, 14])]
