"""The talks module's sections of a class's term binder: each talk, then each group
meeting's minutes, on its own page (the core gathers them: portal.core.binder)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.core.access import in_scope
from portal.core.export import Column, Sheet, sheet_of
from portal.core.i18n import _
from portal.core.modules import BinderPage
from portal.extensions import db

from .labels import talk_label
from .models import Attendee, Meeting, Talk
from .records import numbers_for


def _talks(scope) -> list[Talk]:
    return scope.records(Talk, Talk.held_at)


def _meetings(scope) -> list[Meeting]:
    attended = scope.tied_to_a_student(Attendee.meeting_id == Meeting.id, Attendee.student_id)
    return list(
        db.session.scalars(
            select(Meeting)
            .where(attended, scope.during(Meeting.held_at))
            .options(selectinload(Meeting.attendees).selectinload(Attendee.student))
            .order_by(Meeting.held_at, Meeting.id)
        )
    )


def talk_page(talk: Talk, number: int) -> str:
    return Markup(render_template("talks/_talk_sheet.html", talk=talk, number=number))


def talk_pages(scope) -> list[BinderPage]:
    talks = _talks(scope)
    numbers = numbers_for({t.student_id for t in talks})
    return [
        BinderPage(
            at=t.held_at,
            title=f"{_('Talk record')} {t.student.name} {t.held_at:%Y-%m-%d}",
            html=talk_page(t, numbers.get(t.id, 0)),
        )
        for t in talks
    ]


def _named(meeting: Meeting, present: bool) -> list[str]:
    """The attendees the reader may know of: minutes shared with other classes name only
    the students within the reader's scope, as the meeting's own page does."""
    return [
        a.student.name
        for a in meeting.attendees
        if a.present == present and in_scope(a.student, "talks.view")
    ]


def meeting_pages(scope) -> list[BinderPage]:
    return [
        BinderPage(
            at=m.held_at,
            title=f"{_('Group meeting')} {m.held_at:%Y-%m-%d}",
            html=Markup(
                render_template(
                    "talks/_meeting_sheet.html",
                    meeting=m,
                    present=_named(m, True),
                    absent=_named(m, False),
                )
            ),
        )
        for m in _meetings(scope)
    ]


def _held_at(record) -> str:
    return record.held_at.isoformat(sep=" ", timespec="minutes")


def talk_sheet(scope) -> Sheet:
    yes_no = {True: _("yes"), False: _("no"), None: ""}
    columns = [
        Column(_("Date"), 17, _held_at),
        Column(_("Student number"), 14, lambda t: t.student.student_no),
        Column(_("Name"), 10, lambda t: t.student.name),
        Column(_("Place"), 14, lambda t: t.place or ""),
        Column(_("Talked with"), 16, lambda t: t.talkers),
        Column(_("Method"), 10, lambda t: talk_label("method", t.method)),
        Column(_("Main content"), 50, lambda t: t.content),
        Column(
            _("The student's feedback, in their own words"), 40, lambda t: t.student_feedback or ""
        ),
        Column(_("Agreed measures"), 40, lambda t: t.measures or ""),
        Column(_("Parents contacted about it"), 10, lambda t: yes_no[t.parents_contacted]),
        Column(_("Referred to the counselling centre"), 10, lambda t: yes_no[bool(t.referred)]),
        Column(_("The counselor's supplementary opinion"), 30, lambda t: t.counselor_opinion or ""),
    ]
    return sheet_of(_("Talks"), columns, _talks(scope))


def meeting_sheet(scope) -> Sheet:
    columns = [
        Column(_("Date"), 17, _held_at),
        Column(_("Place"), 14, lambda m: m.place or ""),
        Column(_("Organiser"), 14, lambda m: m.organiser),
        Column(_("Present"), 30, lambda m: "、".join(_named(m, True))),
        Column(_("Agenda"), 30, lambda m: m.agenda or ""),
        Column(_("Content"), 50, lambda m: m.content or ""),
        Column(_("Decisions"), 30, lambda m: m.decisions or ""),
    ]
    return sheet_of(_("Group meetings"), columns, _meetings(scope))
