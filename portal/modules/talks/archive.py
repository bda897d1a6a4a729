"""The talks module's sheet of a student's archive (一生一档)."""

from portal.core.export import Sheet
from portal.core.i18n import _
from portal.core.templating import punctuation

from .labels import talk_label
from .records import timeline


def talk_sheets(student) -> list[Sheet]:
    headers = [
        _("No."),
        _("Date"),
        _("Place"),
        _("Talked with"),
        _("Method"),
        _("Topics"),
        _("First impression"),
        _("Main content"),
        _("The student's feedback, in their own words"),
        _("Agreed measures"),
        _("Effect of the measures"),
        _("Parents contacted about it"),
        _("Referred to the counselling centre"),
        _("The counselor's supplementary opinion"),
        _("Confirmed by the student"),
    ]
    yes_no = {True: _("yes"), False: _("no"), None: ""}
    rows = []
    for entry in timeline(student.id):
        if entry.talk:
            t = entry.talk
            rows.append(
                [
                    entry.number,
                    t.held_at.isoformat(sep=" ", timespec="minutes"),
                    t.place or "",
                    t.talkers,
                    talk_label("method", t.method),
                    punctuation()["list"].join(talk_label("topic", c) for c in t.topics),
                    t.first_impression or "",
                    t.content,
                    t.student_feedback or "",
                    t.measures or "",
                    t.effect or "",
                    yes_no[t.parents_contacted],
                    yes_no[bool(t.referred)],
                    t.counselor_opinion or "",
                    t.acknowledged_at.date().isoformat() if t.acknowledged_at else "",
                ]
            )
        else:
            m = entry.meeting
            rows.append(
                [
                    entry.number,
                    m.held_at.isoformat(sep=" ", timespec="minutes"),
                    m.place or "",
                    m.organiser,
                    talk_label("method", "group"),
                    m.agenda or "",
                    "",
                    m.content or "",
                    "",
                    m.decisions or "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            )
    return [
        Sheet(
            _("Talks"), headers, rows, [6, 17, 14, 16, 12, 20, 30, 50, 40, 40, 30, 10, 10, 30, 12]
        )
    ]
