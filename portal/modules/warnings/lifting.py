"""Lifting (解除), warning-rules.md §6: when a roster is published, the standing of its
students (standing.py) says whose warning ends at its term — the ruleset's lifting rule
held (兰州理工大学生命科学与工程学院《本科生学业警示及帮扶工作实施细则》（2021）: outstanding
failed credits under 6; 辽宁科技大学《学生学业警示及帮扶实施办法（试行）》（2019）: 降级警示
under 20, 退学警示 under 40) or, without a rule, the evaluation no longer warns them. Each
proposal names what held with the metric values, like a warning's "why". The secretary
confirms (who and when are kept); the student is told.

A proposal waits for confirmation until the secretary gives it, whatever later terms bring
(§6: it ended the warning at its term, confirmed or not). But a student a later roster
warns again in that category (or in one above it on the ruleset's ladder) is not "no longer
warned": their proposal is listed apart, not ticked, beside the warning that stands now,
and confirming it only records that the earlier warning ended then — the student, just
told of the new warning, is not told it was lifted (`pending`).

An accepted proposal that changes a published roster changes its term's liftings as
publishing it so would (`follow_proposal`): the student shown "lifting proposed" is on this
page, and one added again is not. A corrected roster of the term, published again, takes
back the liftings it proposed of the students it now warns again (`_take_back`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import insert, select, true

from portal.core import audit
from portal.core.i18n import N_, _, pick
from portal.core.models import Student, User
from portal.core.models.base import utcnow
from portal.core.notify import notify
from portal.core.templating import term_label
from portal.extensions import db

from .explain import describe, metric_label, metric_value
from .models import Lift, Proposal, Run, Warning
from .standing import STANDING, CollegeHistory, Held, build, history, ladder_of, read_rows


def propose_lifts(run: Run) -> int:
    """Flush a proposal for every warning that ends at the published run's term (flush
    only). The history is built afresh: the run was published a moment ago."""
    condition = Student.college_id == run.college_id if run.college_id else true()
    data = build(condition)
    _take_back(run, data, condition)
    return _propose(run, data)


def _propose(run: Run, data, removal: Proposal | None = None) -> int:
    """Insert a proposal for each warning the history says ends at the run's term and has
    none yet; `removal`: the accepted removal that took the student off the run."""
    known = set(db.session.scalars(select(Lift.warning_id)))
    code = run.term.code
    rows = []
    for college in data.colleges.values():
        if college.rostered.get(run.term_id) != run.id:
            continue
        for held in college.at[run.term_id].values():
            if held.state == "lifting_proposed" and held.warning_id not in known:
                known.add(held.warning_id)
                reason, detail = held.reason, dict(held.values or {}, term=code)
                if removal is not None and reason == "not_warned":
                    # Not warned because the proposal took them off: the figures the roster
                    # stored may still meet a level's conditions; the removal is the why.
                    reason, detail = "removed", {"term": code, "proposal": removal.id}
                rows.append(
                    {
                        "warning_id": held.warning_id,
                        "reason": reason,
                        "detail": detail,
                        "proposed_in_run_id": run.id,
                        "created_at": utcnow(),
                    }
                )
    if rows:
        db.session.execute(insert(Lift), rows)
    return len(rows)


def follow_proposal(run: Run, proposal: Proposal) -> None:
    """An accepted proposal changed the published run: the student's liftings at its term
    follow, as publishing the roster so changed would have made them (warning-rules.md §6).
    A removal that leaves a warning of an earlier term ending at this term proposes its
    lifting, for the secretary to confirm on the lifting page (so the student shown "lifting
    proposed" is listed there); an addition that warns the student again at this term takes
    back a lifting proposed at it and not yet confirmed (confirming it would tell a student
    just given a notice that their warning was lifted). Nothing for a run not published:
    its publication proposes them. Flush only."""
    if run.status != "published":
        return
    data = build(Student.id == proposal.student_id)
    if proposal.student_id not in data.students:  # never on a published roster: nothing to lift
        return
    _take_back(run, data, Student.id == proposal.student_id)
    _propose(run, data, removal=proposal if proposal.action == "remove" else None)


def why(lift: Lift) -> str:
    """What held, in words: "未取得学分 4 < 6", or "no longer warned (…)"."""
    detail = lift.detail or {}
    if lift.reason == "removed":
        return _(
            "taken off the roster of %(term)s on an accepted proposal",
            term=term_label(detail.get("term", "")),
        )
    if lift.reason == "rule" and detail.get("fired"):
        return _(
            "the lifting rule holds: %(why)s",
            why=pick({"zh": "；", "en": "; "}).join(describe(f) for f in detail["fired"]),
        )
    metrics = detail.get("metrics") or {}
    values = pick({"zh": "；", "en": "; "}).join(
        f"{metric_label(k)} {metric_value(k, v)}" for k, v in metrics.items() if v is not None
    )
    return _("no longer warned: %(values)s", values=values) if values else _("no longer warned")


def _take_back(run: Run, data, student_condition) -> None:
    """Delete the liftings proposed at the run's term, not yet confirmed, of the students
    matching whom the run (published, or changed by a proposal) warns again in the category
    or one above it on the ladder: a roster corrected after a late grade, or an accepted
    addition, would otherwise offer a student just given a notice the news that their
    warning ended."""
    proposed_here = db.session.execute(
        select(Lift, Warning.student_id, Warning.category)
        .join(Warning, Warning.id == Lift.warning_id)
        .join(Run, Run.id == Lift.proposed_in_run_id)
        .join(Student, Student.id == Warning.student_id)
        .where(student_condition, Run.term_id == run.term_id, Lift.confirmed_at.is_(None))
    ).all()
    for lift, student_id, category in proposed_here:
        college = data.colleges.get(data.students.get(student_id, (None,))[0])
        if college is None:
            continue
        standing = college.at.get(run.term_id, {})
        ladder = ladder_of(college.ruleset, college.definition)
        above = ladder[ladder.index(category) + 1 :] if category in ladder else ()
        if any(
            (held := standing.get((student_id, wanted))) is not None and held.state in STANDING
            for wanted in (category, *above)
        ):
            db.session.delete(lift)
    db.session.flush()


def pending(student_condition) -> dict[int, tuple[int, int, tuple[str, ...]]]:
    """Every lifting proposed and not yet confirmed of the students matching: lift id ->
    (student id, `again`, `elsewhere`). `again` is the warning behind the latest standing
    that warns the student again, after the proposal's term, in its category or one above
    it on the ladder (0: none, the lifting is offered); `elsewhere` the other categories
    the student stands warned in at their college's latest published roster's term.
    The lifting page lists this answer and the dashboard counts it: cohort.lifts_awaiting
    keeps it, one source for both."""
    rows = read_rows(
        select(Lift.id, Warning.student_id, Warning.category, Run.term_id)
        .join(Warning, Warning.id == Lift.warning_id)
        .join(Run, Run.id == Lift.proposed_in_run_id)
        .join(Student, Student.id == Warning.student_id)
        .where(Lift.confirmed_at.is_(None), student_condition)
    )
    if not rows:
        return {}
    data = history(student_condition)
    now: dict[int, dict[int, set[str]]] = {}  # college id -> student -> categories warned
    found = {}
    for lift_id, student_id, category, proposed_at in rows:
        college_id = data.students.get(student_id, (None,))[0]
        college = data.colleges.get(college_id)
        if college is None:  # no standing walked for them (left the college's rosters)
            found[lift_id] = (student_id, 0, ())
            continue
        again = _warned_again(college, student_id, category, data.terms[proposed_at])
        if college_id not in now:
            now[college_id] = _warned_now(college)
        elsewhere = sorted(now[college_id].get(student_id, set()) - {category})
        found[lift_id] = (student_id, again.warning_id if again else 0, () if again else elsewhere)
    return found


def _warned_again(college: CollegeHistory, student_id: int, category: str, proposed) -> Held | None:
    """The latest standing after the proposal's term that warns the student in the
    category, or above it on the ladder (liaoning: a 降级警示 followed by a 退学警示)."""
    ladder = ladder_of(college.ruleset, college.definition)
    above = ladder[ladder.index(category) + 1 :] if category in ladder else ()
    for term in reversed(college.terms):
        if (term.start_year, term.n) <= (proposed.start_year, proposed.n):
            break
        standing = college.at.get(term.id, {})
        for wanted in (category, *above):
            held = standing.get((student_id, wanted))
            if held is not None and held.state in STANDING:
                return held
    return None


def _warned_now(college: CollegeHistory) -> dict[int, set[str]]:
    """student id -> the categories they stand warned in at the college's latest published
    roster's term (liaoning's 学位警示 beside a lifted 降级警示: a lifting ends one warning)."""
    latest = college.latest_rostered()
    found: dict[int, set[str]] = {}
    for (student_id, category), held in (college.at[latest.id] if latest else {}).items():
        if held.state in STANDING:
            found.setdefault(student_id, set()).add(category)
    return found


@dataclass
class Awaiting:
    """The lifting page's rows, from `pending`'s answer."""

    offered: list[Lift] = field(default_factory=list)  # ticked: the student is not warned again
    # apart, not ticked: the proposal and the warning that warns the student again
    warned_again: list[tuple[Lift, Warning]] = field(default_factory=list)
    elsewhere: dict[int, tuple[str, ...]] = field(default_factory=dict)  # lift id -> categories


def students_to_confirm(answer: dict) -> int:
    """The students of `pending`'s answer whose lifting is offered (not warned again): the
    count the lifting page heads its list with and the dashboard shows."""
    return len({student_id for student_id, again, _elsewhere in answer.values() if not again})


def awaiting(answer: dict) -> Awaiting:
    """`pending`'s answer as rows: the liftings with their warnings and students, ordered
    by student number, then by the term of the warning lifted."""
    if not answer:
        return Awaiting()
    lifts = db.session.scalars(
        select(Lift)
        .join(Lift.warning)
        .join(Warning.student)
        .join(Run, Run.id == Warning.run_id)
        .where(Lift.id.in_(answer))
        .order_by(Student.student_no, Run.term_id, Warning.category)
    ).all()
    later = {
        w.id: w
        for w in db.session.scalars(
            select(Warning).where(Warning.id.in_({a[1] for a in answer.values() if a[1]}))
        )
    }
    found = Awaiting()
    for lift in lifts:
        _student_id, again, elsewhere = answer[lift.id]
        if again:
            found.warned_again.append((lift, later[again]))
        else:
            found.offered.append(lift)
            if elsewhere:
                found.elsewhere[lift.id] = tuple(elsewhere)
    return found


# What the student hears when the secretary confirms: their only warning ended, or one of
# several (the others still stand). A student warned again hears nothing (module docstring).
_LIFTED = N_("Your academic warning has been lifted. Well done, keep it up!")
_ONE_LIFTED = N_(
    "One of your academic warnings has been lifted. Well done! Your other warning still "
    "stands, with its offer of help."
)


def confirm_lifts(lifts: list[Lift], user_id: int, rows: Awaiting) -> tuple[int, int]:
    """Record the secretary's confirmation of these liftings (each among `rows`) and tell
    each student whose warning it ends, but not one warned again since: (liftings told,
    liftings only recorded)."""
    now = utcnow()
    again = {lift.id for lift, _warning in rows.warned_again}
    recorded = 0
    for lift in lifts:
        lift.confirmed_at, lift.confirmed_by_id = now, user_id
        lift.warning.lifted_at, lift.warning.lifted_by_id = now, user_id
        if lift.id in again:
            recorded += 1
            continue
        accounts = db.session.scalars(
            select(User.id).where(User.student_id == lift.warning.student_id)
        ).all()
        notify(
            accounts,
            _ONE_LIFTED if lift.id in rows.elsewhere else _LIFTED,
            link="/warnings/",
        )
    audit.record(
        "lift", object_type="Warning", detail=f"count={len(lifts)} warned_again={recorded}"
    )
    return len(lifts) - recorded, recorded
