"""Standing as a state (warning-rules.md §6): the one place that says who stands warned in
which category at which level at an evaluation term, since when, and what became of it at
the ruleset's next evaluation term. Due lists, dashboards, the student's own view, lifting
proposals, the review and the command line all ask here (through portal.core.standing).

Only *published* rosters of the student's college count (a roster over all students
counts for the colleges without a newer one of their own). The walk, per college, over
the ruleset's evaluation terms, oldest first, at each term T:

1. T's roster warns the student in category c: that level, "warned since" carried back
   over the consecutive terms they stood warned in c.
2. They stood warned in c at the previous evaluation term and the ruleset gives c a
   lifting rule: the warning stays at its level until the rule holds at T —
   兰州理工大学生命科学与工程学院《本科生学业警示及帮扶工作实施细则》（2021）三、4: "挂科学
   分、应重修课程学分累计低于 6 学分，解除学业警示"; 辽宁科技大学《学生学业警示及帮扶实施
   办法（试行）》（2019）第三条 1、2: the 降级警示 is given from 20 credits outstanding, the
   退学警示 from 40, so each ends once the student is back under its threshold (under 20,
   under 40; a student leaving the demotion band upwards, 30 and more, is not lifted).
3. Without a rule the warning is lifted at the first evaluation that no longer warns them:
   鞍山师范学院《学生学业预警制度实施办法》第八条 (the list is drawn up anew each term),
   绍兴文理学院元培学院《学业困难学生帮扶办法》（2015）第五条 (认定 at the start of each
   term), 广西大学电气工程学院《本科生学业帮扶实施办法》（2020）(the 教学秘书 lists those
   meeting the conditions each term). A student not evaluated at T (no regular attempt)
   keeps their standing under either rule.
4. Suspended (休学): the standing is kept, paused. Withdrawn, dismissed or graduated: no
   standing. (A status has no date here: it holds at the college's latest roster's term
   and at any term the student was not evaluated in; a student evaluated at an earlier
   term was studying then.)
5. No published roster at T: unchanged, nothing lifted.
6. Ladders: liaoning's 退学警示 stands above its 降级警示 and replaces it (第三条 2: 40
   credits and more is a 退学警示, the 20–30 band a 降级警示).

A lifting is *proposed* at T (state `lifting_proposed`, listed at T with the level that
ends) and ends the warning for every later term; the secretary confirms it (the Lift row
keeps who and when), which changes no computation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from sqlalchemy import func, select, true
from sqlalchemy.sql.elements import True_

from portal.core.collector import collector_paused
from portal.core.memo import condition_key, per_request
from portal.core.models import Student, Term
from portal.extensions import db

from .models import Lift, Proposal, Run, RunEvent, RunMetric, Warning
from .rules import OPERATORS, condition_from_dict
from .rulesets import college_ruleset_code, ruleset_row

LEFT_STATUSES = {
    "dropped": "withdrawn",
    "withdrawn": "withdrawn",
    "dismissed": "withdrawn",
    "graduated": "graduated",
}
PAUSED_STATUSES = ("suspended",)
STANDING = ("warned", "paused")  # what "warned at T" counts

# Lifting rules and ladders of the policies whose rulesets do not (yet) carry them as data:
# a category's own "lifting" and a ruleset's "ladder" in its definition win over these.
POLICY_LIFTING = {
    ("liaoning", "demotion"): {
        "metric": "outstanding_failed_credits",
        "op": "<",
        "threshold": "20",
    },
    ("liaoning", "dropout"): {"metric": "outstanding_failed_credits", "op": "<", "threshold": "40"},
}
POLICY_LADDERS = {"liaoning": ("demotion", "dropout")}  # mildest first
STORED_METRICS = ("outstanding_failed_credits", "gpa_cumulative")


@dataclass(slots=True)
class Held:
    """One student's standing in one category at one evaluation term."""

    student_id: int
    category: str
    level: str
    rank: int
    since_term: int  # term id
    since_on: date  # publication of the roster at since_term
    renewed_on: date  # publication of the latest roster that warned
    state: str  # warned | paused | lifting_proposed
    warning_id: int  # the latest roster warning behind it (a lifting ends this one)
    run_id: int
    reason: str | None = None  # lifting: "rule" | "not_warned"
    # lifting: {"fired": [{metric, op, threshold, value}]} (the rule that held), or
    # {"metrics": {...}} (no longer warned): shown like a warning's "why"
    values: dict | None = None


