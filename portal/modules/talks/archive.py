"""The talks module's sheet of a student's archive (一生一档)."""

from portal.core.export import Column, Sheet, day_cell, sheet_of
from portal.core.i18n import _
from portal.core.templating import punctuation

from .labels import talk_label
from .records import timeline


def _either(of_talk, of_meeting=lambda meeting: ""):
    """A cell of a timeline entry: `of_talk(talk)`, or `of_meeting(meeting)` for a group
    meeting (blank where a meeting has no such thing)."""
    return lambda entry: of_talk(entry.talk) if entry.talk else of_meeting(entry.meeting)


def _held_at(record) -> str:
    return record.held_at.isoformat(sep=" ", timespec="minutes")


def _topics(talk) -> str:
    return punctuation()["list"].join(talk_label("topic", c) for c in talk.topics)


def sheets(student) -> list[Sheet]:
    yes_no = {True: _("yes"), False: _("no"), None: ""}
    columns = [
        Column(_("No."), 6, lambda entry: entry.number or ""),
        Column(_("Date"), 17, _either(_held_at, _held_at)),
        Column(_("Place"), 14, _either(lambda t: t.place or "", lambda m: m.place or "")),
        Column(_("Talked with"), 16, _either(lambda t: t.talkers, lambda m: m.organiser)),
        Column(
            _("Method"),
            12,
            _either(
                lambda t: talk_label("method", t.method), lambda m: talk_label("method", "group")
            ),
        ),
        Column(_("Topics"), 20, _either(_topics, lambda m: m.agenda or "")),
        Column(_("First impression"), 30, _either(lambda t: t.first_impression or "")),
        Column(_("Main content"), 50, _either(lambda t: t.content, lambda m: m.content or "")),
        Column(
            _("The student's feedback, in their own words"),
            40,
            _either(lambda t: t.student_feedback or ""),
        ),
        Column(
            _("Agreed measures"),
            40,
            _either(lambda t: t.measures or "", lambda m: m.decisions or ""),
        ),
        Column(_("Effect of the measures"), 30, _either(lambda t: t.effect or "")),
        Column(_("Parents contacted about it"), 10, _either(lambda t: yes_no[t.parents_contacted])),
        Column(
            _("Referred to the counselling centre"), 10, _either(lambda t: yes_no[bool(t.referred)])
        ),
        Column(
            _("The counselor's supplementary opinion"),
            30,
            _either(lambda t: t.counselor_opinion or ""),
        ),
        Column(
            _("Confirmed by the student"),
            12,
            _either(lambda t: day_cell(t.acknowledged_at)),
        ),
    ]
    return [sheet_of(_("Talks"), columns, timeline(student.id))]
