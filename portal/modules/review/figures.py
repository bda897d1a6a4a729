"""The review's figures for a term and scope: per group (college, major, class, counselor,
level) the warned students, their outcomes next term, the conversion rate (lifted or eased
÷ warned), GPA and outstanding failed credits before and after, and the facts the modules
report (plans, mentors, cadence), with plain comparisons of outcomes by those facts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.core import facts as fact_registry
from portal.core import standing
from portal.core.access import unit_of
from portal.core.models import RoleGrant, Student
from portal.extensions import db

OUTCOMES = ("lifted", "eased", "same", "escalated", "left", "pending")
DIMENSIONS = ("college", "major", "class", "counselor", "level")


@dataclass
class Group:
    key: object  # a sort key
    name: str
    warned: int = 0
    outcomes: Counter = field(default_factory=Counter)
    gpa_before: list = field(default_factory=list)
    gpa_after: list = field(default_factory=list)
    failed_before: list = field(default_factory=list)
    failed_after: list = field(default_factory=list)
    facts: dict = field(default_factory=dict)  # fact code -> Counter of states

    def add(self, row, student_facts: dict) -> None:
        self.warned += 1
        self.outcomes[row.outcome] += 1
        for name in ("gpa_before", "gpa_after", "failed_before", "failed_after"):
            value = getattr(row, name)
            if value is not None:
                getattr(self, name).append(value)
        for code, state in student_facts.items():
            self.facts.setdefault(code, Counter())[state] += 1

    def yes_count(self, fact) -> int:
        """How many of the group answer the fact's question with yes."""
        counts = self.facts.get(fact.code, {})
        return sum(counts.get(state, 0) for state in fact.yes)

    @property
    def converted(self) -> int:
        return self.outcomes["lifted"] + self.outcomes["eased"]

    @property
    def conversion(self) -> Fraction | None:
        judged = self.warned - self.outcomes["pending"]
        return Fraction(self.converted, self.warned) if judged and self.warned else None

    def median(self, name: str) -> Fraction | None:
        values = getattr(self, name)
        return Fraction(median(values)) if values else None


@dataclass
class Comparison:
    fact: object
    yes: Group
    no: Group


@dataclass
class Review:
    term: object
    rows: list
    students: dict
    student_facts: dict  # student id -> {fact code: state}
    total: Group
    groups: dict  # dimension -> [Group]
    comparisons: list
    totals: list  # (label, value)


def build(term, scope) -> Review:
    rows = standing.cohort(term.id, scope)
    ids = sorted({r.student_id for r in rows})
    students = {s.id: s for s in db.session.scalars(
        select(Student).where(Student.id.in_(ids)).options(
            selectinload(Student.school_class), selectinload(Student.major),
            selectinload(Student.college)))}
    registered = fact_registry.facts()
    values = {code: fact.values(ids) for code, fact in registered.items()}
    student_facts = {sid: {code: values[code].get(sid) for code in registered} for sid in ids}
    total = Group(0, "")
    groups: dict[str, dict] = {d: {} for d in DIMENSIONS}
    counselors = _counselors(students.values())
    per_student = _one_per_student(rows)
    for row in per_student:
        student = students[row.student_id]
        own = student_facts[row.student_id]
        total.add(row, own)
        keys = {"college": [(student.college.name, student.college.name)],
                "major": [(student.major.name, student.major.name)],
                "class": [(student.school_class.name, student.school_class.name)],
                "level": [((row.category, row.rank), row.label)],
                "counselor": [(name, name) for name in counselors.get(student.id, [])]}
        for dimension, pairs in keys.items():
            for key, name in pairs:
                groups[dimension].setdefault(key, Group(key, name)).add(row, own)
    return Review(term=term, rows=rows, students=students, student_facts=student_facts,
                  total=total,
                  groups={d: [g for _k, g in sorted(found.items(), key=lambda kv: str(kv[0]))]
                          for d, found in groups.items()},
                  comparisons=_comparisons(per_student, student_facts, registered),
                  totals=[(t.label, t.value(term.id, scope))
                          for t in fact_registry.totals().values()])


def _one_per_student(rows):
    """A student warned in two categories counts once, at their most severe warning."""
    best = {}
    for row in rows:
        if row.student_id not in best or row.rank > best[row.student_id].rank:
            best[row.student_id] = row
    return sorted(best.values(), key=lambda r: r.student_id)


def _counselors(students) -> dict[int, list[str]]:
    """Student id -> the names of the counselors whose scope reaches them (grants indexed
    by unit, so this is one pass over the students)."""
    by_unit: dict[tuple[str, int | None], list[str]] = {}
    for grant in db.session.scalars(select(RoleGrant).where(RoleGrant.role == "counselor")
                                    .options(selectinload(RoleGrant.user))):
        by_unit.setdefault((grant.scope_kind, grant.scope_id), []).append(grant.user.name)
    everyone = by_unit.get(("all", None), [])
    return {s.id: everyone + [name for kind in ("college", "major", "class")
                              for name in by_unit.get((kind, unit_of(s, kind)), [])]
            for s in students}


def _comparisons(per_student, student_facts, registered) -> list[Comparison]:
    found = []
    for code, fact in registered.items():
        yes, no = Group(1, str(fact.label)), Group(0, "")
        for row in per_student:
            state = student_facts[row.student_id].get(code)
            (yes if state in fact.yes else no).add(row, {})
        found.append(Comparison(fact, yes, no))
    return found


def levels_over_terms(scope, limit: int = 6) -> list[tuple[object, list]]:
    """(term, [(label, css, count), ...]) for the latest terms, oldest first; every term
    lists the same levels, in the same order (0 where none)."""
    per_term, names = [], {}
    for term in reversed(standing.terms()[:limit]):
        counts: Counter = Counter()
        for row in _one_per_student(standing.cohort(term.id, scope, outcomes=False)):
            key = (row.category, row.rank)
            counts[key] += 1
            names.setdefault(key, (row.label, row.css))
        per_term.append((term, counts))
    keys = sorted(names)
    return [(term, [(*names[k], counts[k]) for k in keys]) for term, counts in per_term]
