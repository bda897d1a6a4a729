"""Who reviews a student's plan: the class advisor for the first years, the academic mentor
from the year the college sets (default: year 3) — the plan's `reviewer_role`, fixed when it
is first saved (gxu 第四条 ➤ 制定《学业警示学生个人学习计划》: 大一大二学生学习计划由班主任
审核 … 大三及以上 … 由导师审核; lzut 四.4: 班主任负责 … 与学生共同制定 … 学习计划).

Many classes have no class advisor in the portal, and a major may have no mentor. The
policies are silent on who reviews then; a plan must never wait on nobody. So the reviewer
is whoever holds the first role of the plan's chain over the student *now* (computed when
read, never stored: a waiting plan moves when an advisor is appointed or removed, and
whoever it moves to is told: `handover`):

- class advisor → the student's counselor, whom the policies give the plan next (asnu 第五条:
  辅导员 … 为预警学生制定个性化的帮扶计划 … 定期跟进学生的执行情况; ustl 第五条.5: 辅导员、
  班导师等帮助学业警示学生 … 制订学业改进计划; gxu 附件4 注1: 跟读预警由班主任和辅导员共同
  完成 the 帮扶教师意见);
- academic mentor → class advisor → counselor: the older years' first choice, then who
  reviews the younger years' plans, then as above.

With none of them nobody can review: the student is told to contact the college office, and
the college's secretary, who coordinates the advisors and counselors (gxu 第二条.3), hears
of it (`office_ids`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from portal.core import clock
from portal.core.helpers import holders
from portal.core.memo import per_request
from portal.core.models import RoleGrant, Student, User
from portal.extensions import db

from .models import PlanSetting

CHAINS = {
    "class_advisor": ("class_advisor", "counselor"),
    "mentor": ("mentor", "class_advisor", "counselor"),
}
# Every role that may review a plan somewhere in a chain.
REVIEWER_ROLES = ("mentor", "class_advisor", "counselor")


def setting_of(college_id: int) -> PlanSetting:
    """Asked once a plan in a queue; a college without its own setting has no row to keep."""
    return per_request(
        "plan_setting",
        college_id,
        lambda: (
            db.session.get(PlanSetting, college_id)
            or PlanSetting(college_id=college_id, mentor_from_year=3, due_days=14)
        ),
    )


def year_of_study(student: Student) -> int:
    """2023 intake: year 1 from September 2023, year 4 from September 2026."""
    today = clock.today()
    if not student.grade_year:
        return 1
    return today.year - student.grade_year + (1 if today.month >= 9 else 0)


def reviewer_role(student: Student) -> str:
    """The role the policy names for the student's plan (the first of its chain)."""
    mentor_from = setting_of(student.college_id).mentor_from_year
    return "mentor" if year_of_study(student) >= mentor_from else "class_advisor"


@dataclass(frozen=True)
class Reviewer:
    """Who reviews one plan now: `intended`, the role the policy names; `role`, the first of
    its chain somebody holds over the student (None: nobody); `people`, (user id, name) of
    the active accounts holding it."""

    intended: str
    role: str | None
    people: tuple[tuple[int, str], ...] = ()

    @property
    def ids(self) -> list[int]:
        return [user_id for user_id, _name in self.people]

    @property
    def names(self) -> list[str]:
        return [name for _id, name in self.people]

    @property
    def nobody(self) -> bool:
        return self.role is None

    @property
    def stand_in(self) -> bool:
        """Someone further down the chain reviews: the role the policy names is not held."""
        return self.role is not None and self.role != self.intended


def chain(intended: str) -> tuple[str, ...]:
    return CHAINS.get(intended, (intended,))


def reviewers_of(students, intended: dict[int, str]) -> dict[int, Reviewer]:
    """Per student id, its plan's reviewer now (`intended`: the plan's role per student).
    One query for all of them: a queue of a counselor's whole major asks once."""
    students = list({s.id: s for s in students}.values())
    if not students:
        return {}
    units = {
        "class": {s.class_id for s in students},
        "major": {s.major_id for s in students},
        "college": {s.college_id for s in students},
    }
    over = [
        and_(RoleGrant.scope_kind == kind, RoleGrant.scope_id.in_(sorted(ids - {None})))
        for kind, ids in units.items()
        if ids - {None}
    ]
    grants = (
        db.session.execute(
            select(RoleGrant.role, RoleGrant.scope_kind, RoleGrant.scope_id, User.id, User.name)
            .join(User, User.id == RoleGrant.user_id)
            .where(RoleGrant.role.in_(REVIEWER_ROLES), User.active.is_(True), or_(*over))
            .order_by(User.name, User.id)
        ).all()
        if over
        else []
    )
    found = {}
    for student in students:
        mine = {"class": student.class_id, "major": student.major_id, "college": student.college_id}
        held: dict[str, dict[int, str]] = {}
        for role, kind, scope_id, user_id, name in grants:
            if scope_id is not None and mine.get(kind) == scope_id:
                held.setdefault(role, {})[user_id] = name
        goal = intended[student.id]
        role = next((r for r in chain(goal) if held.get(r)), None)
        found[student.id] = Reviewer(goal, role, tuple(held.get(role, {}).items()))
    return found


def reviewer_of(plan) -> Reviewer:
    """The plan's reviewer now (a plan not stored yet: the student's)."""
    return per_request(
        "plan_reviewer",
        (plan.student_id, plan.reviewer_role),
        lambda: reviewers_of([plan.student], {plan.student_id: plan.reviewer_role})[
            plan.student_id
        ],
    )


def reviews(user, plan) -> bool:
    """The user is the plan's reviewer now, by the chain: a class advisor whose class's plan
    passed to a newly appointed mentor, or a counselor while the class has its advisor,
    does not sign it."""
    return user.id in reviewer_of(plan).ids


def reviewer_ids(plan) -> list[int]:
    return reviewer_of(plan).ids


def office_ids(student: Student) -> list[int]:
    """Who hears of a plan nobody can review: the secretaries of the student's college (or
    class, major), else the teaching office's secretaries over the whole school."""
    found = sorted({user_id for _role, _name, user_id in holders(student, ["secretary"])})
    if found:
        return found
    return sorted(
        db.session.scalars(
            select(User.id)
            .join(RoleGrant, RoleGrant.user_id == User.id)
            .where(
                RoleGrant.role == "secretary",
                RoleGrant.scope_kind == "all",
                User.active.is_(True),
            )
        ).unique()
    )


def account_of(student_id: int) -> int | None:
    return db.session.scalar(select(User.id).where(User.student_id == student_id))