@dataclass
class CollegeHistory:
    college_id: int
    ruleset: str
    definition: dict
    terms: list  # evaluation terms (id, code, start_year, n), oldest first
    rostered: dict  # term id -> run id
    at: dict  # term id -> {(student id, category): Held}
    gone: dict  # term id -> {student id: "graduated" | "withdrawn" | "suspended"}
    # term id -> the first publication of its roster (a correction re-publishes it later):
    # the day a warning of the term before was judged, its support period over
    first_published: dict = field(default_factory=dict)

    def next_term(self, term_id: int):
        ids = [t.id for t in self.terms]
        if term_id in ids:
            i = ids.index(term_id)
            return self.terms[i + 1] if i + 1 < len(self.terms) else None
        key = _term_key(term_id)
        return next((t for t in self.terms if (t.start_year, t.n) > key), None)

    def standing_at(self, term_id: int) -> dict:
        """The standings at T; at a term that is not one of the ruleset's evaluation terms,
        those of its latest evaluation term before it."""
        if term_id in self.at:
            return self.at[term_id]
        key = _term_key(term_id)
        earlier = [t for t in self.terms if (t.start_year, t.n) <= key]
        if not earlier:
            return {}
        return {
            k: h
            for k, h in self.at[earlier[-1].id].items()  # a proposal ends it
            if h.state != "lifting_proposed"
        }

    def latest_rostered(self):
        return next((t for t in reversed(self.terms) if t.id in self.rostered), None)


@dataclass
class History:
    colleges: dict  # college id -> CollegeHistory
    students: dict  # student id -> (college_id, status, major_id, class_id)
    published_on: dict  # run id -> date
    lifts: dict  # warning id -> (lift id, confirmed_at)
    terms: dict  # term id -> row
    lifted: dict  # warning id -> lifted_at, for the warnings lifted by hand
    # run id -> {student id: (outstanding failed credits, cumulative GPA) as stored text}
    # (STORED_METRICS): what each roster stored of the students
    # ever warned (the walk judges liftings on it; the review's "after" figures read it)
    metrics: dict = field(default_factory=dict)
    proposed: set = field(default_factory=set)  # warning ids added by a proposal, not computed


def _term_key(term_id: int) -> tuple[int, int]:
    term = _all_terms_by_id()[term_id]
    return (term.start_year, term.n)


def _all_terms():
    return per_request(
        "standing_terms",
        None,
        lambda: db.session.execute(
            select(Term.id, Term.code, Term.start_year, Term.n).order_by(Term.start_year, Term.n)
        ).all(),
    )


def _all_terms_by_id():
    return {t.id: t for t in _all_terms()}


def evaluation_terms(definition: dict, terms) -> list:
    """The ruleset's evaluation terms: every regular term, or (liaoning, evaluate_on
    "second_term") second terms only; summer terms never."""
    second_only = definition.get("evaluate_on") == "second_term"
    return [t for t in terms if t.n in (1, 2) and (not second_only or t.n == 2)]


def previous_evaluation_term(term_id: int, definition: dict):
    """The ruleset's evaluation term before `term_id` (a row: id, code, start_year, n); None
    at its first one, or at a term it does not evaluate."""
    terms = evaluation_terms(definition, _all_terms())
    ids = [t.id for t in terms]
    if term_id not in ids or ids.index(term_id) == 0:
        return None
    return terms[ids.index(term_id) - 1]


def held_before(term_id: int, definition: dict, student_condition) -> dict[tuple, Held]:
    """(student, category) -> the standing (warned or paused) of each matching student at the
    ruleset's evaluation term before `term_id` (published rosters, carried warnings
    included: warning-rules.md §6); empty for the first evaluation term."""
    before = previous_evaluation_term(term_id, definition)
    if before is None:
        return {}
    return {
        (held.student_id, held.category): held
        for held, _college in standings_at(before.id, student_condition)
        if held.state in STANDING
    }


def ranks_before(term_id: int, definition: dict, student_condition) -> dict[tuple, int]:
    """(student, category) -> the level rank of held_before's standing."""
    return {
        key: held.rank for key, held in held_before(term_id, definition, student_condition).items()
    }


