"""Tutoring sessions: the college's rules, the mentee's word, the counselor's check, and
which sessions count towards hours (checked, and confirmed by every mentee present)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, exists, func, not_, select

from portal.core import clock
from portal.core.access import role_permissions
from portal.core.helpers import holders
from portal.core.i18n import N_
from portal.core.models import Student
from portal.core.models.base import utcnow
from portal.core.notify import notify
from portal.extensions import db

from . import terms
from .models import Pairing, Presence, TutoringSession
from .pairings import setting_of
from .problems import Problem


class Refused(Exception):
    """The session was not written: every rule it breaks, for the form to show at once."""

    def __init__(self, problems: list[Problem]):
        super().__init__(", ".join(p.code for p in problems))
        self.problems = problems


def minutes_between(start: time, end: time) -> int:
    return int(
        (datetime.combine(date.min, end) - datetime.combine(date.min, start)).total_seconds() // 60
    )


def log(
    pairing: Pairing,
    *,
    held_on: date,
    starts_at: time,
    ends_at: time,
    course: str,
    what: str,
    place: str | None,
    present: list[int],
    session: TutoringSession | None = None,
) -> TutoringSession:
    """A new session (or an edit of one the counselor has not checked), if the rules allow
    it; else `Refused` with every rule it breaks. An edit asks each mentee present to
    confirm again."""
    if session is not None and session.certification_id:
        raise Refused([Problem("certified")])
    if session is not None and session.checked_at:
        raise Refused([Problem("checked")])
    found = problems(
        pairing,
        held_on=held_on,
        starts_at=starts_at,
        ends_at=ends_at,
        present=present,
        session=session,
    )
    if found:
        raise Refused(found)
    minutes = minutes_between(starts_at, ends_at)
    session = session or TutoringSession(pairing_id=pairing.id, volunteer_id=pairing.volunteer_id)
    session.held_on, session.starts_at, session.ends_at = held_on, starts_at, ends_at
    session.minutes, session.course, session.what, session.place = minutes, course, what, place
    # An edited session is confirmed again by each mentee present; their rows are kept (a new
    # row for the same student would collide with the old one before it is deleted).
    earlier = {p.student_id: p for p in session.attendance} if session.id else {}
    for presence in earlier.values():
        presence.state, presence.note, presence.answered_at = "pending", None, None
    session.attendance = [earlier.get(sid) or Presence(student_id=sid) for sid in present]
    db.session.add(session)
    db.session.flush()
    return session


def problems(
    pairing: Pairing,
    *,
    held_on: date | None,
    starts_at: time | None,
    ends_at: time | None,
    present: list[int] | None,
    session: TutoringSession | None = None,
) -> list[Problem]:
    """Every rule the session as typed breaks, so that one submit shows them all (as the
    parent-contact form does); a value the form could not read (None) leaves out the rules
    that need it, its own field saying what is missing."""
    found = [] if pairing.state == "active" else [Problem("not_active")]
    if held_on is not None:
        found += _date_problems(pairing, held_on, ends_at)
    if not present or not set(present) <= {m.student_id for m in pairing.mentees}:
        found.append(Problem("mentees"))
    if starts_at is None or ends_at is None:
        return found
    minutes = minutes_between(starts_at, ends_at)
    if minutes <= 0:
        return [*found, Problem("end_before_start")]
    setting = setting_of(pairing.mentees[0].student.college_id)
    if minutes > setting.max_session_minutes:
        found.append(Problem("too_long", hours=setting.max_session_minutes / 60))
    if held_on is not None:
        found += _week_problems(pairing, held_on, starts_at, ends_at, minutes, session, setting)
    return found


def _date_problems(pairing: Pairing, held_on: date, ends_at: time | None) -> list[Problem]:
    """Within the pairing's dates, and within a term its hours can be certified in
    (`terms.covering`): a pairing entered before its dates were bounded reaches years
    outside any term. Not in the future, nor today before it ends."""
    found = []
    if not pairing.starts_on <= held_on <= pairing.ends_on:
        found.append(Problem("outside", starts=pairing.starts_on, ends=pairing.ends_on))
    elif not clock.is_future(held_on) and terms.covering(held_on, clock.today()) is None:
        found.append(Problem("no_term", day=held_on))
    if clock.is_future(held_on):
        found.append(Problem("future"))
    elif ends_at is not None and clock.is_future(held_on, ends_at):  # today, not over yet
        found.append(Problem("not_over", end=ends_at))
    return found


def _week_problems(pairing, held_on, starts_at, ends_at, minutes, session, setting):
    """Another session of the volunteer's at the same time; the week's limit."""
    found = []
    others = select(TutoringSession).where(
        TutoringSession.volunteer_id == pairing.volunteer_id,
        TutoringSession.id != (session.id if session else -1),
    )
    overlapping = db.session.scalar(
        others.where(
            TutoringSession.held_on == held_on,
            TutoringSession.starts_at < ends_at,
            TutoringSession.ends_at > starts_at,
        ).limit(1)
    )
    if overlapping is not None:
        found.append(Problem("overlap", start=overlapping.starts_at, end=overlapping.ends_at))
    monday = held_on - timedelta(days=held_on.weekday())
    week = db.session.scalar(
        others.with_only_columns(func.coalesce(func.sum(TutoringSession.minutes), 0)).where(
            TutoringSession.held_on.between(monday, monday + timedelta(days=6))
        )
    )
    if week + minutes > setting.max_week_minutes:
        found.append(Problem("week", hours=setting.max_week_minutes / 60))
    return found


def locked(session: TutoringSession) -> bool:
    """Checked by the counselor (or certified): the volunteer can no longer edit it."""
    return bool(session.checked_at or session.certification_id)


# Said to those who check the session; the mentee's note is on the check page, not here.
DISPUTED = N_(
    "%(mentee)s questioned the tutoring session of %(day)s logged by volunteer %(volunteer)s: "
    "please look into it."
)


def answer(attendance: Presence, confirmed: bool, note: str | None) -> None:
    """The mentee's word. "This is not right" is told at once to who checks the session, in
    the portal: it waits for them to talk with the pair (the check page lists it)."""
    attendance.state = "confirmed" if confirmed else "disputed"
    attendance.note, attendance.answered_at = note, utcnow()
    if not confirmed:
        session = attendance.session
        notify(
            checkers_of(attendance.student),
            DISPUTED,
            link="/peer-help/check#waiting",
            mentee=attendance.student.name,
            volunteer=session.pairing.volunteer.student.name,
            day=session.held_on.isoformat(),
        )
    db.session.flush()


def checkers_of(student: Student) -> list[int]:
    """Who checks the sessions of the student: the counselors among those holding
    peer_help.manage over them ("the counselor checks", workflows.md §6; "志愿者监督",
    shaoxing 第四条); where the class has none, everyone else who holds it (the college's
    secretary), so a session never waits on nobody. Never a grant over the whole school."""
    roles = [role for role, held in role_permissions().items() if "peer_help.manage" in held]
    found = holders(student, roles)
    counselors = [user_id for role, _name, user_id in found if role == "counselor"]
    return counselors or [user_id for _role, _name, user_id in found]


def checkable(session: TutoringSession) -> bool:
    """Not checked yet, and confirmed by every mentee present: the mentee's word comes
    before the counselor's check (workflows.md: "the mentee confirms; the counselor
    checks"), as a support record is signed by those it concerns before it is kept (lzut
    二.7 "必须有书面记录并经当事人签字存档"). A session waiting for its mentee, or one they
    questioned, is not the counselor's to check yet."""
    states = {a.state for a in session.attendance}
    return session.checked_at is None and states == {"confirmed"}


def check(sessions: list[TutoringSession], user_id: int) -> int:
    """Check the sessions, all or none: one that is not `checkable` refuses the lot."""
    waiting = [s for s in sessions if not checkable(s)]
    if waiting:
        raise Refused([Problem("unconfirmed", count=len(waiting))])
    now = utcnow()
    for session in sessions:
        session.checked_at, session.checked_by_id = now, user_id
    db.session.flush()
    return len(sessions)


def confirmed():
    """SQL condition: every mentee present confirmed the session."""
    return not_(
        exists().where(Presence.session_id == TutoringSession.id, Presence.state != "confirmed")
    )


def counted():
    """SQL condition: a session that counts — checked, and confirmed by every mentee present
    (a session checked before the check waited for the mentee counts once they confirm)."""
    return and_(TutoringSession.checked_at.is_not(None), confirmed())


def disputed():
    """SQL condition: a mentee present said the session is not right. It counts nowhere
    (not as pending either) until the volunteer corrects it and every mentee confirms."""
    return exists().where(Presence.session_id == TutoringSession.id, Presence.state == "disputed")
