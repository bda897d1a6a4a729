"""Due lists: what each warned student is owed (an individual talk, a group meeting, a parent
contact, a pairing, a support-team plan) under the college's cadence policy, matched against
what was done. Modules register a kind of obligation and say where its records are; the core
knows no module by name. A record meets only obligations of its own kind, of its talker's
role (a role-less record, "", meets any role's) and, when the rule names one, its method."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from . import clock, standing, term_dates
from .access import grant_scope, reach, unit_reaches
from .cadence import CadenceRule, Due, assess, effective, level_order, schedule
from .i18n import _l
from .memo import condition_key, per_request
from .models import CadencePolicy, College, Major, RoleGrant, SchoolClass, Student
from .modules import taken

OWING_ROLES = ("counselor", "class_advisor")
# Everyone an obligation can name as the one who owes it (issue 18: leaders, course teachers
# and academic mentors talk with students and meet parents too).
TALKER_ROLES = ("counselor", "class_advisor", "leader", "teacher", "mentor")
KIND_ORDER = ("talk", "meeting", "parent", "pairing", "support_plan")
# The methods a rule may require (talks: face to face; parents: a phone call, a registered
# letter, a meeting at school, …); "" accepts any. Codes as the modules record them.
METHODS = {
    "": _l("Any method"),
    "face": _l("Face to face (at school)"),
    "phone": _l("Phone"),
    "registered_letter": _l("Registered letter"),
    "letter": _l("Letter"),
    "visit": _l("Home visit"),
    "online": _l("Online"),
    "wechat": _l("WeChat / QQ"),
}


# The methods each kind's records carry, and so the only ones its rules may require (a rule
# naming another could never be met): an individual talk is held face to face, by phone or
# online (the talks' INDIVIDUAL_METHODS: never by letter), a parent contact by any of the
# parents' methods. The other kinds record no method: their rules name none.
KIND_METHODS = {
    "talk": ("face", "phone", "online"),
    "parent": ("phone", "face", "visit", "letter", "registered_letter", "wechat"),
}


def method_label(code: str) -> str:
    return str(METHODS.get(code, code))


OPEN_STATES = ("overdue", "due")
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DueKind:
    code: str  # "talk", "meeting", "parent", "pairing", "support_plan"
    label: object  # lazy string
    # an SQL condition over students -> {(student_id, role[, method]): [dates done]}
    done: Callable[[object], dict[tuple, list[date]]]
    form_endpoint: str  # the quick form, called with student_id=


@dataclass(frozen=True, slots=True)
class Obligation:
    student: Student
    standing: standing.Standing
    role: str
    kind: str
    due: Due
    number: int  # the Nth one owed this period
    rule: CadenceRule | None = None  # what is owed: its method, clause and note

    @property
    def method(self) -> str:
        return self.rule.method if self.rule else ""


def register_due_kind(app, kind: DueKind) -> None:
    """Declared in a module's `Module.due_kinds`; the loader hands it here."""
    taken(app, "portal.due_kinds", kind.code, "due kind")[kind.code] = kind


def dates_by_student_and_role(rows, *, stored: bool = False) -> dict[tuple, list[date]]:
    """(student id, role, datetime[, method]) rows -> what a DueKind's `done` returns: the
    dates by (student, role), and with a method also by (student, role, method). The
    datetimes are times on the college's clock (a talk's `held_at`, as typed); `stored`:
    moments the portal stamped in UTC (a record's `created_at`), taken on that clock."""
    day_of = clock.day_of if stored else datetime.date
    done: dict[tuple, list[date]] = {}
    for student_id, role, at, *method in rows:
        day = day_of(at) if isinstance(at, datetime) else at
        done.setdefault((student_id, role or ""), []).append(day)
        if method and method[0]:
            done.setdefault((student_id, role or "", method[0]), []).append(day)
    return done


def _done_for(done: dict[tuple, list[date]], student_id: int, rule: CadenceRule) -> list[date]:
    """What meets a rule: records by its role (and method), and role-less records."""
    tail = (rule.method,) if rule.method else ()
    return done.get((student_id, rule.role, *tail), []) + done.get((student_id, "", *tail), [])


def kinds() -> dict[str, DueKind]:
    return current_app.extensions.get("portal.due_kinds", {})


def _policies() -> dict[int, CadencePolicy]:
    """Every college's cadence policy by college id, read once a request."""
    return per_request(
        "cadence_policies",
        None,
        lambda: {p.college_id: p for p in db.session.scalars(select(CadencePolicy))},
    )