def lifting_rules(code: str, definition: dict) -> dict[str, dict]:
    """category code -> its lifting condition (as a dict), for the categories that have one.
    A ruleset-wide "lifting" (lanzhou's) applies to each of its categories."""
    found = {}
    for category in definition.get("categories", []):
        rule = (
            category.get("lifting")
            or POLICY_LIFTING.get((code, category["code"]))
            or definition.get("lifting")
        )
        if rule:
            found[category["code"]] = rule
    return found


def ladder_of(code: str, definition: dict) -> tuple[str, ...]:
    """Categories forming a ladder of severity, mildest first (liaoning: 降级 < 退学)."""
    return tuple(definition.get("ladder") or POLICY_LADDERS.get(code, ()))


def _holds(rule: dict, values: dict) -> bool:
    value = values.get(rule["metric"])
    if value is None:
        return False  # not stored for this run: cannot be judged, so not lifted
    condition = condition_from_dict(rule)
    return OPERATORS[condition.op](Fraction(value), condition.threshold)


# -- building the history -------------------------------------------------------------------


def history(student_condition) -> History:
    """The standings of the students matching the condition at every evaluation term, built
    once a request. (The review's answers built from it are kept across requests, see
    cohort._cached; a student's or a class's history is quick to build, and keeping those
    would push the school's answers out of that cache.)"""

    def built():
        with collector_paused():
            return build(student_condition)

    return per_request("standing_history", condition_key(student_condition), built)


def build(student_condition) -> History:
    terms = _all_terms()
    runs = db.session.execute(
        select(Run.id, Run.term_id, Run.college_id, Run.ruleset_code, Run.ruleset_snapshot).where(
            Run.status == "published"
        )
    ).all()
    run_ids = [r.id for r in runs]
    published_on = _published_on(run_ids)
    # The students ever warned are read off their warnings, and the students and metrics
    # filtered by them here: an IN (subquery) per metric row costs SQLite 4 times the read.
    # Each row unpacked once into plain tuples (a school's history is 46,000 warnings and
    # 60,000 metric rows): run id -> student id -> category -> (warning id, level, rank).
    by_run: dict[int, dict[int, dict[str, tuple]]] = {}
    lifted: dict[int, object] = {}
    proposed: set[int] = set()
    for warning_id, student_id, run_id, category, level, rank, lifted_at, source in read_rows(
        _of_students(
            select(
                Warning.id,
                Warning.student_id,
                Warning.run_id,
                Warning.category,
                Warning.level,
                Warning.level_rank,
                Warning.lifted_at,
                Warning.source,
            ).where(Warning.run_id.in_(run_ids), Warning.removed_at.is_(None)),
            Warning.student_id,
            student_condition,
        )
    ):
        of_run = by_run.get(run_id)
        if of_run is None:
            of_run = by_run[run_id] = {}
        given = of_run.get(student_id)
        if given is None:
            given = of_run[student_id] = {}
        given[category] = (warning_id, level, rank)
        if lifted_at is not None:
            lifted[warning_id] = lifted_at
        if source != "rules":
            proposed.add(warning_id)
    warned = {student_id for per_student in by_run.values() for student_id in per_student}
    students = {
        student_id: (college_id, status, major_id, class_id)
        for student_id, college_id, status, major_id, class_id in read_rows(
            select(
                Student.id, Student.college_id, Student.status, Student.major_id, Student.class_id
            ).where(student_condition)
        )
        if student_id in warned
    }
    metrics: dict[int, dict[int, tuple]] = {}
    of_run, last_run = {}, None
    for run_id, student_id, failed, gpa in read_rows(
        _of_students(
            select(
                RunMetric.run_id,
                RunMetric.student_id,
                RunMetric.outstanding_failed_credits,
                RunMetric.gpa_cumulative,
            ).where(RunMetric.run_id.in_(run_ids)),
            RunMetric.student_id,
            student_condition,
        )
    ):
        if student_id in warned:  # in the order of STORED_METRICS
            if run_id != last_run:  # rows come a run at a time
                of_run, last_run = metrics.setdefault(run_id, {}), run_id
            of_run[student_id] = (failed, gpa)
    lifts = {
        warning_id: (lift_id, confirmed_at)
        for lift_id, warning_id, confirmed_at in db.session.execute(
            select(Lift.id, Lift.warning_id, Lift.confirmed_at)
            .join(Warning, Warning.id == Lift.warning_id)
            .where(Warning.run_id.in_(run_ids))
        )
    }
    added = _accepted_on(proposed, run_ids, student_condition)
    per_college: dict[int, list[int]] = {}
    for student_id, (college_id, *_rest) in students.items():
        per_college.setdefault(college_id, []).append(student_id)
    colleges = {
        college_id: _walk(
            college_id, ids, students, terms, runs, by_run, metrics, published_on, added
        )
        for college_id, ids in per_college.items()
    }
    return History(
        colleges, students, published_on, lifts, {t.id: t for t in terms}, lifted, metrics, proposed
    )


