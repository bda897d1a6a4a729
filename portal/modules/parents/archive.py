"""The parents module's sheet of a student's archive (一生一档)."""

from portal.core.export import Column, Sheet, sheet_of
from portal.core.i18n import _
from portal.core.templating import relation_label

from . import columns as common
from .labels import parent_label
from .records import contacts_of


def sheets(student) -> list[Sheet]:
    columns = [
        common.contacted_at(),
        Column(
            _("Parent or guardian"),
            16,
            lambda c: (
                _(
                    "%(name)s (%(relation)s)",
                    name=c.parent_name,
                    relation=relation_label(c.relation),
                )
                if c.relation
                else c.parent_name
            ),
        ),
        common.method(14),
        *common.said(),
        Column(
            _("Face-to-face meeting"),
            18,
            lambda c: parent_label("reason", c.meeting_reason) if c.is_meeting else "",
        ),
        common.confirmed_on(),
    ]
    return [sheet_of(_("Parent contact"), columns, reversed(contacts_of(student.id)))]
