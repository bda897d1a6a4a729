"""The student's home card: every notice still waiting for them or for an answer to them,
whatever its term, and the next step, which asks for a study plan only while none is begun.
A warning whose lifting the secretary confirmed has ended: the card says so, and asks
nothing more for it (no next step, no notice to confirm)."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.core import standing
from portal.core.facts import Cohort, facts
from portal.core.models import Student
from portal.core.standing import Standing

from .notices import lifted_among

# Waiting for the student's confirmation (pending; upheld after their objection), or for the
# secretary's answer to their objection.
WAITING = ("pending", "upheld", "objected")
# The review's fact "had a signed study plan", declared by the module that keeps study plans.
PLAN_FACT = "plan"


@dataclass(frozen=True)
class StandingNow:
    """The student's standings at their college's latest roster, apart: `current`, still
    warned (warned, paused, or a lifting proposed and not yet confirmed, which keeps the
    warning: warning-rules.md §6), and `lifted`, those whose lifting the secretary
    confirmed — ended, with nothing more owed for them."""

    current: list[Standing] = field(default_factory=list)
    lifted: list[Standing] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.current or self.lifted)


def standing_now(student_id: int) -> StandingNow:
    held = standing.of_student(student_id)
    return StandingNow(
        [s for s in held if s.lifted_on is None], [s for s in held if s.lifted_on is not None]
    )


def waiting_notices(history) -> list[tuple[object, object]]:
    """(notice, its term) of each waiting notice, newest term first: an older term's notice
    left unconfirmed is offered too, not only on the "why" page; not one whose warning has
    since been lifted (notices.lifted)."""
    notices = [notice for story in history for notice in story.notices]
    done = lifted_among(notices)
    return [
        (notice, story.term)
        for story in history
        for notice in sorted(story.notices, key=lambda n: n.id)
        if notice.state in WAITING and notice.id not in done
    ]


def plan_step(student: Student, term_id: int) -> str | None:
    """Where the student's study plan stands, for the card's "Next" line: "none" (still to
    write), "begun" (written, submitted or returned), "signed" (signed off or reported on);
    None when no plan is owed (no current warning: none, or lifted) or no module keeps plans.

    Asked through the core's registry of facts, of whichever module declares the "plan"
    fact (the plans module): this module never imports another. `term_id`: the term the
    card tells of; the fact reads the support period, which began with the current warning
    (a plan's period starts there too)."""
    fact = facts().get(PLAN_FACT)
    held = standing_now(student.id).current
    if fact is None or not held:
        return None
    since = min(s.since for s in held)
    cohort = Cohort(term_id, Student.id == student.id, {student.id: since})
    state = fact.values(cohort).get(student.id, "none")
    if state in fact.yes:
        return "signed"
    return "none" if state == "none" else "begun"