def _accepted_on(proposed: set, run_ids, student_condition) -> dict[int, date]:
    """warning id -> the day the proposal that added it was accepted, for the warnings
    proposals added (none: no query)."""
    if not proposed:
        return {}
    rows = read_rows(
        _of_students(
            select(Warning.id, Proposal.decided_at)
            .join(Proposal, Proposal.id == Warning.added_by_proposal_id)
            .where(Warning.run_id.in_(run_ids), Warning.removed_at.is_(None)),
            Warning.student_id,
            student_condition,
        )
    )
    return {warning_id: at.date() for warning_id, at in rows if at is not None}


def _of_students(statement, student_id, student_condition):
    """The statement's rows of the students matching; every row for the whole school (a
    join per row for nothing)."""
    if isinstance(student_condition, True_):
        return statement
    return statement.join(Student, Student.id == student_id).where(student_condition)


def read_rows(statement):
    """Rows of plain columns, without the ORM's per-row loading (tens of thousands here)."""
    db.session.flush()
    return db.session.connection().execute(statement).all()  # one fetch, not one a row


def _published_on(run_ids) -> dict[int, date]:
    if not run_ids:
        return {}
    approved = dict(
        db.session.execute(
            select(RunEvent.run_id, func.max(RunEvent.at))
            .where(RunEvent.run_id.in_(run_ids), RunEvent.action == "approve")
            .group_by(RunEvent.run_id)
        ).all()
    )
    created = dict(
        db.session.execute(select(Run.id, Run.created_at).where(Run.id.in_(run_ids))).all()
    )
    return {run_id: (approved.get(run_id) or created[run_id]).date() for run_id in run_ids}


def college_rosters(college_id: int, runs) -> dict[int, int]:
    """term id -> the college's published roster: its own latest run, or the latest run over
    all students when that is newer."""
    own: dict[int, int] = {}
    overall: dict[int, int] = {}
    for run in runs:
        if run.college_id == college_id:
            own[run.term_id] = max(own.get(run.term_id, 0), run.id)
        elif run.college_id is None:
            overall[run.term_id] = max(overall.get(run.term_id, 0), run.id)
    return {
        term_id: max(own.get(term_id, 0), overall.get(term_id, 0))
        for term_id in own.keys() | overall.keys()
    }


def _ruleset_of(college_id: int, rosters: dict, runs, terms) -> tuple[str, dict]:
    """The ruleset of the college's latest roster, else the college's assigned one."""
    order = {t.id: i for i, t in enumerate(terms)}
    by_id = {r.id: r for r in runs}
    if rosters:
        latest = by_id[max(rosters.items(), key=lambda kv: (order[kv[0]], kv[1]))[1]]
        return latest.ruleset_code, latest.ruleset_snapshot
    code = college_ruleset_code(college_id)
    return code, ruleset_row(code).definition


