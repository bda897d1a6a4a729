"""What became of the warnings standing at a term (standing.py walks them): each as the
core's `Standing` row, and each judged at the ruleset's next evaluation term — lifted,
eased, same, escalated or gone — with its figures before and after (the review's cohort).

A university-sized term has tens of thousands of standings, so this reads columns, not
objects; cohort.py caches the answers."""

from __future__ import annotations

from sqlalchemy import select

from portal.core import clock
from portal.core.standing import CohortRow, LevelCounts, Standing

from .exact import exact
from .explain import level_names
from .models import Warning
from .standing import (
    STANDING,
    CollegeHistory,
    Held,
    History,
    history,
    ladder_of,
    read_rows,
    standings_at,
)


def as_standing(held: Held, college: CollegeHistory, data: History, names: dict) -> Standing:
    label, css, most_severe = names.get((held.category, held.level), (held.level, "none", False))
    lifted_at = data.lifted.get(held.warning_id)
    # Stored as UTC: the college's day (a lifting confirmed at 00:07 in Beijing on 5 December
    # is 16:07 UTC on the 4th), as the warning's own "lifted on" reads it.
    lifted_on = clock.day_of(lifted_at) if lifted_at else None
    # Every field, written straight into the frozen row's __dict__ (as answers.decode does):
    # a school's term is 20,000 of them, and a frozen dataclass sets each field through
    # object.__setattr__.
    row = object.__new__(Standing)
    row.__dict__.update(
        student_id=held.student_id,
        college_id=college.college_id,
        level=held.level,
        label=label,
        css=css,
        most_severe=most_severe,
        since=held.since_on,
        lifted_on=lifted_on,
        category=held.category,
        state=held.state,
        since_term=data.terms[held.since_term].code,
        renewed=held.renewed_on,
        ruleset=college.ruleset,
    )
    return row


def cohort_rows(term_id: int, student_condition) -> list[CohortRow]:
    """Each warning standing at T (warned or paused), judged at next(T)."""
    data = history(student_condition)
    rows, names_wanted, pending = [], set(), []
    for college in data.colleges.values():
        if term_id not in college.at:
            continue  # T is not one of this ruleset's evaluation terms
        judge = Judge(college, term_id)
        term_code = data.terms[term_id].code
        judged_on = college.first_published.get(judge.later.id) if judge.judged else None
        for held in college.at[term_id].values():
            if held.state not in STANDING:
                continue
            outcome, again = judge.outcome(held)
            pending.append((held, college, outcome, judge.later, again, term_code, judged_on))
            names_wanted.add(held.run_id)
            if again is not None:
                names_wanted.add(again.run_id)
    names = level_names(names_wanted)
    read = _metrics_unstored(data, pending)
    lifts, students, metrics = data.lifts, data.students, data.metrics
    proposed, no_values, nothing = data.proposed, (None, None), {}
    for held, college, outcome, later, again, term_code, judged_on in pending:
        student_id = held.student_id
        label, css, _top = names.get((held.category, held.level), (held.level, "none", False))
        college_id, _status, major_id, class_id = students[student_id]
        # "Before": what the warning stored, which for a computed warning is what its run
        # stored of the student (compute.py writes both from the same values), read with
        # the history already; "after": what next(T)'s roster stored.
        stored = (
            None
            if held.warning_id in proposed
            else metrics.get(held.run_id, nothing).get(student_id)
        )
        gpa_b, failed_b = (
            read.get(held.warning_id, no_values)
            if stored is None
            else (exact(stored[1]), exact(stored[0]))  # stored: (failed credits, GPA)
        )
        stored = (
            metrics.get(college.rostered[later.id], nothing).get(student_id)
            if later is not None and outcome != "pending"
            else None
        )
        gpa_a, failed_a = no_values if stored is None else (exact(stored[1]), exact(stored[0]))
        lift = lifts.get(again.warning_id if again else held.warning_id)
        rows.append(
            CohortRow(
                student_id,
                held.category,
                held.level,
                label,
                css,
                held.rank,
                outcome,
                (
                    names.get((again.category, again.level), (again.level,))[0]
                    if again is not None and again.state in STANDING
                    else None
                ),
                gpa_b,
                gpa_a,
                failed_b,
                failed_a,
                college_id,
                major_id,
                class_id,
                held.since_on,
                later.code if later is not None else None,
                (bool(lift and lift[1]) if outcome == "lifted" else None),
                held.state,
                college.ruleset,
                term_code,
                judged_on if outcome != "pending" else None,
            )
        )
    return rows


