"""The peer-help sheets of a student's archive (一生一档): the pairings and the sessions the
student had as a mentee, and — for a volunteer — their sessions and certified hours."""

from sqlalchemy import select

from portal.core import clock
from portal.core.export import Sheet
from portal.core.i18n import _
from portal.extensions import db

from .hours import hours
from .labels import pairing_state, peer_label
from .models import Certification, Mentee, Pairing, Presence, TutoringSession, Volunteer


def sheets(student) -> list[Sheet]:
    sheets = []
    pairings = list(
        db.session.scalars(
            select(Pairing)
            .join(Pairing.mentees)
            .where(Mentee.student_id == student.id)
            .order_by(Pairing.starts_on)
        )
    )
    sessions = db.session.execute(
        select(TutoringSession, Presence)
        .join(Presence.session)
        .where(Presence.student_id == student.id)
        .order_by(TutoringSession.held_on)
    ).all()
    if pairings or sessions:
        headers = [
            _("Date"),
            _("Volunteer"),
            _("Course"),
            _("Minutes"),
            _("What was done"),
            _("Confirmed by the student"),
        ]
        rows = [
            [
                p.starts_on.isoformat(),
                p.volunteer.student.name,
                "、".join(p.courses),
                "",
                _("Pairing") + f": {p.plan}",
                pairing_state(p),
            ]
            for p in pairings
        ]
        rows += [
            [
                s.held_on.isoformat(),
                s.pairing.volunteer.student.name,
                s.course,
                s.minutes,
                s.what,
                peer_label("attendance", a.state),
            ]
            for s, a in sessions
        ]
        sheets.append(Sheet(_("Peer help received"), headers, rows, [12, 12, 20, 8, 50, 16]))
    volunteer = db.session.scalar(select(Volunteer).where(Volunteer.student_id == student.id))
    if volunteer is not None:
        given = list(
            db.session.scalars(
                select(TutoringSession)
                .where(TutoringSession.volunteer_id == volunteer.id)
                .order_by(TutoringSession.held_on)
            )
        )
        certs = list(
            db.session.scalars(
                select(Certification)
                .where(Certification.volunteer_id == volunteer.id)
                .order_by(Certification.certified_at)
            )
        )
        headers = [_("Date"), _("Course"), _("Minutes"), _("What was done"), _("Certified hours")]
        rows = [
            [
                s.held_on.isoformat(),
                s.course,
                s.minutes,
                s.what,
                _("certified") if s.certification_id else "",
            ]
            for s in given
        ]
        rows += [
            [
                clock.day_of(c.certified_at).isoformat(),  # the college's day
                c.term.code,
                c.minutes,
                _("%(n)d sessions", n=c.sessions),
                float(hours(c.minutes)),  # a number, as the hours export writes it
            ]
            for c in certs
        ]
        sheets.append(
            Sheet(_("Peer help given and certified hours"), headers, rows, [12, 20, 8, 50, 14])
        )
    return sheets
