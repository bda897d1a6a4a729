"""The warnings module answers the core's "who is warned now" (portal.core.standing)."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.core.i18n import pick
from portal.core.models import Student
from portal.core.standing import Standing
from portal.extensions import db

from . import roster
from .explain import catalogue_of, level_catalogue
from .models import Run, RunEvent, Warning
from .rulesets import college_ruleset_code, ruleset_row


class WarningsStanding:
    def current(self, student_condition) -> list[Standing]:
        terms = roster.terms_with_runs(drafts=False)
        if not terms:
            return []
        published = (select(RunEvent.run_id, func.max(RunEvent.at).label("at"))
                     .where(RunEvent.action == "approve").group_by(RunEvent.run_id).subquery())
        rows = db.session.execute(
            select(Warning.student_id, Warning.run_id, Warning.category, Warning.level,
                   Warning.lifted_at, Student.college_id,
                   func.coalesce(published.c.at, Run.created_at).label("published_at"))
            .join(Warning.student).join(Run, Run.id == Warning.run_id)
            .outerjoin(published, published.c.run_id == Warning.run_id)
            .where(roster.current_condition(terms[0].id, drafts=False), student_condition)
        ).all()
        runs = {row.run_id for row in rows}
        catalogue = level_catalogue(list(db.session.scalars(select(Run).where(Run.id.in_(runs)))))
        return [_standing(row, catalogue) for row in rows]

    def levels(self, college_id: int) -> list[tuple[str, str]]:
        definition = ruleset_row(college_ruleset_code(college_id)).definition
        seen: dict[str, str] = {}
        for info in catalogue_of(definition).values():
            seen.setdefault(info.level, pick(info.names))
        return list(seen.items())


def _standing(row, catalogue) -> Standing:
    info = catalogue.get((row.category, row.level))
    return Standing(
        student_id=row.student_id, college_id=row.college_id, level=row.level,
        label=info.label if info else row.level, css=info.css if info else "none",
        most_severe=bool(info and info.rank == info.levels_in_category),
        since=row.published_at.date(),
        lifted_on=row.lifted_at.date() if row.lifted_at else None)
