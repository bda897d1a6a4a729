"""The talks module's sheet of a student's archive (一生一档)."""

from portal.core.export import Sheet
from portal.core.i18n import _
from portal.core.templating import punctuation

from .labels import talk_label
from .records import timeline


def talk_sheets(student) -> list[Sheet]:
    headers = [_("No."), _("Date"), _("Talked with"), _("Method"), _("Topics"),
               _("Main content"), _("Agreed measures"), _("Effect of the measures"),
               _("Confirmed by the student")]
    rows = []
    for entry in timeline(student.id):
        if entry.talk:
            t = entry.talk
            rows.append([entry.number, t.held_at.isoformat(sep=" ", timespec="minutes"),
                         t.talkers, talk_label("method", t.method),
                         punctuation()["list"].join(talk_label("topic", c) for c in t.topics), t.content,
                         t.measures or "", t.effect or "",
                         t.acknowledged_at.date().isoformat() if t.acknowledged_at else ""])
        else:
            m = entry.meeting
            rows.append([entry.number, m.held_at.isoformat(sep=" ", timespec="minutes"),
                         m.organiser, talk_label("method", "group"), m.agenda or "",
                         m.content or "", m.decisions or "", "", ""])
    return [Sheet(_("Talks"), headers, rows, [6, 17, 16, 12, 20, 50, 40, 30, 12])]
