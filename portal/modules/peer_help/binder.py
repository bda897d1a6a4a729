"""The peer-help section of a class's term binder: the pairing list of the term (结对情况表),
one page, and each pairing's agreement (帮扶协议) on its own page."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from markupsafe import Markup
from sqlalchemy import and_, func, select
from sqlalchemy.orm import selectinload

from portal.core.export import Sheet
from portal.core.i18n import _
from portal.core.modules import BinderPage
from portal.extensions import db

from .labels import pairing_state
from .models import Mentee, Pairing, TutoringSession
from .pairings import approval


@dataclass
class Row:
    mentees: str
    volunteer: str
    courses: str
    dates: str
    state: str
    sessions: int


def _pairings(scope) -> list[Pairing]:
    """Pairings with a mentee of the class that ran during the term (proposed ones too)."""
    in_class = scope.tied_to_a_student(Mentee.pairing_id == Pairing.id, Mentee.student_id)
    ran = and_(Pairing.starts_on < scope.until.date(), Pairing.ends_on >= scope.since.date())
    return list(
        db.session.scalars(
            select(Pairing)
            .where(in_class, ran)
            .options(
                selectinload(Pairing.mentees).selectinload(Mentee.student),
                selectinload(Pairing.steps),
            )
            .order_by(Pairing.starts_on, Pairing.id)
        )
    )


def _rows(scope, pairings) -> list[Row]:
    counts = dict(
        db.session.execute(
            select(TutoringSession.pairing_id, func.count())
            .where(
                TutoringSession.pairing_id.in_([p.id for p in pairings]),
                TutoringSession.held_on >= scope.since.date(),
                TutoringSession.held_on < scope.until.date(),
            )
            .group_by(TutoringSession.pairing_id)
        ).all()
    )
    sep = _(", ")
    return [
        Row(
            sep.join(m.student.name for m in p.mentees),
            p.volunteer.student.name,
            sep.join(p.courses),
            f"{p.starts_on.isoformat()} – {p.ends_on.isoformat()}",
            pairing_state(p),
            counts.get(p.id, 0),
        )
        for p in pairings
    ]


def list_pages(scope) -> list[BinderPage]:
    pairings = _pairings(scope)
    html = Markup(
        render_template(
            "peer_help/_pairing_list_sheet.html",
            rows=_rows(scope, pairings),
            school_class=scope.school_class,
            term=scope.term,
        )
    )
    return [
        BinderPage(
            at=scope.since,
            title=f"{_('Peer help pairings of the term')} {scope.term.code}",
            html=html,
        )
    ]


def agreement_page(pairing: Pairing) -> str:
    return Markup(
        render_template(
            "peer_help/_agreement_sheet.html", pairing=pairing, approval=approval(pairing)
        )
    )


def list_sheet(scope) -> Sheet:
    pairings = _pairings(scope)
    headers = [
        _("Student helped"),
        _("Volunteer"),
        _("Courses to work on"),
        _("Dates"),
        _("State"),
        _("Sessions"),
    ]
    rows = [
        [r.mentees, r.volunteer, r.courses, r.dates, r.state, r.sessions]
        for r in _rows(scope, pairings)
    ]
    return Sheet(_("Peer help pairings"), headers, rows, [20, 12, 24, 24, 14, 8])
