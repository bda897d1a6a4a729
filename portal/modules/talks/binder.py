"""The talks module's sections of a class's term binder: each talk, then each group
meeting's minutes, on its own page (the core gathers them: portal.core.binder)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup
from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from portal.core.export import Sheet
from portal.core.i18n import _
from portal.core.models import Student
from portal.core.modules import BinderPage
from portal.extensions import db

from .labels import talk_label
from .models import Attendee, Meeting, Talk
from .records import numbers_for


def _talks(scope) -> list[Talk]:
    return scope.records(Talk, Talk.held_at)


def _meetings(scope) -> list[Meeting]:
    attended = exists().where(
        Attendee.meeting_id == Meeting.id, Attendee.student_id == Student.id, scope.students
    )
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


def meeting_pages(scope) -> list[BinderPage]:
    return [
        BinderPage(
            at=m.held_at,
            title=f"{_('Group meeting')} {m.held_at:%Y-%m-%d}",
            html=Markup(render_template("talks/_meeting_sheet.html", meeting=m)),
        )
        for m in _meetings(scope)
    ]


def talk_sheet(scope) -> Sheet:
    headers = [
        _("Date"),
        _("Student number"),
        _("Name"),
        _("Place"),
        _("Talked with"),
        _("Method"),
        _("Main content"),
        _("The student's feedback, in their own words"),
        _("Agreed measures"),
        _("Parents contacted about it"),
        _("Referred to the counselling centre"),
        _("The counselor's supplementary opinion"),
    ]
    yes_no = {True: _("yes"), False: _("no"), None: ""}
    rows = [
        [
            t.held_at.isoformat(sep=" ", timespec="minutes"),
            t.student.student_no,
            t.student.name,
            t.place or "",
            t.talkers,
            talk_label("method", t.method),
            t.content,
            t.student_feedback or "",
            t.measures or "",
            yes_no[t.parents_contacted],
            yes_no[bool(t.referred)],
            t.counselor_opinion or "",
        ]
        for t in _talks(scope)
    ]
    return Sheet(_("Talks"), headers, rows, [17, 14, 10, 14, 16, 10, 50, 40, 40, 10, 10, 30])


def meeting_sheet(scope) -> Sheet:
    headers = [
        _("Date"),
        _("Place"),
        _("Organiser"),
        _("Present"),
        _("Agenda"),
        _("Content"),
        _("Decisions"),
    ]
    rows = [
        [
            m.held_at.isoformat(sep=" ", timespec="minutes"),
            m.place or "",
            m.organiser,
            "、".join(a.student.name for a in m.attendees if a.present),
            m.agenda or "",
            m.content or "",
            m.decisions or "",
        ]
        for m in _meetings(scope)
    ]
    return Sheet(_("Group meetings"), headers, rows, [17, 14, 14, 30, 30, 50, 30])
