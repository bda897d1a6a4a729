"""The warnings module's sheet of a student's archive."""

from portal.core.export import Sheet
from portal.core.i18n import _, pick

from .explain import history, reasons


def warnings_sheets(student) -> list[Sheet]:
    headers = [_("Term"), _("Category"), _("Level"), _("Why"), _("Change"), _("Lifted")]
    rows = []
    for story in history(student):
        for warning in story.warnings:
            info = story.catalogue.get((warning.category, warning.level))
            rows.append([story.term.code, pick(info.category_names) if info else warning.category,
                         pick(info.names) if info else warning.level, reasons(warning),
                         warning.change, warning.lifted_at.date().isoformat()
                         if warning.lifted_at else ""])
    return [Sheet(_("Academic warnings"), headers, rows, [13, 14, 14, 60, 10, 12])]
