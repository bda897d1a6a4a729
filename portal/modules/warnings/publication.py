"""Notices at publication (学业警示通知书): a new one for each student whose warning the
roster states anew; the notice a student holds kept where the roster states it unchanged, so
re-publishing a term's roster asks no one to confirm again what they confirmed; and the
notice of a student it no longer warns withdrawn, the student told."""

from __future__ import annotations

import json
from typing import NamedTuple

from sqlalchemy import BindParameter, bindparam, case, insert, select, true, update

from portal.core import audit
from portal.core.models import Student
from portal.core.models.base import utcnow
from portal.extensions import db

from .codes import kind_of
from .models import CLOSED, Notice, Run, Warning
from .proposal_outcomes import tell_dropped


class Published(NamedTuple):
    """Whom publication tells: the students given a new notice, those the roster no longer
    warns at all whose notice was withdrawn, and those it still warns who lost one of their
    notices (USTL gives two kinds: 降级/退学 and 学位)."""

    noticed: set[int]
    cleared: set[int]
    partly: set[int]


def create_notices(run: Run) -> Published:
    """At publication, one notice per student the roster warns and kind of notice (all the
    student's categories of that kind on it), except where the notice the student holds for
    the term already states just that: it is kept (`_keep`). A notice of the term the roster
    no longer states is withdrawn (`drop`). Those who keep theirs are not told again."""
    stated = {key[1:]: levels for key, levels in _statements(Warning.run_id == run.id).items()}
    held = _held(run)
    dropped = drop(run, {key: held[key] for key in held.keys() - stated.keys()})
    kept = _unchanged_notices(run, stated, {key: held[key] for key in held.keys() & stated.keys()})
    new = sorted(set(stated) - set(kept))
    if new:
        db.session.execute(
            insert(Notice),
            [
                {
                    "run_id": run.id,
                    "student_id": s,
                    "kind": kind,
                    "state": "pending",
                    "created_at": utcnow(),
                }
                for s, kind in new
            ],
        )
        # Before the kept ones join the roster: its notices are the new ones.
        audit.record_selected(
            "notice_issued",
            "Notice",
            select(Notice.id, Notice.student_id).where(Notice.run_id == run.id),
        )
    _keep(kept, run)
    warned = {student for student, _kind in stated}
    return Published({student for student, _kind in new}, dropped - warned, dropped & warned)


def _held(run: Run) -> dict[tuple[int, str], tuple[int, int]]:
    """(student, kind) -> (notice, its roster) for the open notices of the published roster
    of the term that listed `run`'s students until now."""
    replaced = _RunsBefore(run)
    if not replaced.runs:
        return {}
    covered = Student.college_id == run.college_id if run.college_id else true()
    found = db.session.execute(
        select(Notice.id, Notice.run_id, Notice.student_id, Notice.kind, Student.college_id)
        .join(Notice.student)
        .where(Notice.run_id.in_(replaced.runs), Notice.state.not_in(CLOSED), covered)
    ).all()
    return {
        (student, kind): (notice, from_run)
        for notice, from_run, student, kind, college in found
        if from_run == replaced.of(college)
    }


def drop(run: Run, unstated: dict, *, removed_by: int | None = None) -> set[int]:
    """Withdraw ("dropped") the held notices `run` no longer states — corrected grades, a
    make-up exam passed: nobody asks the student to confirm them, nor staff to chase them;
    whoever proposed a warning they stated is told. Kept as they were (a confirmation, an
    objection, the parent copy) for the record. `removed_by`: the accepted proposal that
    took the student off `run` (notices.withdraw_removed), said in the audit row; else a new
    roster no longer states them. Returns the students whose notices they were."""
    if unstated:
        notices = [notice for notice, _from_run in unstated.values()]
        # An objection still waiting is settled now: its day is when the secretary's list
        # shows it among the answered, with nobody as its author (Notice.objection_outcome).
        settled = case((Notice.state == "objected", utcnow()), else_=Notice.answered_at)
        dropped = {"state": "dropped", "answered_at": settled}
        why = f"run={run.id}" + (f" removed_by={removed_by}" if removed_by else "")
        _change_audited(notices, dropped, "notice_dropped", why)
        tell_dropped(unstated)
    return {student for student, _kind in unstated}