def may_owe(user) -> bool:
    """Whether anything can be owed by this user: a cadence rule names the role of one of
    their grants, in a college that grant reaches. Only then is "Owed by me" offered (a
    course teacher, whom no preset names, was shown a list that could never fill)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return per_request("may_owe", user.id, lambda: _names_a_grant_of(user))


def _names_a_grant_of(user) -> bool:
    named: dict[str, set[int]] = {}  # role -> the colleges whose policy names it
    for college_id, policy in _policies().items():
        for rule in policy.rules or ():
            named.setdefault(rule.get("role", ""), set()).add(college_id)
    for grant in user.grants:
        colleges = named.get(grant.role) if grant.role in TALKER_ROLES else None
        if colleges and _reaches_a_college(grant, user, colleges):
            return True
    return False


def _reaches_a_college(grant, user, college_ids: set[int]) -> bool:
    condition = reach(grant, user).college_condition(College.id)
    found = select(College.id).where(College.id.in_(college_ids), condition).limit(1)
    return db.session.scalar(found) is not None


def rules_of(policy: CadencePolicy | None) -> list[CadenceRule]:
    """The policy's rules with what each level inherits from the milder ones of its
    category (the college's ruleset gives the order)."""
    if policy is None:
        return []
    # Once a request per college: the due lists ask for every warned student.
    return per_request(
        "effective_rules",
        (policy.college_id, repr(policy.rules)),
        lambda: effective(
            [CadenceRule(**rule) for rule in policy.rules],
            level_order(code for code, _name in standing.levels(policy.college_id)),
        ),
    )


def obligations(
    student_condition,
    *,
    roles: Iterable[str] | None = None,
    kind_codes: Iterable[str] | None = None,
    states: Iterable[str] | None = None,
    today: date | None = None,
) -> list[Obligation]:
    """Every obligation of the warned students matching the condition, with its state
    (only those in `states`, if given)."""
    warned = standing.current(student_condition)
    if not warned:
        return []
    students = per_request(
        "due_students",
        condition_key(student_condition),
        lambda: {
            s.id: s
            for s in db.session.scalars(
                select(Student)
                .where(Student.id.in_(warned))
                .options(selectinload(Student.school_class))
            )
        },
    )
    states = set(states) if states is not None else None
    return [
        Obligation(students[student_id], held, rule.role, rule.kind, due, n, rule)
        for student_id, held, rule, due, n in _assessed(
            warned, student_condition, roles, kind_codes, today or clock.today()
        )
        if states is None or due.state in states
    ]


def _assessed(
    warned: dict[int, list[standing.Standing]],
    student_condition,
    roles,
    kind_codes,
    today: date,
    until: dict[int, date] | None = None,
):
    """(student id, standing, rule, due, n) for everything owed to the warned students
    (the condition finds them and maybe others: what was done is read by it). `until`, per
    student, the last day of a support period that has ended (the review of a judged term):
    each assessed as at the end of that day, with only what was done by then."""
    wanted = {k: v for k, v in kinds().items() if kind_codes is None or k in set(kind_codes)}
    policies = _policies()
    condition = condition_key(student_condition)
    done = {
        code: per_request("done", (code, condition), lambda kind=kind: kind.done(student_condition))
        for code, kind in wanted.items()
    }
    roles = set(roles) if roles is not None else None
    holidays = term_dates.breaks()
    for student_id, standings in warned.items():
        policy = policies.get(standings[0].college_id)
        standings = [s for s in standings if s.counts_in_dues]  # paused: nothing owed
        for rule, held in _strictest(rules_of(policy), standings, policy, holidays):
            if rule.kind not in wanted or (roles is not None and rule.role not in roles):
                continue
            end = _period_end(held, policy)
            dates = _done_for(done[rule.kind], student_id, rule)
            ended = until.get(student_id) if until else None
            if ended is None:
                owed = assess(rule, held.since, end, dates, today, breaks=holidays)
            else:  # the next day, with what was done by the end of this one
                dates = [day for day in dates if day <= ended]
                owed = assess(rule, held.since, end, dates, ended + _DAY, breaks=holidays)
            for n, due in enumerate(owed, start=1):
                if due.met_on is None and held.lifted_on and due.due_on > held.lifted_on:
                    break  # lifted: nothing more is owed
                yield student_id, held, rule, due, n


def _strictest(rules: list[CadenceRule], standings, policy, holidays: tuple):
    """Per (role, kind, method): of the rules the student's levels trigger, the one owing the
    most (`holidays`: the term breaks, as `schedule` takes them)."""
    best: dict[tuple[str, str, str], tuple[int, CadenceRule, standing.Standing]] = {}
    for held in standings:
        end = _period_end(held, policy) if policy else held.since
        for rule in rules:
            if not rule.applies_to(held.category, held.level):
                continue
            owed = _owed(rule, held.since, end, holidays)
            key = rule.key
            if key not in best or owed > best[key][0]:
                best[key] = (owed, rule, held)
    return [(rule, held) for _owed, rule, held in best.values()]


def _period_end(held: standing.Standing, policy) -> date:
    """A warning carried into a later term keeps its schedule (what was owed and not done
    stays owed) and runs on for a period after the latest roster it stood at."""
    return (held.renewed or held.since) + timedelta(days=policy.period_days)


def until_next(items: list[Obligation]) -> list[Obligation]:
    """A timeline's worth: what came due, and only the next upcoming one of each kind."""
    shown, seen = [], set()
    for item in sorted(items, key=lambda o: o.due.due_on):
        key = (item.role, item.kind, item.method)
        if item.due.state == "upcoming":
            if key in seen:
                continue
            seen.add(key)
        shown.append(item)
    return shown


@lru_cache(maxsize=4096)
def _owed(rule: CadenceRule, since: date, end: date, breaks: tuple) -> int:
    """How many a rule owes; every student of one roster shares the same dates."""
    return len(schedule(rule, since, end, breaks))


def due_for(user, kind_code: str, today: date | None = None) -> list[Obligation]:
    """What this staff member owes now: due within a week or overdue, oldest first."""
    return _oldest_per_student(user, kind_code, OPEN_STATES, today)


def upcoming_for(user, kind_code: str, today: date | None = None) -> list[Obligation]:
    """The students this staff member will owe something to, with nothing open now (newly
    warned, its `number` 1; or owed nothing until the next one): the first upcoming
    obligation of each, soonest first."""
    today = today or clock.today()
    open_now = {(o.student.id, o.role, o.method) for o in due_for(user, kind_code, today)}
    return _oldest_per_student(user, kind_code, ("upcoming",), today, skip=open_now)


def _oldest_per_student(
    user, kind_code: str, states, today: date | None, skip=frozenset()
) -> list[Obligation]:
    """The user's obligations in `states` under each of their talker grants, the oldest one
    per (student, role, method) not in `skip` (one line, one form), oldest first."""
    found: dict[tuple, Obligation] = {}
    for grant in user.grants:
        if grant.role not in TALKER_ROLES:
            continue
        for item in obligations(
            grant_scope(grant, user),
            roles={grant.role},
            kind_codes={kind_code},
            states=states,
            today=today,
        ):
            key = (item.student.id, item.role, item.method)
            if key in skip:
                continue
            if key not in found or item.due.due_on < found[key].due.due_on:
                found[key] = item
    return sorted(found.values(), key=lambda o: (o.due.due_on, o.student.student_no))


MISSING = ("missed", "overdue")  # not done, and its day has passed


@dataclass
class Tally:
    on_time: int = 0
    late: int = 0
    missing: int = 0
    # The students with at least one missing, each once: staff act on students, and a red
    # student owing a talk every two weeks misses many (what `oldest_per_student` lists).
    behind: set[int] = field(default_factory=set)

    def add(self, item: Obligation) -> None:
        state = item.due.state
        if state == "on_time":
            self.on_time += 1
        elif state == "late":
            self.late += 1
        elif state in MISSING:
            self.missing += 1
            self.behind.add(item.student.id)

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.on_time + other.on_time,
            self.late + other.late,
            self.missing + other.missing,
            self.behind | other.behind,  # a student behind in two kinds is one student
        )

    @property
    def students_behind(self) -> int:
        return len(self.behind)

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def rate(self) -> float | None:
        return self.on_time / self.total if self.total else None