def _walk(college_id, student_ids, students, terms, runs, by_run, metrics, published_on, added):
    rosters = college_rosters(college_id, runs)
    code, definition = _ruleset_of(college_id, rosters, runs, terms)
    evaluation = evaluation_terms(definition, terms)
    rules = lifting_rules(code, definition)
    ladder = ladder_of(code, definition)
    rostered = {t.id: rosters[t.id] for t in evaluation if t.id in rosters}
    corrected = _corrected_rosters(college_id, runs, rostered, by_run, published_on)
    state: dict[tuple[int, str], Held] = {}
    at, gone = {}, {}
    latest = max(
        (t.id for t in evaluation if t.id in rostered), key=order_of(evaluation), default=None
    )
    for term in evaluation:
        run_id = rostered.get(term.id)
        ended = {k: h for k, h in state.items() if h.state != "lifting_proposed"}
        if run_id is None:  # rule 5: no roster, nothing changes (a proposal still ends)
            state = ended
        else:
            state, gone[term.id] = _step(
                term,
                run_id,
                ended,
                student_ids,
                students,
                by_run.get(run_id, {}),
                metrics.get(run_id, {}),
                published_on[run_id],
                rules,
                ladder,
                status_now=term.id == latest,
                corrected=corrected.get(term.id, ()),
                added=added,
            )
        at[term.id] = state
    first_published = {
        term_id: min([published_on[run_id]] + [on for _w, on in corrected.get(term_id, ())])
        for term_id, run_id in rostered.items()
    }
    return CollegeHistory(
        college_id, code, definition, evaluation, rostered, at, gone, first_published
    )


def _corrected_rosters(college_id, runs, rostered, by_run, published_on) -> dict:
    """term id -> the term's earlier published rosters of the college, newest first, as
    (their warnings, published on): the rosters a correction re-published over."""
    found: dict[int, list[int]] = {}
    for run in runs:
        chosen = rostered.get(run.term_id)
        if chosen and run.id < chosen and run.college_id in (college_id, None):
            found.setdefault(run.term_id, []).append(run.id)
    return {
        term_id: [(by_run.get(r, {}), published_on[r]) for r in sorted(ids, reverse=True)]
        for term_id, ids in found.items()
    }


def _first_published(
    student_id: int, category: str, warning_id: int, published: date, corrected, added: dict
) -> date:
    """A roster re-published at T to correct it does not restart the follow-up of a warning
    T's earlier roster gave (the talks already owed, done or missed): the warning dates from
    the earliest of T's rosters that gave it without a break up to this one."""
    first = _told_on(warning_id, published, added)
    for warned, on in corrected:
        given = warned.get(student_id, {}).get(category)
        if given is None:
            break
        first = _told_on(given[0], on, added)
    return first


def _told_on(warning_id: int, published: date, added: dict) -> date:
    """When the student was warned by this roster: its publication, or for a student an
    accepted proposal added to it once published, the day of that acceptance (their notice
    came then: no talk or study plan was owed before, proposals.py)."""
    accepted = added.get(warning_id)
    return accepted if accepted is not None and accepted > published else published


def order_of(terms):
    positions = {t.id: i for i, t in enumerate(terms)}
    return positions.get


def _step(
    term,
    run_id,
    before,
    student_ids,
    students,
    warned,
    evaluated,
    published,
    rules,
    ladder,
    status_now=False,
    corrected=(),
    added=None,
):
    """One evaluation term with a roster. A student's status (which has no date) holds at
    the college's latest roster's term, and at any term they were not evaluated in; a
    student evaluated at an earlier term was studying then."""
    now: dict[tuple[int, str], Held] = {}
    gone: dict[int, str] = {}
    prior: dict[int, dict[str, Held]] = {}
    for (student_id, category), held in before.items():
        mine = prior.get(student_id)
        if mine is None:
            mine = prior[student_id] = {}
        mine[category] = held
    empty: dict = {}
    pairs = list(zip(ladder, ladder[1:], strict=False))
    term_id = term.id
    added = added or {}
    for student_id in student_ids:
        had = prior.get(student_id, empty)
        given = warned.get(student_id, empty)
        if not had and not given:
            continue
        values = evaluated.get(student_id)
        status = students[student_id][1] if values is None or status_now else "enrolled"
        if status in LEFT_STATUSES:  # rule 4: left, no standing
            gone[student_id] = LEFT_STATUSES[status]
            continue
        if status in PAUSED_STATUSES:  # rule 4: paused
            gone[student_id] = "suspended"
            for category, held in had.items():
                now[(student_id, category)] = _changed(held, "paused")
            continue
        if not had and not pairs:  # most of a term: newly warned, nothing carried (rule 1)
            for category, (warning_id, level, rank) in given.items():
                first = (
                    _first_published(student_id, category, warning_id, published, corrected, added)
                    if corrected or warning_id in added
                    else published
                )
                now[(student_id, category)] = Held(
                    student_id,
                    category,
                    level,
                    rank,
                    term_id,
                    first,
                    first,
                    "warned",
                    warning_id,
                    run_id,
                )
            continue
        mine: dict[str, Held] = {}
        for category, (warning_id, level, rank) in given.items():  # rule 1
            earlier = had.get(category)
            first = _first_published(student_id, category, warning_id, published, corrected, added)
            mine[category] = Held(
                student_id,
                category,
                level,
                rank,
                earlier.since_term if earlier else term_id,
                earlier.since_on if earlier else first,
                first,
                "warned",
                warning_id,
                run_id,
            )
        for category, held in had.items():
            if category not in mine:
                mine[category] = _carried(held, values, rules.get(category), published)
        for lower, upper in pairs:  # rule 6
            if upper in mine and mine[upper].state in STANDING and lower in mine:
                del mine[lower]
        for category, held in mine.items():
            now[(student_id, category)] = held
    return now, gone