class Judge:
    """The outcome at next(T) of a college's warnings standing at T: what every warning of
    the college shares (next(T), its roster, who left, the ladder) worked out once."""

    def __init__(self, college: CollegeHistory, term_id: int):
        self.later = later = college.next_term(term_id)
        self.judged = later is not None and later.id in college.rostered
        self.gone = college.gone.get(later.id, {}) if self.judged else {}
        self.after = college.at[later.id] if self.judged else {}
        self.ladder = ladder_of(college.ruleset, college.definition)

    def outcome(self, held: Held) -> tuple[str, Held | None]:
        """(outcome, the standing at next(T) it is judged by)."""
        if not self.judged:
            return "pending", None
        sid = held.student_id
        left = self.gone.get(sid)
        if left:
            return left, None
        after, ladder = self.after, self.ladder
        if held.category in ladder:
            i = ladder.index(held.category)
            if any(
                (h := after.get((sid, c))) is not None and h.state in STANDING
                for c in ladder[i + 1 :]
            ):
                return "escalated", None
        again = after.get((sid, held.category))
        if again is None or again.state == "lifting_proposed":
            if held.category in ladder:
                i = ladder.index(held.category)
                for c in ladder[:i]:
                    lower = after.get((sid, c))
                    if lower is not None and lower.state in STANDING:
                        return "eased", lower  # a dropout warning followed by demotion
            return "lifted", again
        if again.rank < held.rank:
            return "eased", again
        return ("same" if again.rank == held.rank else "escalated"), again


def _metrics_unstored(data: History, pending) -> dict[int, tuple]:
    """Warning id -> (cumulative GPA, outstanding failed credits) the warning stored, for
    the warnings whose run's stored metrics do not say it (added by a proposal, or of a run
    without stored metrics): read from the warnings."""
    metrics, proposed, nothing = data.metrics, data.proposed, {}
    ids = [
        held.warning_id
        for held, *_rest in pending
        if held.warning_id in proposed
        or metrics.get(held.run_id, nothing).get(held.student_id) is None
    ]
    found = {}
    for start in range(0, len(ids), 20000):
        for wid, gpa, failed in read_rows(
            select(
                Warning.id,
                Warning.metrics["gpa_cumulative"].as_string(),
                Warning.metrics["outstanding_failed_credits"].as_string(),
            ).where(Warning.id.in_(ids[start : start + 20000]))
        ):
            found[wid] = (exact(gpa), exact(failed))
    return found


def level_counts_at(term_id: int, student_condition) -> LevelCounts:
    """Each student once, at their most severe standing at T (of equal ranks, the first
    walked), counted per level: a school's term is 20,000 standings and a dozen levels."""
    pairs = [(h, c) for h, c in standings_at(term_id, student_condition) if h.state in STANDING]
    names = level_names({h.run_id for h, _c in pairs})
    most: dict[int, tuple[Held, CollegeHistory]] = {}
    for pair in pairs:
        best = most.get(pair[0].student_id)
        if best is None or pair[0].rank > best[0].rank:
            most[pair[0].student_id] = pair
    counts: dict[tuple, int] = {}
    for h, c in most.values():
        key = (c.ruleset, h.category, h.rank, h.level)
        counts[key] = counts.get(key, 0) + 1
    return {
        key: (*names.get((key[1], key[3]), (key[3], "none"))[:2], count)
        for key, count in counts.items()
    }


def held_at(term_id: int, student_condition) -> list[Standing]:
    """The warnings standing at T (warned or paused, carried ones included)."""
    data = history(student_condition)
    pairs = [(h, c) for h, c in standings_at(term_id, student_condition) if h.state in STANDING]
    names = level_names({held.run_id for held, _c in pairs})
    return [as_standing(held, college, data, names) for held, college in pairs]