def compliance(items: list[Obligation], grants) -> tuple[list, list]:
    """Per staff member (their grants' students and role) and per class: on time, late,
    missing. What nobody holds the role for (a class without a class advisor) is a row of
    its own, its user None: per class counts it, so per person must too."""
    per_class: dict[object, Tally] = {}
    for item in items:
        per_class.setdefault(item.student.school_class, Tally()).add(item)
    per_person: dict[tuple, Tally] = {}
    for (user, role), theirs in _by_person(grants).items():
        per_person[user, role] = _tally(owed_under(items, theirs))
    for role in sorted({item.role for item in items}):
        unowned = owed_by_nobody(items, role, grants)
        if unowned:
            per_person[None, role] = _tally(unowned)
    by_class = sorted(per_class.items(), key=lambda kv: kv[0].name)
    by_person = sorted(
        ((u, r, t) for (u, r), t in per_person.items()),
        key=lambda row: (row[1], row[0] is None, row[0].name if row[0] else ""),
    )
    return by_person, by_class


def _tally(items: list[Obligation]) -> Tally:
    tally = Tally()
    for item in items:
        tally.add(item)
    return tally


def _by_person(grants) -> dict[tuple, list]:
    found: dict[tuple, list] = {}
    for grant in grants:
        found.setdefault((grant.user, grant.role), []).append(grant)
    return found


