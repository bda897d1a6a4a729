"""Due lists: what each warned student is owed (a talk, a parent contact) under the college's
cadence policy, matched against what was done. Modules register a kind of obligation and
say where its records are; the core knows no module by name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from . import clock, standing
from .access import grant_scope, unit_of
from .cadence import CadenceRule, Due, assess, schedule
from .memo import condition_key, per_request
from .models import CadencePolicy, Student

OWING_ROLES = ("counselor", "class_advisor")
OPEN_STATES = ("overdue", "due")


@dataclass(frozen=True)
class DueKind:
    code: str  # "talk", "parent"
    label: object  # lazy string
    # an SQL condition over students -> {(student_id, role): [dates done]}
    done: Callable[[object], dict[tuple[int, str], list[date]]]
    form_endpoint: str  # the quick form, called with student_id=


@dataclass(frozen=True, slots=True)
class Obligation:
    student: Student
    standing: standing.Standing
    role: str
    kind: str
    due: Due
    number: int  # the Nth one owed this period


def register_kind(app, kind: DueKind) -> None:
    app.extensions.setdefault("portal.due_kinds", {})[kind.code] = kind


def dates_by_student_and_role(rows) -> dict[tuple[int, str], list[date]]:
    """(student id, role, datetime) rows -> what a DueKind's `done` returns."""
    done: dict[tuple[int, str], list[date]] = {}
    for student_id, role, at in rows:
        done.setdefault((student_id, role), []).append(at.date())
    return done


def kinds() -> dict[str, DueKind]:
    return current_app.extensions.get("portal.due_kinds", {})


def rules_of(policy: CadencePolicy | None) -> list[CadenceRule]:
    return [CadenceRule(**rule) for rule in (policy.rules if policy else [])]


def obligations(student_condition, *, roles: Iterable[str] | None = None,
                kind_codes: Iterable[str] | None = None, states: Iterable[str] | None = None,
                today: date | None = None) -> list[Obligation]:
    """Every obligation of the warned students matching the condition, with its state
    (only those in `states`, if given)."""
    warned = standing.current(student_condition)
    if not warned:
        return []
    students = per_request("due_students", condition_key(student_condition), lambda: {
        s.id: s for s in db.session.scalars(select(Student).where(Student.id.in_(warned))
                                            .options(selectinload(Student.school_class)))})
    states = set(states) if states is not None else None
    return [Obligation(students[student_id], held, role, kind, due, n)
            for student_id, held, role, kind, due, n
            in _assessed(warned, student_condition, roles, kind_codes, today or clock.today())
            if states is None or due.state in states]


def _assessed(warned: dict[int, list[standing.Standing]], student_condition, roles,
              kind_codes, today: date):
    """(student id, standing, role, kind, due, n) for everything owed to the warned students
    (the condition finds them and maybe others: what was done is read by it)."""
    wanted = {k: v for k, v in kinds().items() if kind_codes is None or k in set(kind_codes)}
    policies = per_request("cadence_policies", None, lambda: {
        p.college_id: p for p in db.session.scalars(select(CadencePolicy))})
    condition = condition_key(student_condition)
    done = {code: per_request("done", (code, condition),
                              lambda kind=kind: kind.done(student_condition))
            for code, kind in wanted.items()}
    roles = set(roles) if roles is not None else None
    for student_id, standings in warned.items():
        policy = policies.get(standings[0].college_id)
        standings = [s for s in standings if s.counts_in_dues]  # paused: nothing owed
        for rule, held in _strictest(rules_of(policy), standings, policy):
            if rule.kind not in wanted or (roles is not None and rule.role not in roles):
                continue
            end = _period_end(held, policy)
            dates = done[rule.kind].get((student_id, rule.role), [])
            for n, due in enumerate(assess(rule, held.since, end, dates, today), start=1):
                if due.met_on is None and held.lifted_on and due.due_on > held.lifted_on:
                    break  # lifted: nothing more is owed
                yield student_id, held, rule.role, rule.kind, due, n


def _strictest(rules: list[CadenceRule], standings, policy):
    """Per (role, kind): of the rules the student's levels trigger, the one owing the most."""
    best: dict[tuple[str, str], tuple[int, CadenceRule, standing.Standing]] = {}
    for held in standings:
        end = _period_end(held, policy) if policy else held.since
        for rule in rules:
            if not rule.applies_to(held.category, held.level):
                continue
            owed = _owed(rule, held.since, end)
            key = (rule.role, rule.kind)
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
        key = (item.role, item.kind)
        if item.due.state == "upcoming":
            if key in seen:
                continue
            seen.add(key)
        shown.append(item)
    return shown