def _changed(held: Held, state: str, renewed_on=None, reason=None, values=None) -> Held:
    """A copy in another state (as dataclasses.replace, a tenth of its cost): the renewal,
    reason and values given, or the held's."""
    return Held(
        held.student_id,
        held.category,
        held.level,
        held.rank,
        held.since_term,
        held.since_on,
        held.renewed_on if renewed_on is None else renewed_on,
        state,
        held.warning_id,
        held.run_id,
        held.reason if reason is None else reason,
        held.values if values is None else values,
    )


def _carried(held: Held, stored: tuple | None, rule: dict | None, published: date) -> Held:
    """A standing the term's roster does not renew (rules 2 and 3); `stored`: what the
    roster stored of the student (outstanding failed credits, GPA), None if not evaluated."""
    if stored is None:  # not evaluated: kept by rules 2 and 3 alike
        return _changed(held, "warned")
    values = dict(zip(STORED_METRICS, stored, strict=True))
    if rule is not None:  # rule 2
        if _holds(rule, values):
            return _changed(
                held,
                "lifting_proposed",
                reason="rule",
                values={"fired": [dict(rule, value=values.get(rule["metric"]))]},
            )
        return _changed(held, "warned", renewed_on=published)
    # rule 3
    return _changed(held, "lifting_proposed", reason="not_warned", values={"metrics": values})


def unrenewed(held: Held, stored: tuple | None, rule: dict | None) -> str:
    """What a roster that does not warn the student in the held's category makes of the
    standing (rules 2 and 3): "lifting_proposed", or "warned" (kept: the lifting rule does
    not hold yet, or the student was not evaluated). `stored`: (outstanding failed credits,
    cumulative GPA) as the roster stored them, None if not evaluated."""
    return _carried(held, stored, rule, held.renewed_on).state


# -- answers --------------------------------------------------------------------------------


def standings_at(term_id: int, student_condition) -> list[tuple[Held, CollegeHistory]]:
    """Every standing at T (lifting proposed included) of the students matching."""
    found = []
    for college in history(student_condition).colleges.values():
        for held in college.standing_at(term_id).values():
            found.append((held, college))
    return found


def standing_rows(term_id: int) -> list[list[str]]:
    """The `warnings standing` file's rows (warning-rules.md §6): every student standing
    warned at T, one row per category — 学号, 规则集, 类别代码, 等级代码, 自, 状态."""
    data = build(true())
    numbers = dict(
        db.session.execute(
            select(Student.id, Student.student_no).where(Student.id.in_(data.students))
        ).all()
    )
    rows = [
        [
            numbers[held.student_id],
            college.ruleset,
            held.category,
            held.level,
            data.terms[held.since_term].code,
            held.state,
        ]
        for held, college in (
            (h, c) for c in data.colleges.values() for h in c.standing_at(term_id).values()
        )
    ]
    return sorted(rows, key=lambda row: (row[0], row[2]))


def current(student_condition) -> list[tuple[Held, CollegeHistory]]:
    """Each college's standings at its latest published roster's term."""
    found = []
    for college in history(student_condition).colleges.values():
        latest = college.latest_rostered()
        if latest is not None:
            found.extend((held, college) for held in college.at[latest.id].values())
    return found