def owed_under(items: list[Obligation], grants) -> list[Obligation]:
    """The items one person owes in one role: a student two of their grants reach counts once."""
    return [
        item
        for item in items
        if any(item.role == g.role and unit_reaches(g, item.student) for g in grants)
    ]


def owed_by_nobody(items: list[Obligation], role: str, grants) -> list[Obligation]:
    """The items owed in `role` over students no grant of that role reaches."""
    holders = [g for g in grants if g.role == role]
    return [
        item
        for item in items
        if item.role == role and not any(unit_reaches(g, item.student) for g in holders)
    ]


def missing(items: list[Obligation]) -> list[Obligation]:
    """The items whose day has passed with nothing done, oldest first."""
    found = [item for item in items if item.due.state in MISSING]
    return sorted(found, key=lambda item: (item.due.due_on, item.student.student_no))


def oldest_per_student(items: list[Obligation]) -> list[Obligation]:
    """Each student's oldest missing item, oldest first: one row per student behind, as many
    as `Tally.behind` counts of the same items (the due lists' shape: what to catch up on
    first)."""
    found: dict[int, Obligation] = {}
    for item in missing(items):
        found.setdefault(item.student.id, item)
    return list(found.values())


def cadence_states(cohort, kind_codes=None) -> dict[int, str]:
    """For the review of a term (a facts.Cohort): met (everything the term's roster made
    due was done), missed, or none owed; of the given kinds only, if any. A judged warning
    as at the end of its support period (`cohort.as_of`): what fell due by then, met by
    what was done by then (a talk held after the next roster no longer makes it "met")."""
    kinds_wanted = set(kind_codes) if kind_codes is not None else None
    found = dict.fromkeys(cohort.since, "none")
    for student_id, rule, due in _cohort_dues(cohort):
        if kinds_wanted is not None and rule.kind not in kinds_wanted:
            continue
        if due.state in MISSING:
            found[student_id] = "missed"
        elif due.state in ("on_time", "late") and found[student_id] == "none":
            found[student_id] = "met"
    return found


def _cohort_dues(cohort) -> list[tuple[int, CadenceRule, Due]]:
    """Everything the term's roster made due, assessed once for all the review's facts."""

    def compute():
        held = standing.held(cohort.term_id, cohort.student_condition)
        return [
            (student_id, rule, due)
            for student_id, _held, rule, due, _n in _assessed(
                {sid: held[sid] for sid in cohort.since if sid in held},
                cohort.student_condition,
                None,
                None,
                clock.today(),
                cohort.as_of,
            )
        ]

    return per_request(
        "cohort_dues",
        (cohort.term_id, condition_key(cohort.student_condition), cohort.ended),
        compute,
    )


def kind_states(kind_code: str):
    """A review fact's values: the cadence of one kind met, missed, or none owed."""
    return lambda cohort: cadence_states(cohort, {kind_code})


def owing_grants(college_ids: set[int], roles=OWING_ROLES) -> list:
    """The counselors' and advisors' grants that fall inside these colleges (three queries)."""
    college_of = {
        "college": {c: c for c in college_ids},
        "major": dict(db.session.execute(select(Major.id, Major.college_id)).all()),
        "class": dict(
            db.session.execute(
                select(SchoolClass.id, Major.college_id).join(SchoolClass.major)
            ).all()
        ),
    }
    grants = db.session.scalars(
        select(RoleGrant).where(RoleGrant.role.in_(roles)).options(selectinload(RoleGrant.user))
    )
    return [
        g
        for g in grants
        if g.scope_kind == "all" or college_of.get(g.scope_kind, {}).get(g.scope_id) in college_ids
    ]


def kind_rank(code: str) -> int:
    return KIND_ORDER.index(code) if code in KIND_ORDER else len(KIND_ORDER)


def compliance_by_kind(items: list[Obligation], grants) -> dict[str, tuple[list, list]]:
    """`compliance` for each kind on its own: a group meeting held is not a talk held."""
    found = {}
    for code in sorted({item.kind for item in items}, key=kind_rank):
        by_person, by_class = compliance([i for i in items if i.kind == code], grants)
        found[code] = ([row for row in by_person if row[2].total], by_class)
    return found


def tally_by_kind(items: list[Obligation]) -> dict[str, Tally]:
    """Each kind's on time, late and missing over all `items`, in the kinds' order, in one
    pass: what the compliance page's per-class table of that kind adds up to (every item
    counts once there; per person, one two people owe counts twice)."""
    found: dict[str, Tally] = {}
    for item in items:
        found.setdefault(item.kind, Tally()).add(item)
    return dict(sorted(found.items(), key=lambda kv: kind_rank(kv[0])))
