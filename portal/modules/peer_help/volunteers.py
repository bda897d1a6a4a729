"""Volunteers: apply, select, train, retire, stipend details (masked, audited)."""

from __future__ import annotations

from sqlalchemy import and_, select

from portal.core import standing
from portal.core.helpers import holders_of
from portal.core.i18n import N_
from portal.core.models import RoleGrant, Student, User
from portal.core.notify import notify, told_before
from portal.extensions import db

from .models import Training, Volunteer


def of_student(student_id: int) -> Volunteer | None:
    return db.session.scalar(select(Volunteer).where(Volunteer.student_id == student_id))


def warned_levels(student_id: int) -> list[str]:
    """The warnings the student holds now (their names): a warned student is helped, not
    asked to help, and cannot be selected as a volunteer."""
    return [held.label for held in standing.of_student(student_id)]


def warned_now(student_ids, reader_scope) -> dict[int, list]:
    """Student id -> the warnings (core standings) held now by those of `student_ids` the
    reader reaches under `reader_scope` (an SQL condition on students), read through the
    core's standing service: a volunteer warned since being selected. Volunteers are good
    students — "由学院学工组织优秀学生与被帮扶人结对帮扶" (gxu 第四条2(3)); "发动优秀党员学生、
    学生干部以及同寝室优秀同学" (lzut 四.6) — and the counselor guides and oversees them
    ("志愿者监督", shaoxing 第四条): their staff see the flag and decide. A warning whose
    lifting is proposed is ending, and is not flagged."""
    ids = sorted({i for i in student_ids if i})
    if not ids:
        return {}
    held = standing.current(and_(Student.id.in_(ids), reader_scope))
    found = {
        student_id: [s for s in standings if s.state != "lifting_proposed"]
        for student_id, standings in held.items()
    }
    return {student_id: standings for student_id, standings in found.items() if standings}


def warned_since_selected(volunteer: Volunteer | None) -> bool:
    """An active volunteer who holds a warning now (as `warned_now` counts it): on their own
    pages, supportive words; their staff see a flag."""
    if volunteer is None or volunteer.state != "active":
        return False
    student_id = volunteer.student_id
    return bool(warned_now([student_id], Student.id == student_id))


# What their staff read (in their own language when they read it): who and which term's
# roster, and what to look at; no level, and nothing of a punishment.
WARNED_VOLUNTEER = N_(
    "Peer volunteer %(name)s is on the academic warning roster of %(term)s: please look "
    "in on their peer-help arrangements."
)


def tell_staff_of_warned(_app, *, term: str, warned, **_payload) -> None:
    """The core's `roster_published`: the staff who manage each active volunteer the roster
    warns (peer_help.manage over them: their counselor, the college's secretary) are told in
    the portal, so someone talks with them about going on tutoring or taking a break (the
    counselor guides and oversees volunteers: "志愿者监督", shaoxing 第四条). Once a volunteer
    and term: a roster of the term published again (a correction) tells nobody twice. A
    draft or a submitted roster tells no one; the mentees are never told."""
    active = db.session.scalars(select(Volunteer).where(Volunteer.state == "active"))
    for volunteer in [v for v in active if v.student_id in warned]:
        page = f"/peer-help/volunteers/{volunteer.id}"
        if told_before(WARNED_VOLUNTEER, link=page, term=term):
            continue
        notify(
            holders_of(volunteer.student, "peer_help.manage"),
            WARNED_VOLUNTEER,
            name=volunteer.student.name,
            term=term,
            link=page,
        )


def apply(
    student_id: int,
    courses: str,
    times: list[str],
    statement: str,
    criteria: list[str] | None = None,
    ranking: str | None = None,
) -> Volunteer:
    volunteer = of_student(student_id) or Volunteer(student_id=student_id)
    volunteer.courses, volunteer.times, volunteer.statement = courses, times, statement
    volunteer.criteria, volunteer.ranking = list(criteria or []), ranking or None
    if volunteer.state in (None, "declined", "retired"):
        volunteer.state = "applied"
    db.session.add(volunteer)
    db.session.flush()
    return volunteer


def decide(volunteer: Volunteer, state: str, user_id: int) -> None:
    """Select (active), decline, or retire; the volunteer role follows, and they hear of it."""
    volunteer.state, volunteer.decided_by_id = state, user_id
    account = db.session.scalar(select(User).where(User.student_id == volunteer.student_id))
    if account is not None:
        has = [g for g in account.grants if g.role == "volunteer"]
        if state == "active" and not has:
            account.grants.append(RoleGrant(role="volunteer", scope_kind="self"))
        elif state != "active":
            for grant in has:
                account.grants.remove(grant)
        notify(
            account.id,
            {
                "active": N_("You were selected as a peer volunteer. Thank you!"),
                "declined": N_("Your peer volunteer application was not accepted this time."),
                "retired": N_("Your peer volunteer service has ended. Thank you!"),
            }[state],
            link="/peer-help/",
        )
    db.session.flush()


def add_training(volunteer: Volunteer, held_on, topic: str) -> None:
    volunteer.trainings.append(Training(held_on=held_on, topic=topic))
    db.session.flush()


def masked(account: str | None) -> str:
    """`6222 0212 3456 7890` → `**** 7890`: enough to recognise, not to use."""
    digits = (account or "").replace(" ", "")
    return f"**** {digits[-4:]}" if len(digits) >= 4 else ("—" if not digits else "****")
