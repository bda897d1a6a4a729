"""The warnings module answers the core's "who is warned now" (portal.core.standing)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, false, func, or_, select

from portal.core.i18n import pick
from portal.core.memo import per_request
from portal.core.models import Student, Term
from portal.core.standing import LevelHeld, Standing
from portal.extensions import db

from .explain import catalogue_of, level_names
from .models import Run, RunEvent, Warning
from .rulesets import college_ruleset_code, ruleset_row


class WarningsStanding:
    def current(self, student_condition) -> list[Standing]:
        return _standings(latest_published(), student_condition)

    def held(self, term_id: int, student_condition) -> list[Standing]:
        from .cohort import held

        return held(term_id, student_condition)

    def cohort(self, term_id: int, student_condition):
        from .cohort import cohort

        return cohort(term_id, student_condition)

    def terms(self):
        from .cohort import terms

        return terms()

    def levels_held(self, term_id: int, student_condition) -> list[LevelHeld]:
        from .cohort import levels_held

        return levels_held(term_id, student_condition)

    def levels(self, college_id: int) -> list[tuple[str, str]]:
        definition = ruleset_row(college_ruleset_code(college_id)).definition
        seen: dict[str, str] = {}
        for info in catalogue_of(definition).values():
            seen.setdefault(info.level, pick(info.names))
        return list(seen.items())


def _standings(runs_condition, student_condition) -> list[Standing]:
    published = (select(RunEvent.run_id, func.max(RunEvent.at).label("at"))
                 .where(RunEvent.action == "approve").group_by(RunEvent.run_id).subquery())
    rows = db.session.execute(
        select(Warning.student_id, Warning.run_id, Warning.category, Warning.level,
               Warning.lifted_at, Student.college_id,
               func.coalesce(published.c.at, Run.created_at).label("published_at"))
        .join(Warning.student).join(Run, Run.id == Warning.run_id)
        .outerjoin(published, published.c.run_id == Warning.run_id)
        .where(runs_condition, Warning.removed_at.is_(None), student_condition)
    ).all()
    names = level_names({row.run_id for row in rows})
    return [standing_of(row, names, row.published_at.date()) for row in rows]


def latest_published():
    """Each college's latest published roster, whatever its term (a college may publish the
    next term's roster before another college does); a university-wide run counts for the
    colleges without a later roster of their own."""
    rows = per_request("published_runs", None, lambda: db.session.execute(
        select(Run.id, Run.college_id, Term.start_year, Term.n)
        .join(Run.term).where(Run.status == "published")).all())
    latest: dict = {}
    for run_id, college_id, year, n in rows:
        key = (year, n, run_id)
        if college_id not in latest or key > latest[college_id]:
            latest[college_id] = key
    overall = latest.pop(None, None)
    own = {c: key for c, key in latest.items() if overall is None or key > overall}
    conditions = [and_(Warning.run_id == key[2], Student.college_id == c) for c, key in own.items()]
    if overall is not None:
        conditions.append(and_(Warning.run_id == overall[2], Student.college_id.not_in(own)))
    return or_(*conditions) if conditions else false()


def standing_of(row, names: dict, since: date) -> Standing:
    """A warning row (student_id, college_id, category, level, lifted_at) as a Standing."""
    label, css, most_severe = names.get((row.category, row.level), (row.level, "none", False))
    return Standing(
        student_id=row.student_id, college_id=row.college_id, level=row.level,
        label=label, css=css, most_severe=most_severe, since=since,
        lifted_on=row.lifted_at.date() if row.lifted_at else None)
