"""When each college's roster is due (LUT 二.3: 开学 2 周内; ASNU 第八条: 开学后1个月内; USTL
第五条1: 每学年开学后四周内; the others a college setting), and which are due or overdue.

The roster of an evaluation term T is owed after the next term starts (the grades of T,
make-ups included, are in by then): from the next regular term's start date, or, for a
deadline counted from the academic year, from the first term of the next academic year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select

from portal.core import clock
from portal.core.models import College, Term
from portal.extensions import db

from .models import CollegeRuleset, Run
from .rulesets import UnknownRuleset, college_ruleset_code, ruleset_row

SHOWN_FOR_DAYS = 365  # a roster a year late is a matter for the archive, not the dashboard


@dataclass(frozen=True)
class RosterDue:
    college: College
    term: Term  # the evaluation term whose roster is owed
    opens_on: date  # the start of the term (or academic year) it is counted from
    due_on: date
    state: str  # due | overdue


def deadline_of(college_id: int) -> tuple[int, str] | None:
    """(days, "term_start" | "year_start") from the college's ruleset, else the college's
    own setting (counted from the next term's start), else None."""
    try:
        definition = ruleset_row(college_ruleset_code(college_id)).definition
    except UnknownRuleset:
        definition = {}
    deadline = definition.get("roster_deadline")
    if deadline:
        return deadline["days"], deadline["after"]
    setting = db.session.get(CollegeRuleset, college_id)
    if setting and setting.roster_deadline_days:
        return setting.roster_deadline_days, "term_start"
    return None


def _evaluates(college_id: int, term: Term) -> bool:
    try:
        definition = ruleset_row(college_ruleset_code(college_id)).definition
    except UnknownRuleset:
        return False
    if term.n not in (1, 2):
        return False
    return definition.get("evaluate_on") != "second_term" or term.n == 2


def _opens(term: Term, after: str, terms: list[Term]) -> Term | None:
    """The term whose start the deadline counts from."""
    later = [t for t in terms if t.key > term.key and t.n in (1, 2)]
    if after == "year_start":
        later = [t for t in later if t.n == 1 and t.start_year > term.start_year]
    return later[0] if later else None


def due_rosters(colleges: list[College], today: date | None = None) -> list[RosterDue]:
    """The rosters not yet published whose counting has started, oldest deadline first."""
    today = today or clock.today()
    terms = list(db.session.scalars(select(Term).order_by(Term.start_year, Term.n)))
    if not colleges or not terms:
        return []
    published = set(
        db.session.execute(
            select(Run.term_id, Run.college_id).where(
                Run.status == "published",
                or_(Run.college_id.is_(None), Run.college_id.in_([c.id for c in colleges])),
            )
        ).all()
    )
    found = []
    for college in colleges:
        deadline = deadline_of(college.id)
        if deadline is None:
            continue
        days, after = deadline
        for term in terms:
            if not _evaluates(college.id, term):
                continue
            if (term.id, college.id) in published or (term.id, None) in published:
                continue
            opens = _opens(term, after, terms)
            if opens is None or opens.start_date is None or opens.start_date > today:
                continue
            if (today - opens.start_date).days > SHOWN_FOR_DAYS:
                continue
            due_on = opens.start_date + timedelta(days=days)
            found.append(
                RosterDue(
                    college, term, opens.start_date, due_on, "overdue" if today > due_on else "due"
                )
            )
    return sorted(found, key=lambda d: (d.due_on, d.college.name))
