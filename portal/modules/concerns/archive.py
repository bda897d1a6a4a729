"""The concerns sheet of a student's archive (一生一档)."""

from portal.core.export import Column, Sheet, sheet_of
from portal.core.i18n import _

from .labels import concern_label, kinds_text
from .services import my_concerns


def sheets(student) -> list[Sheet]:
    """A sheet only for a student some teacher was concerned about."""
    items = my_concerns(student.id)
    if not items:
        return []
    columns = [
        Column(_("Date"), 12, lambda c: c.raised_on.isoformat()),
        Column(_("Course"), 20, lambda c: c.assignment.course_name),
        Column(_("Teacher"), 12, lambda c: c.assignment.teacher.name),
        Column(_("Concern"), 30, lambda c: kinds_text(c.kinds)),
        Column(_("Teacher's note"), 30, lambda c: c.note or ""),
        Column(_("Closed on"), 12, lambda c: c.closed_on.isoformat() if c.closed_on else ""),
        Column(_("Outcome"), 30, lambda c: concern_label("outcome", c.outcome)),
    ]
    return [sheet_of(_("Mid-term concerns"), columns, items)]