@lru_cache(maxsize=4096)
def _owed(rule: CadenceRule, since: date, end: date) -> int:
    """How many a rule owes; every student of one roster shares the same dates."""
    return len(schedule(rule, since, end))


def due_for(user, kind_code: str, today: date | None = None) -> list[Obligation]:
    """What this staff member owes now: due within a week or overdue, oldest first."""
    found: dict[tuple, Obligation] = {}
    for grant in user.grants:
        if grant.role not in OWING_ROLES:
            continue
        for item in obligations(grant_scope(grant, user), roles={grant.role},
                                kind_codes={kind_code}, states=OPEN_STATES, today=today):
            key = (item.student.id, item.role)
            if key not in found or item.due.due_on < found[key].due.due_on:
                found[key] = item  # the oldest open one per student: one line, one form
    return sorted(found.values(), key=lambda o: (o.due.due_on, o.student.student_no))


def upcoming_for(user, kind_code: str, today: date | None = None) -> list[Obligation]:
    """The students this staff member will owe something to, with nothing open yet (newly
    warned at the latest roster): the first upcoming obligation of each, soonest first."""
    today = today or clock.today()
    open_now = {(o.student.id, o.role) for o in due_for(user, kind_code, today)}
    found: dict[tuple, Obligation] = {}
    for grant in user.grants:
        if grant.role not in OWING_ROLES:
            continue
        for item in obligations(grant_scope(grant, user), roles={grant.role},
                                kind_codes={kind_code}, states=("upcoming",), today=today):
            key = (item.student.id, item.role)
            if key in open_now:
                continue
            if key not in found or item.due.due_on < found[key].due.due_on:
                found[key] = item
    return sorted(found.values(), key=lambda o: (o.due.due_on, o.student.student_no))


@dataclass
class Tally:
    on_time: int = 0
    late: int = 0
    missing: int = 0

    def add(self, due: Due) -> None:
        if due.state == "on_time":
            self.on_time += 1
        elif due.state == "late":
            self.late += 1
        elif due.state in ("missed", "overdue"):
            self.missing += 1

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def rate(self) -> float | None:
        return self.on_time / self.total if self.total else None


def compliance(items: list[Obligation], grants) -> tuple[list, list]:
    """Per staff member (their grants' students and role) and per class: on time, late, missing."""
    per_class: dict[object, Tally] = {}
    for item in items:
        per_class.setdefault(item.student.school_class, Tally()).add(item.due)
    per_person: dict[tuple, Tally] = {}
    for grant in grants:
        tally = per_person.setdefault((grant.user, grant.role), Tally())
        for item in items:
            if item.role == grant.role and _reaches(grant, item.student):
                tally.add(item.due)
    by_class = sorted(per_class.items(), key=lambda kv: kv[0].name)
    by_person = sorted(((u, r, t) for (u, r), t in per_person.items()),
                       key=lambda row: (row[1], row[0].name))
    return by_person, by_class


def _reaches(grant, student: Student) -> bool:
    return grant.scope_kind == "all" or grant.scope_id == unit_of(student, grant.scope_kind)


def cadence_states(cohort) -> dict[int, str]:
    """For the review of a term (a facts.Cohort): met (everything the term's roster made
    due was done), missed, or none owed."""
    held = standing.held(cohort.term_id, cohort.student_condition)
    found = {sid: "none" for sid in cohort.since}
    for student_id, _held, _role, _kind, due, _n in _assessed(
            {sid: held[sid] for sid in found if sid in held}, cohort.student_condition, None,
            None, clock.today()):
        if due.state in ("missed", "overdue"):
            found[student_id] = "missed"
        elif due.state in ("on_time", "late") and found[student_id] == "none":
            found[student_id] = "met"
    return found


def owing_grants(college_ids: set[int], roles=OWING_ROLES) -> list:
    """The counselors' and advisors' grants that fall inside these colleges (three queries)."""
    from sqlalchemy.orm import selectinload

    from .models import Major, RoleGrant, SchoolClass

    college_of = {
        "college": {c: c for c in college_ids},
        "major": dict(db.session.execute(select(Major.id, Major.college_id)).all()),
        "class": dict(db.session.execute(
            select(SchoolClass.id, Major.college_id).join(SchoolClass.major)).all()),
    }
    grants = db.session.scalars(select(RoleGrant).where(RoleGrant.role.in_(roles))
                                .options(selectinload(RoleGrant.user)))
    return [g for g in grants
            if g.scope_kind == "all" or college_of.get(g.scope_kind, {}).get(g.scope_id)
            in college_ids]
