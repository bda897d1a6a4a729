"""The tutoring a student receives, as the student's peer-help page tells it: paired (with
whom, for which courses, the sessions so far), waiting (a pairing proposed for them in the
approval chain, or a peer volunteer they asked for in another module — the study plan —
that no pairing has answered yet), or neither."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from portal.core import wishes
from portal.core.models import Student
from portal.core.wishes import Wish
from portal.extensions import db

from .models import STAGES, Mentee, Pairing, Presence, TutoringSession


@dataclass
class Tutoring:
    """An approved pairing of the student's, and the sessions logged with them in it."""

    pairing: Pairing
    sessions: int = 0
    minutes: int = 0
    to_confirm: int = 0
    disputed: int = 0  # the student said "not right": in neither count above


@dataclass
class MenteeHelp:
    tutoring: list[Tutoring] = field(default_factory=list)
    in_approval: list[Pairing] = field(default_factory=list)
    wish: Wish | None = None  # asked for, and no pairing proposed since

    @property
    def state(self) -> str:
        """paired | waiting | none: what the page tells the student first."""
        if self.tutoring:
            return "paired"
        return "waiting" if self.in_approval or self.wish else "none"


def of_student(student: Student) -> MenteeHelp:
    pairings = list(
        db.session.scalars(
            select(Pairing)
            .join(Pairing.mentees)
            .where(Mentee.student_id == student.id)
            .order_by(Pairing.starts_on, Pairing.id)
        )
    )
    return MenteeHelp(
        tutoring=_with_sessions([p for p in pairings if p.state == "active"], student.id),
        in_approval=[p for p in pairings if p.state in STAGES],
        wish=_unanswered_wish(student, pairings),
    )


def _unanswered_wish(student: Student, pairings: list[Pairing]) -> Wish | None:
    """The latest peer volunteer the student asked for, unless a pairing was proposed for
    them since (one not approved answers nothing: the counselor looks again)."""
    asked = wishes.of_student(student, wishes.PEER_VOLUNTEER)
    if not asked:
        return None
    latest = asked[-1]
    answered = any(p.state != "rejected" and p.created_at >= latest.asked_at for p in pairings)
    return None if answered else latest


def _with_sessions(pairings: list[Pairing], student_id: int) -> list[Tutoring]:
    """Each pairing with the sessions the student was present at: how many, how long, how
    many wait for their word, and how many they disputed (those count in neither total)."""
    found = {p.id: Tutoring(p) for p in pairings}
    if not found:
        return []
    taken = Presence.state != "disputed"
    rows = db.session.execute(
        select(
            TutoringSession.pairing_id,
            func.count().filter(taken),
            func.coalesce(func.sum(TutoringSession.minutes).filter(taken), 0),
            func.count().filter(Presence.state == "pending"),
            func.count().filter(Presence.state == "disputed"),
        )
        .join(Presence, Presence.session_id == TutoringSession.id)
        .where(Presence.student_id == student_id, TutoringSession.pairing_id.in_(list(found)))
        .group_by(TutoringSession.pairing_id)
    )
    for pairing_id, sessions, minutes, to_confirm, disputed in rows:
        tutoring = found[pairing_id]
        tutoring.sessions, tutoring.minutes = sessions, int(minutes)
        tutoring.to_confirm, tutoring.disputed = to_confirm, disputed
    return list(found.values())
