"""The review's figures for a period (a term, or an academic year's two terms) and scope:
per group (college, major, class, counselor, level) the warnings standing at T (one per
student and category, carried ones included), their outcomes at next(T), the conversion
rate with every count beside it (warning-rules.md §6: lifted ÷ (warned − pending −
graduated − suspended), or (lifted + eased) as numerator where the college chose so), GPA
and outstanding failed credits before and after (medians and distributions, of the same
students: those with a figure both before and after), and the facts the modules report
(plans, peer volunteers, cadence) as they stood at the end of each support period, with
plain comparisons of outcomes by those facts.

An academic year is its terms' cohorts added together. §6 defines outcomes and the rate
for "T's cohort", each warning judged at next(T), and says nothing more of a year: so the
year counts every warning standing at either term, each judged at its own term's next(T)
(the first term's at the second term, the second's at the next year's first), and its rate
is §6's rate over all of them. A student warned in both terms counts once in each, as they
were helped and judged twice; a second term's warning whose next(T) has no roster yet is
pending, as in the second term's own review.

A school's term is tens of thousands of rows: everything here is one pass over plain
values, with unit names looked up once."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from itertools import compress, repeat
from operator import and_, attrgetter, is_not, itemgetter, not_

from sqlalchemy import select

from portal.core import facts as fact_registry
from portal.core import standing
from portal.core.codes import LabelledEnum
from portal.core.i18n import _, _l
from portal.core.models import College, Major, RoleGrant, SchoolClass, User
from portal.extensions import db


class Outcome(LabelledEnum):
    """What became of a warning by the next term, with its colour on the charts."""

    LIFTED = "lifted", _l("lifted")
    EASED = "eased", _l("milder level")
    SAME = "same", _l("same level")
    ESCALATED = "escalated", _l("more severe level")
    GRADUATED = "graduated", _l("graduated")
    SUSPENDED = "suspended", _l("suspended")
    WITHDRAWN = "withdrawn", _l("withdrawn or dismissed")
    PENDING = "pending", _l("not yet known")

    @property
    def css(self) -> str:
        return "o-left" if self is Outcome.WITHDRAWN else f"o-{self.value}"


class Dimension(LabelledEnum):
    """What the figures are grouped by."""

    COLLEGE = "college", _l("College")
    MAJOR = "major", _l("Major")
    CLASS = "class", _l("Class")
    COUNSELOR = "counselor", _l("Counselor")
    LEVEL = "level", _l("Level")


NO_COUNSELOR = ("", "no counselor")  # the group key of students no counselor is granted
OUTCOMES = tuple(Outcome)
NOT_JUDGED = ("pending", "graduated", "suspended")  # left out of the rate's denominator
DIMENSIONS = tuple(Dimension)
MEASURES = ("gpa_before", "gpa_after", "failed_before", "failed_after")
PAIRS = (("gpa_before", "gpa_after"), ("failed_before", "failed_after"))
# A school's groups read 20,000 rows a field at a time: one getter each, made once.
_OUTCOME = attrgetter("outcome")
_ORDER = attrgetter("student_id", "category")
_MEASURED = {name: attrgetter(name) for name in MEASURES}
_UNITS = ("college", "major", "class")


@dataclass(eq=False)
class Group:
    """Students counted together. Adding a student only remembers them; what a table or
    chart shows is worked out when first asked (a school's 990 classes are shown a page at
    a time, so most groups are never asked)."""

    key: object  # a sort key
    name: str
    # shared: term -> student id -> {code: state}, the facts of a warning's support period
    student_facts: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)
    count_eased: bool = False  # the college's choice: (lifted + eased) as the numerator

    def add(self, row) -> None:
        self.rows.append(row)

    @property
    def warned(self) -> int:
        return len(self.rows)

    @cached_property
    def outcomes(self) -> Counter:
        return Counter(map(_OUTCOME, self.rows))

    @cached_property
    def values(self) -> dict[str, list]:
        """Each measure's values, before and after of the same rows: those with both (a
        pending warning has a figure before and none after; compared, "before" was a median
        of other students than "after")."""
        found: dict[str, list] = {}
        for before, after in PAIRS:
            b, a = list(map(_MEASURED[before], self.rows)), list(map(_MEASURED[after], self.rows))
            # In C, a school's 20,000 rows (`None in b` would call Fraction.__eq__ on each)
            both = list(map(and_, map(is_not, b, repeat(None)), map(is_not, a, repeat(None))))
            if not all(both):
                b, a = list(compress(b, both)), list(compress(a, both))
            found[before], found[after] = b, a
        return found

    @cached_property
    def facts(self) -> dict[str, Counter]:
        """fact code -> Counter of states (counted a fact at a time: a school's 20,000 rows
        by nine facts)."""
        known = self.student_facts
        said = [known[row.term][row.student_id] for row in self.rows] if known else []
        codes = dict.fromkeys(code for answers in said[:1] for code in answers)
        found = {code: Counter(map(itemgetter(code), said)) for code in codes}
        return {code: counts for code, counts in found.items() if counts}

    def yes_count(self, fact) -> int:
        """How many of the group answer the fact's question with yes."""
        counts = self.facts.get(fact.code, {})
        return sum(counts.get(state, 0) for state in fact.yes)

    def state_counts(self, fact) -> list[int]:
        counts = self.facts.get(fact.code, {})
        return [counts.get(state, 0) for state in fact.states]

    @property
    def converted(self) -> int:
        return self.outcomes["lifted"] + (self.outcomes["eased"] if self.count_eased else 0)

    @property
    def judged(self) -> int:
        """The denominator: warned − pending − graduated − suspended (a withdrawn student
        was not converted)."""
        return self.warned - sum(self.outcomes[o] for o in NOT_JUDGED)

    @property
    def conversion(self) -> Fraction | None:
        return Fraction(self.converted, self.judged) if self.judged > 0 else None

    @cached_property
    def kept_unevaluated(self) -> int:
        """At the same level because next(T)'s roster did not evaluate them (no grades
        there): kept by warning-rules.md §6 rule 3, not a failure of the help. A leader
        read a 0 % conversion after a roster of three students as one (an outside walk)."""
        return sum(
            1
            for row in self.rows
            if row.outcome == "same" and row.gpa_after is None and row.failed_after is None
        )

    @cached_property
    def awaiting_confirmation(self) -> int:
        """Lifted, but the lifting not yet confirmed by the secretary."""
        return sum(
            1 for row in self.rows if row.outcome == "lifted" and row.lift_confirmed is False
        )

    @cached_property
    def _medians(self) -> dict:
        return {}

    def median(self, name: str) -> Fraction | None:
        """Exact, but sorted by float (comparing Fractions costs 20 times more): the
        positions sorted by each value's float, as sorting the values by float would."""
        if name not in self._medians:
            values = self.values[name]
            keys = _floats(values)
            n = len(values)
            ordered = [values[i] for i in sorted(range(n), key=keys.__getitem__)]
            self._medians[name] = (
                None
                if not n
                else (
                    Fraction(ordered[n // 2])
                    if n % 2
                    else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
                )
            )
        return self._medians[name]


@dataclass
class Comparison:
    fact: object
    yes: Group
    no: Group


@dataclass
class Review:
    terms: list
    rows: list  # one per warning (student and category) of each term, term by term
    student_facts: dict  # term -> student id -> {fact code: state}
    total: Group
    groups: dict  # dimension -> [Group]
    comparisons: list
    totals: list  # (label, value)
    class_names: dict
    count_eased: bool = False


def build(terms: list, scope, count_eased: bool = False) -> Review:
    """The figures of a term, or of a year's terms added together (see above)."""
    per_term = [(term, sorted(standing.cohort(term.id, scope), key=_ORDER)) for term in terms]
    rows = [row for _term, found in per_term for row in found]
    registered = fact_registry.facts()
    student_facts = _facts(per_term, scope, registered)
    names = _unit_names(rows)
    total = Group(0, "", student_facts, list(rows), count_eased)
    return Review(
        terms=terms,
        rows=rows,
        student_facts=student_facts,
        total=total,
        groups=Groups(rows, student_facts, names, count_eased),
        comparisons=_comparisons(rows, student_facts, registered, count_eased),
        count_eased=count_eased,
        totals=[
            (t.label, sum((t.value(term.id, scope) for term in terms), 0))
            for t in fact_registry.totals().values()
        ],
        class_names=names["class"],
    )


class Groups(dict):
    """dimension -> [Group], sorted by name; a dimension is grouped when first asked."""

    def __init__(self, rows, student_facts, names, count_eased=False):
        super().__init__()
        self.rows, self.student_facts, self.names = rows, student_facts, names
        self.count_eased = count_eased

    def __missing__(self, dimension: str) -> list[Group]:
        found: dict = {}
        if dimension in _UNITS:
            self._by_unit(dimension, found)
        else:
            counselors = _counselors() if dimension == "counselor" else {}
            for row in self.rows:
                for key, name in _keys(dimension, row, counselors):
                    self._group(found, key, name).rows.append(row)
        # by name; the students without a counselor last, after every counselor's
        self[dimension] = [
            g for _k, g in sorted(found.items(), key=lambda kv: (kv[0] == NO_COUNSELOR, str(kv[0])))
        ]
        return self[dimension]

    def _by_unit(self, dimension: str, found: dict) -> None:
        """A unit's group (by its name: two classes of one name are one group) looked up
        once per unit, not once per row; each group's rows in the rows' order."""
        names, unit_of, of_unit = self.names[dimension], attrgetter(f"{dimension}_id"), {}
        for row in self.rows:
            unit = unit_of(row)
            group = of_unit.get(unit)
            if group is None:
                name = names.get(unit, "")
                group = of_unit[unit] = self._group(found, name, name)
            group.rows.append(row)

    def _group(self, found: dict, key, name: str) -> Group:
        group = found.get(key)
        if group is None:
            group = found[key] = Group(key, name, self.student_facts, count_eased=self.count_eased)
        return group


def _facts(per_term, scope, registered) -> dict[str, dict[int, dict[str, str]]]:
    """Term -> student id -> {fact code: state}, each asked about the support period of the
    student's warning at that term, as it stood at the period's end once the warning is
    judged (the first publication of next(T)'s roster: a plan signed or a talk held after
    it changes no past term's figures); while pending, as it stands now."""
    found: dict[str, dict] = {}
    codes = list(registered)
    for term, rows in per_term:
        since = {r.student_id: r.since for r in rows}
        as_of = {r.student_id: r.judged_on for r in rows if r.judged_on is not None}
        cohort = fact_registry.Cohort(term.id, scope, since, as_of)
        # A column a fact, then a dict a student zipped from them (not one lookup a fact
        # and row in Python: a school's 20,000 rows by nine facts).
        ids = list(since)
        columns = [
            list(map(fact.values(cohort).get, ids, repeat(_default(fact))))
            for fact in (registered.values() if ids else ())
        ]
        said = zip(*columns, strict=True) if columns else repeat(())  # no facts: {} a student
        found[term.code] = {
            sid: dict(zip(codes, answers, strict=True))
            for sid, answers in zip(ids, said, strict=False)
        }
    return found


def _default(fact) -> str:
    return next(iter(fact.states), "")


def _unit_names(rows) -> dict[str, dict[int, str]]:
    wanted = {
        "college": {r.college_id for r in rows},
        "major": {r.major_id for r in rows},
        "class": {r.class_id for r in rows},
    }
    return {
        kind: dict(
            db.session.execute(select(model.id, model.name).where(model.id.in_(wanted[kind]))).all()
        )
        for kind, model in (("college", College), ("major", Major), ("class", SchoolClass))
    }


def _keys(dimension: str, row, counselors):
    """(key, name) of the groups a row counts in, by level or counselor (by unit: see
    Groups._by_unit)."""
    if dimension == "level":  # a level is (ruleset, category, level): liaoning's three
        # categories share the level code "warning", and rank 1 is a different level in
        # each ruleset (anshan's yellow, lanzhou's oral); sorted by ruleset, category, rank
        yield (row.ruleset, row.category, row.rank, row.level), row.label
    else:  # the counselors granted the whole school, the student's college, major or class
        units = (
            ("all", None),
            ("college", row.college_id),
            ("major", row.major_id),
            ("class", row.class_id),
        )
        # each counselor once (granted the class and the college, they count a row once)
        names = dict.fromkeys(name for unit in units for name in counselors.get(unit, ()))
        for name in names:
            yield name, name
        if not names:  # counted all the same: the groups add up to the total
            yield NO_COUNSELOR, str(_("No counselor assigned"))


def _counselors() -> dict[tuple[str, int | None], list[str]]:
    """(scope kind, unit id) -> the names of the counselors granted that unit."""
    by_unit: dict[tuple[str, int | None], list[str]] = {}
    for kind, unit, name in db.session.execute(
        select(RoleGrant.scope_kind, RoleGrant.scope_id, User.name)
        .join(User, User.id == RoleGrant.user_id)
        .where(RoleGrant.role == "counselor")
    ):
        by_unit.setdefault((kind, unit), []).append(name)
    return by_unit


def _comparisons(rows, student_facts, registered, count_eased=False) -> list[Comparison]:
    found = []
    said = [student_facts[row.term][row.student_id] for row in rows]
    for code, fact in registered.items():
        answers_yes = [answers.get(code) in fact.yes for answers in said]
        yes = Group(
            1, str(fact.label), rows=list(compress(rows, answers_yes)), count_eased=count_eased
        )
        no = Group(
            0, "", rows=list(compress(rows, map(not_, answers_yes))), count_eased=count_eased
        )
        found.append(Comparison(fact, yes, no))
    return found


def levels_over_terms(scope, limit: int = 6) -> list[tuple[object, list]]:
    """(term, [(label, css, count), ...]) for the latest terms, oldest first; every term
    lists the same levels, in the same order (0 where none)."""
    per_term, names = [], {}
    for term in reversed(standing.terms()[:limit]):
        # (ruleset, category, rank, level), see _keys: a student warned in two categories
        # counts once, at their most severe level
        counts = standing.level_counts(term.id, scope)
        for key, (label, css, _count) in counts.items():
            names.setdefault(key, (label, css))
        per_term.append((term, counts))
    keys = sorted(names)
    return [
        (term, [(*names[k], counts[k][2] if k in counts else 0) for k in keys])
        for term, counts in per_term
    ]


def distribution(values: list, edges: list) -> list[int]:
    """How many values fall in each bin [edges[i], edges[i+1]); the last bin is open, values
    below the first edge count in the first."""
    bounds = [float(edge) for edge in edges]
    found = Counter(map(bisect_right, repeat(bounds), _floats(values)))
    counts = [found[i] for i in range(1, len(edges) + 1)]
    if counts:
        counts[0] += found[0]  # below the first edge
    return counts


def _floats(values: list) -> list[float]:
    """Each value's float, worked out once per distinct object: a school's 20,000 GPAs are
    a few hundred exact values, each one shared object (the provider parses each stored
    text once), and a Fraction works out its float anew each time."""
    ids = list(map(id, values))
    floats = {key: float(value) for key, value in dict(zip(ids, values, strict=True)).items()}
    return list(map(floats.__getitem__, ids))
