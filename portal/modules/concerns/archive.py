"""The concerns sheet of a student's archive (一生一档)."""

from portal.core.export import Sheet
from portal.core.i18n import _

from .labels import concern_label, kinds_text
from .services import my_concerns


def concern_sheets(student) -> list[Sheet]:
    """A sheet only for a student some teacher was concerned about."""
    items = my_concerns(student.id)
    if not items:
        return []
    headers = [
        _("Date"),
        _("Course"),
        _("Teacher"),
        _("Concern"),
        _("Teacher's note"),
        _("Closed on"),
        _("Outcome"),
    ]
    rows = [
        [
            c.raised_on.isoformat(),
            c.assignment.course_name,
            c.assignment.teacher.name,
            kinds_text(c.kinds),
            c.note or "",
            c.closed_on.isoformat() if c.closed_on else "",
            concern_label("outcome", c.outcome),
        ]
        for c in items
    ]
    return [Sheet(_("Mid-term concerns"), headers, rows, [12, 20, 12, 30, 30, 12, 30])]
