"""Pairings: the approval chain the college configures, who may decide each stage, and
suggested volunteers for a mentee."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, literal, select
from sqlalchemy.orm import selectinload

from portal.core.access import can, in_scope, roles_reaching, school_wide, student_scope
from portal.core.dues import dates_by_student_and_role
from portal.core.i18n import N_
from portal.core.models import GradeRecord, Student, User
from portal.core.notify import notify
from portal.extensions import db

from .models import Mentee, Pairing, PeerSetting, Step, Volunteer
from .volunteers import warned_now

STAGE_PERMISSION = {"college": "peer_help.review", "school": "peer_help.school"}


def setting_of(college_id: int | None) -> PeerSetting:
    row = db.session.get(PeerSetting, college_id) if college_id else None
    return row or PeerSetting(
        college_id=college_id,
        school_review=False,
        max_session_minutes=180,
        max_week_minutes=600,
        max_mentees=3,
    )


def chain(pairing: Pairing) -> list[str]:
    college = pairing.mentees[0].student.college_id if pairing.mentees else None
    stages = ["advisor", "college"]
    return stages + ["school"] if setting_of(college).school_review else stages


def create(
    volunteer: Volunteer,
    students: list[Student],
    *,
    courses,
    difficulty,
    plan,
    contact,
    starts_on,
    ends_on,
    user_id: int,
) -> Pairing:
    pairing = Pairing(
        volunteer_id=volunteer.id,
        courses=courses,
        difficulty=difficulty,
        plan=plan,
        contact=contact,
        starts_on=starts_on,
        ends_on=ends_on,
        state="advisor",
        created_by_id=user_id,
    )
    pairing.mentees = [Mentee(student_id=s.id) for s in students]
    db.session.add(pairing)
    db.session.flush()
    return pairing


def may_decide(user, pairing: Pairing) -> bool:
    """The stage waiting: the class advisor of a mentee; the college; the school."""
    if pairing.state == "advisor":
        return any(roles_reaching(user, m.student, ["class_advisor"]) for m in pairing.mentees)
    permission = STAGE_PERMISSION.get(pairing.state)
    return bool(
        permission
        and can(user, permission)
        and (
            # The school's review, under a grant over the whole school: a college's leader or
            # secretary holds the permission too, and reviews for the college only.
            school_wide(permission, user)
            if permission == STAGE_PERMISSION["school"]
            else any(in_scope(m.student, permission, user) for m in pairing.mentees)
        )
    )


def decide(pairing: Pairing, approved: bool, comment: str, user_id: int) -> None:
    pairing.steps.append(
        Step(stage=pairing.state, approved=approved, comment=comment, by_id=user_id)
    )
    stages = chain(pairing)
    if not approved:
        pairing.state = "rejected"
    else:
        later = stages[stages.index(pairing.state) + 1 :]
        pairing.state = later[0] if later else "active"
    if pairing.state in ("active", "rejected"):
        _tell(pairing)
    db.session.flush()


def _tell(pairing: Pairing) -> None:
    """Close the loop: whoever proposed the pairing, and (when it starts) the volunteer."""
    message = (
        N_("The peer-help pairing you proposed was approved.")
        if pairing.state == "active"
        else N_("The peer-help pairing you proposed was not approved.")
    )
    notify(pairing.created_by_id, message, link=f"/peer-help/pairings/{pairing.id}")
    if pairing.state == "active":
        account = db.session.scalar(
            select(User.id).where(User.student_id == pairing.volunteer.student_id)
        )
        notify(account, N_("You have been paired with a student to tutor."), link="/peer-help/")


@dataclass
class Suggestion:
    volunteer: Volunteer
    score: int
    reasons: list[str]
    load: int
    warned: list = field(default_factory=list)  # the warnings they hold now: not offered


def suggestions(
    student: Student,
    courses: list[str],
    times: list[str] | None = None,
    *,
    permission: str = "peer_help.manage",
) -> list[Suggestion]:
    """Every active volunteer in the user's scope under `permission` not over their load,
    best first (same major, the course passed well, free at the same times): the counselor
    may choose any of them, not only the best few — but never another college's volunteer,
    whose grades they may not see."""
    load = dict(
        db.session.execute(
            select(Pairing.volunteer_id, func.count())
            .where(Pairing.state.not_in(("rejected", "ended")))
            .group_by(Pairing.volunteer_id)
        ).all()
    )
    good = {
        (sid, name)
        for sid, name in db.session.execute(
            select(GradeRecord.student_id, GradeRecord.course_name).where(
                GradeRecord.course_name.in_(courses), GradeRecord.score >= 80
            )
        )
    }
    maximum = setting_of(student.college_id).max_mentees
    found = []
    for volunteer in db.session.scalars(
        select(Volunteer)
        .join(Volunteer.student)
        .where(
            Volunteer.state == "active",
            Volunteer.student_id != student.id,
            student_scope(permission),
        )
        .options(selectinload(Volunteer.student))
    ):
        if load.get(volunteer.id, 0) >= maximum:
            continue
        reasons = []
        if volunteer.student.major_id == student.major_id:
            reasons.append("major")
        reasons += [f"course:{c}" for c in courses if (volunteer.student_id, c) in good]
        if times and set(times) & set(volunteer.times or []):
            reasons.append("times")
        score = (
            2 * ("major" in reasons)
            + 3 * sum(r.startswith("course:") for r in reasons)
            + ("times" in reasons)
        )
        found.append(Suggestion(volunteer, score, reasons, load.get(volunteer.id, 0)))
    # A volunteer warned since being selected is not offered a new mentee, as a warned
    # student is not selected (a warned student is helped, not asked to help).
    warned = warned_now([s.volunteer.student_id for s in found], student_scope(permission))
    for suggestion in found:
        suggestion.warned = warned.get(suggestion.volunteer.student_id, [])
    return sorted(found, key=lambda s: (-s.score, s.load, s.volunteer.student.student_no))


def pairing_dates(student_condition) -> dict[tuple, list[date]]:
    """For the core's due lists: when each student matching the SQL condition was paired with
    a volunteer (一对一结对: proposed, in approval, active or ended; a rejected one is not a
    pairing). A pairing is no one role's record: it meets any role's rule."""
    rows = (
        select(Mentee.student_id, literal(""), Pairing.created_at)
        .join(Mentee.pairing)
        .join(Student, Student.id == Mentee.student_id)
        .where(student_condition, Pairing.state != "rejected")
    )
    return dates_by_student_and_role(db.session.execute(rows))
