"""Volunteer hours, kept in whole minutes (exact), shown as hours; a certification of a term
locks the sessions it counted, and a later one of the term counts those checked since."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, not_, select, update

from portal.core.binder import term_span
from portal.core.i18n import N_
from portal.core.models import Term, User
from portal.core.notify import notify
from portal.extensions import db

from .models import Certification, TutoringSession, Volunteer
from .sessions import counted, disputed


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


@dataclass
class Tally:
    volunteer: Volunteer
    certified: int = 0  # minutes
    countable: int = 0  # checked and confirmed, not yet certified
    pending: int = 0  # waiting for the mentee or the counselor
    disputed: int = 0  # questioned by a mentee: not counted, for the counselor to look into


def _minutes_where(condition):
    return func.coalesce(func.sum(TutoringSession.minutes).filter(condition), 0)


def tallies(volunteers: list[Volunteer]) -> list[Tally]:
    ids = [v.id for v in volunteers]
    rows = {v.id: Tally(v) for v in volunteers}
    for vid, minutes in db.session.execute(
        select(Certification.volunteer_id, func.sum(Certification.minutes))
        .where(Certification.volunteer_id.in_(ids))
        .group_by(Certification.volunteer_id)
    ):
        rows[vid].certified = int(minutes)
    # One pass over the uncertified sessions: each falls in exactly one of the three sums.
    for vid, countable, pending, questioned in db.session.execute(
        select(
            TutoringSession.volunteer_id,
            _minutes_where(counted()),
            _minutes_where(and_(not_(counted()), not_(disputed()))),
            _minutes_where(disputed()),
        )
        .where(TutoringSession.volunteer_id.in_(ids), TutoringSession.certification_id.is_(None))
        .group_by(TutoringSession.volunteer_id)
    ):
        tally = rows[vid]
        tally.countable, tally.pending, tally.disputed = (
            int(countable),
            int(pending),
            int(questioned),
        )
    return list(rows.values())


class CertifiedMeanwhile(Exception):
    """Another run certified some of the same sessions while this one was being made."""


def certify(
    term: Term, until: date, volunteers: list[Volunteer], user_id: int
) -> list[Certification]:
    """Certify each volunteer's countable sessions held in the term, up to `until`, that no
    certificate counts yet; those sessions are then locked (a later edit is refused). Only
    the term's own sessions: a certificate names the term, so hours of another term cannot
    be certified under it. A run after an earlier one of the term makes a further
    certificate of the hours checked since (one run per term left them uncertifiable); a
    certificate made never changes."""
    since, before = (moment.date() for moment in term_span(term))
    made = []
    for volunteer in volunteers:
        sessions = list(
            db.session.scalars(
                select(TutoringSession).where(
                    TutoringSession.volunteer_id == volunteer.id,
                    TutoringSession.certification_id.is_(None),
                    TutoringSession.held_on >= since,
                    TutoringSession.held_on < before,
                    TutoringSession.held_on <= until,
                    counted(),
                )
            )
        )
        if not sessions:
            continue
        certification = Certification(
            volunteer_id=volunteer.id,
            term_id=term.id,
            minutes=sum(s.minutes for s in sessions),
            sessions=len(sessions),
            certified_by_id=user_id,
        )
        db.session.add(certification)
        db.session.flush()
        _claim(sessions, certification)
        made.append(certification)
        account = db.session.scalar(select(User.id).where(User.student_id == volunteer.student_id))
        notify(
            account,
            N_(
                "Volunteer hours certified: %(hours)s. Your certificate is ready to open and print."
            ),
            link=f"/peer-help/certificates/{certification.id}",
            hours=f"{hours(certification.minutes).normalize():f}",
        )
    db.session.flush()
    return made


def _claim(sessions: list[TutoringSession], certification: Certification) -> None:
    """Put the sessions on the certificate, each only if no certificate has it yet: two runs
    at once must not count a session twice (the later one waits for the first's rows, then
    finds them taken, and is refused)."""
    ids = [s.id for s in sessions]
    taken = db.session.execute(
        update(TutoringSession)
        .where(TutoringSession.id.in_(ids), TutoringSession.certification_id.is_(None))
        .values(certification_id=certification.id)
    ).rowcount
    if taken != len(ids):
        raise CertifiedMeanwhile(certification.volunteer_id)


def earlier_of(certification: Certification) -> list[Certification]:
    """The certificates of the same volunteer and term made before this one: a further
    certificate names them (its hours are in addition to theirs)."""
    return list(
        db.session.scalars(
            select(Certification)
            .where(
                Certification.volunteer_id == certification.volunteer_id,
                Certification.term_id == certification.term_id,
                Certification.id < certification.id,
            )
            .order_by(Certification.id)
        )
    )
