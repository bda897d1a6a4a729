"""Pairings: the approval chain the college configures, who may decide each stage, and
suggested volunteers for a mentee.

The chain is gxu 附件2 《朋辈帮扶申请表》's: 班级评议意见 (the class advisor), 院系审核意见 (the
college's review group), 学校审核意见 (the school, where the college asks for it). The
policies are silent on a class without a class advisor; a pairing must never wait on nobody,
so the class's opinion then passes to the college's review (`stage_now`), which is the next
signature on the form and not the counselor's who proposed the pairing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, literal, select
from sqlalchemy.orm import selectinload

from portal.core import clock
from portal.core.access import can, in_scope, roles_reaching, school_wide, student_scope
from portal.core.dues import dates_by_student_and_role
from portal.core.helpers import holders
from portal.core.i18n import N_
from portal.core.models import GradeRecord, Student, User
from portal.core.notify import notify
from portal.extensions import db

from . import terms
from .models import STAGES, Mentee, Pairing, PeerSetting, Step, Volunteer
from .problems import Problem
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


def advisors_of(students: list[Student]) -> list[str]:
    """The names of the class advisors (班主任) whose active accounts hold these students'
    classes: who gives the class's opinion on a pairing."""
    names: list[str] = []
    for student in students:
        names += [name for _role, name, _id in holders(student, ["class_advisor"])]
    return list(dict.fromkeys(names))


def first_stage(students: list[Student]) -> str:
    """Where a new pairing of these mentees waits: the class advisor's opinion, or the
    college's review when no class of theirs has a class advisor in the portal."""
    return "advisor" if advisors_of(students) else "college"


def stage_now(pairing: Pairing) -> str:
    """The pairing's state as its readers act on it: a class opinion that waits on a class
    whose advisor has gone since (removed, account closed) is the college's to review, as it
    would have been had the class had none when it was proposed."""
    if pairing.state == "advisor" and not advisors_of([m.student for m in pairing.mentees]):
        return "college"
    return pairing.state


@dataclass
class Verdict:
    """One stage of a pairing's approval as its page and agreement show it."""

    stage: str
    step: Step | None  # the latest opinion given at this stage
    waiting: bool  # the stage the pairing waits for now
    no_advisor: bool  # the class advisor's opinion, passed to the college: no advisor


def approval(pairing: Pairing) -> list[Verdict]:
    """Each stage of the chain: its latest opinion, whether it waits now, and whether the
    class advisor's opinion passed to the college (no advisor's opinion, the college's given
    or waiting), read from what was recorded, not from who holds the class today."""
    now = stage_now(pairing)
    given = {step.stage: step for step in pairing.steps}
    rows = []
    for stage in chain(pairing):
        step = given.get(stage)
        passed = stage == "advisor" and step is None and ("college" in given or now == "college")
        rows.append(Verdict(stage, step, step is None and now == stage, passed))
    return rows


def problems(
    volunteer: Volunteer | None,
    student: Student,
    *,
    starts_on: date | None,
    ends_on: date | None,
) -> list[Problem]:
    """Every rule the pairing as typed breaks, for the form to show at once beside its fields'
    own errors (as a session's are); a date the form could not read (None), or no volunteer
    chosen, leaves out the rules that need it, its own field saying what is missing. A
    pairing may last one day, within `terms.pairing_bounds`."""
    found = []
    twin = same_pair(volunteer, student) if volunteer is not None else None
    if twin is not None:
        found.append(Problem("same_pair", pairing=twin))
    earliest, latest = terms.pairing_bounds(clock.today())
    if starts_on is not None and starts_on < earliest:
        found.append(Problem("starts_early", day=earliest))
    if ends_on is not None and ends_on > latest:
        found.append(Problem("ends_late", day=latest))
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        found.append(Problem("end_before_start"))
    return found


def same_pair(volunteer: Volunteer, student: Student) -> Pairing | None:
    """A pairing of this volunteer with this student still in approval or active: another
    would be approved twice over and count twice against the volunteer's pairings at once
    (`PeerSetting.max_mentees`). One not approved, or ended, may be proposed again."""
    return db.session.scalar(
        select(Pairing)
        .join(Pairing.mentees)
        .where(
            Pairing.volunteer_id == volunteer.id,
            Mentee.student_id == student.id,
            Pairing.state.in_([*STAGES, "active"]),
        )
        .order_by(Pairing.id)
        .limit(1)
    )


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
        state=first_stage(students),
        created_by_id=user_id,
    )
    pairing.mentees = [Mentee(student_id=s.id) for s in students]
    db.session.add(pairing)
    db.session.flush()
    return pairing


def may_decide(user, pairing: Pairing) -> bool:
    """The stage waiting (`stage_now`): the class advisor of a mentee; the college; the
    school."""
    stage = stage_now(pairing)
    if stage == "advisor":
        return any(roles_reaching(user, m.student, ["class_advisor"]) for m in pairing.mentees)
    permission = STAGE_PERMISSION.get(stage)
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
    stage = stage_now(pairing)
    pairing.steps.append(Step(stage=stage, approved=approved, comment=comment, by_id=user_id))
    stages = chain(pairing)
    if not approved:
        pairing.state = "rejected"
    else:
        later = stages[stages.index(stage) + 1 :]
        pairing.state = later[0] if later else "active"
    if pairing.state in ("active", "rejected"):
        _tell(pairing, comment)
    db.session.flush()


# Said to whoever proposed a pairing refused without a reason, before a refusal needed one:
# those notifications are still read.
NOT_APPROVED = N_("The peer-help pairing you proposed was not approved.")


def _tell(pairing: Pairing, comment: str) -> None:
    """Close the loop: whoever proposed the pairing (told why, when it was refused), and
    (when it starts) the volunteer."""
    if pairing.state == "active":
        message, params = N_("The peer-help pairing you proposed was approved."), {}
    elif comment:
        message = N_("The peer-help pairing you proposed was not approved: %(reason)s")
        params = {"reason": comment}
    else:  # the service called without a reason: the page asks for one
        message, params = NOT_APPROVED, {}
    notify(pairing.created_by_id, message, link=f"/peer-help/pairings/{pairing.id}", **params)
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
    pairing). A pairing is no one role's record: it meets any role's rule. Its `created_at`
    is stamped in UTC: `stored`, taken on the college's clock."""
    rows = (
        select(Mentee.student_id, literal(""), Pairing.created_at)
        .join(Mentee.pairing)
        .join(Student, Student.id == Mentee.student_id)
        .where(student_condition, Pairing.state != "rejected")
    )
    return dates_by_student_and_role(db.session.execute(rows), stored=True)