def _statements(condition) -> dict[tuple[int, int, str], frozenset]:
    """What the notices of these warnings state: (run, student, kind) -> the categories at
    their levels, in the words of the roster's ruleset, added by rules (with the conditions
    and thresholds it gives as reasons) or by proposal. Not the reasons' values: a notice
    reads them from its roster, and a computation after make-up exams moves them without
    changing what the student is told."""
    rows = db.session.execute(
        select(
            Warning.run_id,
            Warning.student_id,
            Warning.category,
            Warning.level,
            Warning.source,
            Warning.fired,
        ).where(condition, Warning.removed_at.is_(None))
    ).all()
    words = _level_words({row.run_id for row in rows})
    stated: dict[tuple, set] = {}
    for run_id, student_id, category, level, source, fired in rows:
        said = (category, level, words[run_id].get((category, level)), source, _why(fired))
        stated.setdefault((run_id, student_id, kind_of(category)), set()).add(said)
    return {key: frozenset(said) for key, said in stated.items()}


def _why(fired: list | None) -> frozenset:
    """The conditions a notice prints as its reasons, with their thresholds ("not passed 5 %
    of credits (threshold 5 %)"), without the student's values."""
    return frozenset(
        (each.get("metric"), each.get("op"), json.dumps(each.get("threshold")))
        for each in fired or ()
    )


def _level_words(run_ids: set[int]) -> dict[int, dict[tuple[str, str], str]]:
    """run -> (category, level) -> the names and consequences its notice prints, from the
    run's ruleset: another ruleset (or an edited one) may give the same code other words."""
    found = db.session.execute(
        select(Run.id, Run.ruleset_snapshot).where(Run.id.in_(run_ids))
    ).all()
    return {
        run_id: {
            (category["code"], level["code"]): json.dumps(
                [category.get("names"), level.get("names"), level.get("consequences")],
                sort_keys=True,
            )
            for category in (snapshot or {}).get("categories", [])
            for level in category.get("levels", [])
        }
        for run_id, snapshot in found
    }


def _unchanged_notices(
    run: Run, stated: dict, held: dict
) -> dict[tuple[int, str], tuple[int, int]]:
    """(student, kind) -> (notice, its roster) for the held notices `run` states again
    unchanged. Compared with the notice itself, on the published roster of the term that
    listed the student until now — not with the warnings' `change`, which is against the
    term's previous computation, maybe a draft never published (its "same" may differ from
    what the student was told). A withdrawn notice states nothing: a warning again is new."""
    if not held:
        return {}
    students = select(Warning.student_id).where(Warning.run_id == run.id)
    before = _statements(
        Warning.run_id.in_({r for _n, r in held.values()}) & Warning.student_id.in_(students)
    )
    return {
        key: (notice, from_run)
        for key, (notice, from_run) in held.items()
        if before.get((from_run, *key)) == stated[key]
    }


class _RunsBefore:
    """The published roster of the term each college's students were listed by before
    `run`: the newer of the college's own and one over all students (roster.current_runs)."""

    def __init__(self, run: Run):
        self.found = db.session.execute(
            select(Run.id, Run.college_id).where(
                Run.term_id == run.term_id, Run.status == "published", Run.id < run.id
            )
        ).all()
        self.runs = {run_id for run_id, _college in self.found}

    def of(self, college_id: int | None) -> int | None:
        return max((r for r, c in self.found if c in (None, college_id)), default=None)


def _keep(kept: dict, run: Run) -> None:
    """Move each kept notice to the roster that now states it, as it stands: confirmation,
    objection and answer, parent copy and receipt, and its date (the days to confirm count
    from it). Every page finds a student's notice through the roster listing them; the
    audit trail keeps which roster issued it."""
    by_run: dict[int, list[int]] = {}
    for notice, from_run in kept.values():
        by_run.setdefault(from_run, []).append(notice)
    for from_run, notices in sorted(by_run.items()):
        _change_audited(
            notices, {"run_id": run.id}, "notice_kept", f"run={from_run} -> run={run.id}"
        )
    # A notice loaded before would keep its old roster (`notice.run`): read it again.
    for loaded in [obj for obj in db.session.identity_map.values() if isinstance(obj, Notice)]:
        db.session.expire(loaded)


def _change_audited(ids, values: dict, action: str, detail: str) -> None:
    """One UPDATE of these notices and one audit row each, selected in the database."""
    chosen = Notice.id.in_(_literal(action, ids))
    db.session.execute(
        update(Notice).where(chosen).values(**values),
        execution_options={"synchronize_session": False},
    )
    audit.record_selected(
        action, "Notice", select(Notice.id, Notice.student_id).where(chosen), detail=detail
    )


def _literal(name: str, ids) -> BindParameter:
    """Ids written into the SQL, not bound one by one: a school keeps thousands of notices
    (a driver takes at most 65,535 parameters a statement)."""
    return bindparam(name, sorted(ids), expanding=True, literal_execute=True)
