"""The standing provider this module declares (`Module.standing`): the core's questions
about who stands warned, answered from standing.py's walk, cached by cohort.py."""

from __future__ import annotations

from portal.core.i18n import pick
from portal.core.standing import LevelCounts, Standing

from . import cohort, standing
from .explain import catalogue_of, level_catalogue, level_names
from .outcomes import as_standing
from .rulesets import UnknownRuleset, college_ruleset_code, ruleset_row


class WarningsStanding:
    """The standing provider (portal.core.standing.StandingProvider) this module declares."""

    def current(self, student_condition) -> list[Standing]:
        data = standing.history(student_condition)
        pairs = standing.current(student_condition)
        names = level_names({held.run_id for held, _c in pairs})
        return [as_standing(held, college, data, names) for held, college in pairs]

    def held(self, term_id: int, student_condition) -> list[Standing]:
        """The warnings standing at T (warned or paused, carried ones included)."""
        return cohort.held(term_id, student_condition)

    def cohort(self, term_id: int, student_condition):
        return cohort.cohort(term_id, student_condition)

    def terms(self):
        return cohort.terms()

    def level_counts(self, term_id: int, student_condition) -> LevelCounts:
        return cohort.level_counts(term_id, student_condition)

    def ruleset_name(self, code: str) -> str:
        """A ruleset's name in the reader's language (its code when there is none)."""
        try:
            return pick(ruleset_row(code).definition.get("names") or {}) or code
        except UnknownRuleset:
            return code

    def relabel(self, label: str) -> str:
        """A level's name saved with a record (a talk keeps the label its recorder read) in
        the reader's language: each " · " part that names a level or category of any
        ruleset is read again; other text is left as saved."""
        names: dict[str, dict] = {}
        for info in level_catalogue().values():
            for bilingual in (info.names, info.category_names):
                for text in bilingual.values():
                    names.setdefault(text, bilingual)
        return " · ".join(
            pick(names[part]) if part in names else part for part in label.split(" · ")
        )

    def levels(self, college_id: int) -> list[tuple[str, str]]:
        """(category:level, name) of the levels the college's ruleset can give."""
        definition = ruleset_row(college_ruleset_code(college_id)).definition
        seen: dict[str, str] = {}
        for info in catalogue_of(definition).values():
            key = f"{info.category}:{info.level}"
            several = len(definition.get("categories", [])) > 1
            seen.setdefault(
                key,
                f"{pick(info.category_names)} · {pick(info.names)}"
                if several and pick(info.category_names) != pick(info.names)
                else pick(info.names),
            )
        return list(seen.items())


PROVIDER = WarningsStanding()  # `Module.standing`
