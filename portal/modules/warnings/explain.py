"""Why a student is warned: level names and colours, the fired conditions in words, and the
grade records behind them, term by term."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from flask import redirect, url_for
from flask_login import current_user
from sqlalchemy import Row, and_, select, true
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm.util import identity_key

from portal.core.i18n import _, _l, pick
from portal.core.models import GradeRecord, Student, Term
from portal.extensions import db

from . import roster, standing
from .codes import ProposalReason
from .models import DroppedWarning, Notice, Proposal, Run, RunMetric, Warning
from .parent_words import for_parents
from .rules import METRIC_LABELS, display_number, parse_threshold
from .rules import OPERATORS as COMPARE
from .rulesets import all_rulesets

OPERATORS = {">=": "≥", ">": ">", "<": "<", "<=": "≤", "==": "="}
COLOURS = ("yellow", "orange", "red")


def show_number(text: str | None) -> str:
    """Exact values are kept as fractions; shown as people write them, rounded to 2
    decimals (5, 4.5, 2.4: not 5.00 or 2.40)."""
    return "—" if text is None else display_number(Fraction(text))


def metric_label(name: str) -> str:
    return pick(METRIC_LABELS.get(name, {"zh": name, "en": name}))


def _plain(zh: str, unit: str, en: str, *, percent: bool = False) -> dict:
    """What is counted, in Chinese with its unit, and in English (whose label names the unit,
    but for a percentage)."""
    return {"zh": (zh, unit), "en": (en, "%" if percent else ""), "percent": percent}


# Each metric in words a student and a parent understand (issue 17 missing 4): what is
# counted, then its unit; a ratio is shown as a percentage.
PLAIN: dict[str, dict] = {
    "term_credits": _plain("本学期修读", " 学分", "Credits taken this term"),
    "term_failed_credits": _plain("本学期不及格", " 学分", "Credits failed this term"),
    "term_failed_ratio": _plain(
        "本学期不及格学分占", "%", "Share of this term's credits failed", percent=True
    ),
    "term_failed_courses": _plain(
        "本学期补考后仍不及格", " 门", "Courses still failed this term after the make-up exam"
    ),
    "term_regular_failed_courses": _plain(
        "本学期正考不及格", " 门", "Courses failed at this term's regular exams"
    ),
    "outstanding_failed_credits": _plain(
        "累计仍未通过", " 学分", "Credits still not passed overall"
    ),
    "gpa_term": _plain("本学期平均学分绩点为", "", "Grade point average this term"),
    "gpa_cumulative": _plain("累计平均学分绩点为", "", "Overall grade point average"),
    "degree_gpa_year": _plain(
        "本学年学位课平均学分绩点为", "", "Degree-course grade point average this year"
    ),
    "absent_exams": _plain("本学期旷考、缺考", " 次", "Exams missed this term"),
    "gpa_drop": _plain(
        "平均学分绩点比上学期下降", "", "Drop in grade point average since last term"
    ),
    "absence_hours": _plain("本学期旷课", " 学时", "Hours of class missed without leave this term"),
}

# Yes/no metrics (warning-rules.md §2: 1 when flagged, else 0) said as what they mean.
FLAGS = {
    "extended_study": {
        "zh": "已延长学习年限",
        "en": "Study period extended beyond the standard length",
    },
}


def _plain_number(text, percent: bool) -> str:
    """The exact stored value, rounded for display only (warning-rules.md §2): 2 decimals,
    trailing zeros dropped; a ratio as a percentage to 1 decimal (12/25 -> "48")."""
    value = Fraction(text)
    if not percent:
        return display_number(value)
    tenths = (abs(value) * 1000 + Fraction(1, 2)).__floor__()
    whole, part = divmod(tenths, 10)
    return ("-" if value < 0 else "") + (f"{whole}.{part}" if part else str(whole))


def metric_value(name: str, text: str | None) -> str:
    """A student's figure as their warning's page lists it: a yes/no (延长学习年限) as yes or
    no, a ratio as the percentage the roster's reasons say, any other as a number."""
    if text is None:
        return "—"
    if name in FLAGS:
        return _("yes") if Fraction(text) else _("no")
    percent = PLAIN.get(name, {}).get("percent", False)
    return _plain_number(text, percent) + ("%" if percent else "")


def condition_words(metric: str, op: str, threshold) -> str:
    """A ruleset's condition as its page shows it: a yes/no by what it means ("已延长学习
    年限", not "延长学习年限 ≥ 1"); a ratio as a percentage, as the roster says it ("≥ 25%",
    not "≥ 0.25"); else the metric, the operator and the threshold."""
    try:
        value = parse_threshold(threshold)
    except ValueError:
        value = None
    compare = COMPARE.get(op)
    if metric in FLAGS and value is not None and compare:
        if compare(1, value) and not compare(0, value):
            return str(pick(FLAGS[metric]))
    shown = str(threshold)
    if value is not None and PLAIN.get(metric, {}).get("percent"):
        shown = _plain_number(value, True) + "%"
    return f"{metric_label(metric)} {OPERATORS.get(op, op)} {shown}"


def describe(fired: dict) -> str:
    """One fired condition in plain words with the figures: "本学期不及格学分占 48%（标准
    25%）" / "Share of this term's credits failed: 48% (threshold 25%)"."""
    if fired["metric"] in FLAGS:  # a yes/no of the student's record: no figures to show
        return str(pick(FLAGS[fired["metric"]]))
    words = PLAIN.get(fired["metric"])
    if words is None:
        return (
            f"{metric_label(fired['metric'])} {show_number(fired['value'])} "
            f"{OPERATORS.get(fired['op'], fired['op'])} {show_number(fired['threshold'])}"
        )
    percent = words.get("percent", False)
    value = "—" if fired["value"] is None else _plain_number(fired["value"], percent)
    threshold = _plain_number(fired["threshold"], percent)
    label, unit = pick(words)
    if pick({"zh": "zh", "en": "en"}) == "en":
        return f"{label}: {value}{unit} (threshold {threshold}{unit})"
    return f"{label} {value}{unit}（标准 {threshold}{unit}）"


def reasons(warning: Warning) -> str:
    """Why the student is warned, in one line: the conditions that fired, or for a student
    an accepted proposal added, that the college added them after review and the reason
    proposed (roster, notice, export, archive)."""
    if not warning.fired and warning.source == "proposal":
        reason = added_reason(warning)  # none for one added before proposals were named
        if reason is None:
            return _("Added by the college after review")
        return _("Added by the college after review: %(reason)s", reason=reason)
    return pick({"zh": "；", "en": "; "}).join(describe(f) for f in warning.fired)


def added_by(warning: Warning) -> Proposal | None:
    """The accepted proposal that added the warning, if one did."""
    if warning.added_by_proposal_id is None:
        return None
    return db.session.get(Proposal, warning.added_by_proposal_id)


def added_reason(warning: Warning) -> str | None:
    """The reason of the proposal that added the warning, in words (attendance, attitude…):
    what the student and their parents are told. The proposal's explanation is for staff
    (the proposal form says so)."""
    proposal = added_by(warning)
    return ProposalReason.label_of(proposal.reason) if proposal else None


@dataclass
class LevelInfo:
    category: str
    level: str
    rank: int
    levels_in_category: int
    names: dict
    category_names: dict
    consequences: dict = field(default_factory=dict)

    @property
    def css(self) -> str:
        if self.level in COLOURS:
            return self.level
        span = max(1, self.levels_in_category - 1)
        return f"sev{1 + round((self.rank - 1) * 2 / span)}"

    @property
    def label(self) -> str:
        return pick(self.names)

    def consequences_for(self, audience: str) -> dict:
        """What the level can lead to, as the notice's part for `audience` prints it: the
        parent copy says to the parents what the college does about them."""
        return for_parents(self.consequences) if audience == "parent" else self.consequences

    @property
    def category_label(self) -> str:
        return pick(self.category_names)


def catalogue_of(definition: dict) -> dict[tuple[str, str], LevelInfo]:
    found = {}
    for category in definition.get("categories", []):
        levels = category.get("levels", [])
        for rank, level in enumerate(levels, start=1):
            found[(category["code"], level["code"])] = LevelInfo(
                category["code"],
                level["code"],
                rank,
                len(levels),
                level.get("names", {}),
                category.get("names", {}),
                level.get("consequences", {}),
            )
    return found


def level_catalogue(runs: list[Run] | None = None) -> dict[tuple[str, str], LevelInfo]:
    """Names of every (category, level) the given runs (default: all rulesets) can produce."""
    catalogue: dict = {}
    definitions = (
        [r.ruleset_snapshot for r in runs] if runs else [r.definition for r in all_rulesets()]
    )
    for definition in definitions:
        catalogue.update(catalogue_of(definition))
    return catalogue


def levels_by_run(run_ids) -> dict[int, dict[tuple[str, str], LevelInfo]]:
    """run id -> (category, level) -> names, each run's from its own ruleset: a student's
    level reads as their college's ruleset names it (walk finding 8), not as another college's
    ruleset on the same page does, nor as a bare code when the term's rosters do not name it."""
    return {run.id: catalogue_of(run.ruleset_snapshot) for run in _runs(set(run_ids))}


def level_names(run_ids) -> dict[tuple[str, str], tuple[str, str, bool]]:
    """(category, level) -> (name in the reader's language, badge class, whether the top
    level of its category) for these runs: picked once, not once a row."""
    if not run_ids:
        return {}
    catalogue = level_catalogue(_runs(run_ids))
    return {
        key: (info.label, info.css, info.rank == info.levels_in_category)
        for key, info in catalogue.items()
    }


def _runs(run_ids) -> list[Run]:
    """The runs, from those this request has loaded already, the rest in one query (a page
    names levels in several widgets)."""
    known = {i: db.session.identity_map.get(identity_key(Run, i)) for i in run_ids}
    missing = [i for i, run in known.items() if run is None]
    if missing:
        known.update({r.id: r for r in db.session.scalars(select(Run).where(Run.id.in_(missing)))})
    return list(known.values())


def ordered_counts(counts: dict, catalogue: dict) -> list[tuple[tuple[str, str], int]]:
    """Per-level counts, most severe first within each category (红 before 橙 before 黄)."""

    def severity(item):
        info = catalogue.get(item[0])
        return (item[0][0], -(info.rank if info else 0))

    return sorted(counts.items(), key=severity)


def own_tab_redirect():
    return redirect(url_for("warnings.student_tab", student_id=current_user.student_id))


@dataclass
class TermStory:
    term: Term
    warnings: list[Warning]
    attempts: list[GradeRecord]
    catalogue: dict
    notices: list = field(default_factory=list)
    added: dict = field(default_factory=dict)  # warning id -> the proposal that added it


def history(student) -> list[TermStory]:
    """Each term with a run that warned the student: the warning and the attempts behind it."""
    stories = []
    for term in roster.terms_with_runs():
        warned = list(
            db.session.scalars(
                select(Warning)
                .join(Warning.student)
                .where(Warning.student_id == student.id, roster.current_condition(term.id))
            )
        )
        if not warned:
            continue
        runs = [db.session.get(Run, w.run_id) for w in warned]
        notices = db.session.scalars(
            select(Notice).where(
                Notice.student_id == student.id, Notice.run_id.in_({w.run_id for w in warned})
            )
        ).all()
        stories.append(
            TermStory(
                term,
                warned,
                _attempts_behind(student.id, term),
                level_catalogue(runs),
                list(notices),
                {w.id: p for w in warned if (p := added_by(w)) is not None},
            )
        )
    return stories


def cleared_terms(student, history: list[TermStory]) -> list[Term]:
    """The terms whose newer roster no longer lists the student and withdrew their notice
    (publication.drop: corrected grades, a make-up exam passed), newest first; not a term
    whose current roster warns them again (`history` tells that one)."""
    told = {story.term.id for story in history}
    terms = db.session.scalars(
        select(Term)
        .where(
            Term.id.in_(
                select(Run.term_id)
                .join(Notice, Notice.run_id == Run.id)
                .where(Notice.student_id == student.id, Notice.state == "dropped")
            )
        )
        .order_by(Term.start_year.desc(), Term.n.desc())
    )
    return [term for term in terms if term.id not in told]


def _attempts_behind(student_id: int, term: Term) -> list[GradeRecord]:
    """This term's failed attempts, make-ups and retakes, and earlier courses still failed."""
    rows = db.session.execute(
        select(GradeRecord, Term.code, Term.start_year, Term.n)
        .join(Term)
        .where(GradeRecord.student_id == student_id)
        .order_by(Term.start_year, Term.n, GradeRecord.course_code)
    ).all()
    upto = [(r, code) for r, code, y, n in rows if (y, n) <= term.key]
    passed = {r.course_code for r, _code in upto if r.passed and not r.ignored}
    shown = []
    for record, code in upto:
        record.term_code = code
        in_term = code == term.code
        if (in_term and (not record.passed or record.kind != "regular")) or (
            not in_term and record.course_code not in passed
        ):
            shown.append(record)
    return shown


# The rows of each of a run page's lists, unless the reader asks for every one: a term's
# first run of a whole school no longer warns thousands (a 1.3 MB page, bench/warnings_bench).
LISTED = 200


def run_changes(run: Run, listed: int | None = LISTED) -> dict:
    """What a run changed, for its page: counts per change (a student warned last term in
    the same category is continuing, escalated or eased, not new: compute._change), the
    warnings it changed, those it no longer gives (`no_longer_warned`, and what it compares
    with, counted per fate) apart from those still warned without it (carried), the first
    `listed` of each list (None: all); totals per level and per reason, most severe first."""
    counts = dict.fromkeys(roster.CHANGES, 0)
    live = (Warning.run_id == run.id, Warning.removed_at.is_(None))  # not taken off by a proposal
    for (change,) in db.session.execute(select(Warning.change).where(*live)):
        counts[change] += 1
    changed = db.session.scalars(
        select(Warning)
        .join(Warning.student)
        .where(*live, Warning.change != "same")
        .options(contains_eager(Warning.student))  # each row names its student: no query each
        .order_by(Warning.change, Student.student_no)
        .limit(listed)
    ).all()
    catalogue = catalogue_of(run.ruleset_snapshot)
    compared, unrenewed = no_longer_warned(run, catalogue)
    # Only who leaves the roster is "no longer warned"; a standing the run does not renew but
    # carries (§6 rules 2 and 3: the lifting rule does not hold, or not evaluated) is counted
    # and listed apart: still warned.
    dropped = [d for d in unrenewed if d.fate not in KEPT]
    carried = [d for d in unrenewed if d.fate in KEPT]
    return {
        "counts": counts,
        "compared": compared,
        "dropped": dropped[:listed],
        "dropped_count": len(dropped),
        "carried": carried[:listed],
        "carried_count": len(carried),
        "dropped_fates": Counter(d.fate for d in dropped if d.fate),
        "carried_fates": Counter(d.fate for d in carried),
        "changed": changed,
        "changed_count": sum(counts.values()) - counts["same"],
        "catalogue": catalogue,
        **run_totals(run, catalogue),
    }


@dataclass
class Compared:
    """What a run's page compares the run with: the term's previous run, or (a term's first
    run) the standing at last evaluation term — `last_term` None at the ruleset's first."""

    previous_run: Run | None = None
    last_term: object | None = None  # a term row (id, code, start_year, n)


@dataclass
class NoLongerWarned:
    """A warning the compared roster or standing gave that the run no longer gives; `fate`,
    against last term, what publishing the run makes of the standing (FATES). `student`:
    the student, or (against last term) a row of their number and name."""

    student: Student | Row
    category: str
    level: str
    info: LevelInfo | None
    fate: str | None = None


def no_longer_warned(run: Run, catalogue: dict) -> tuple[Compared, list[NoLongerWarned]]:
    """Who the run no longer warns, and against what.

    A later run of a term: against the term's previous run (compute._record_dropped's
    DroppedWarning rows) — what a correction dropped, as `change` compares with it.
    A term's first run: against last evaluation term, as new, continuing, escalated and
    eased do (compute._since_last_term): each student standing warned there (published
    rosters, carried warnings included, warning-rules.md §6) in a category the run does not
    warn them in — not one the run warns in a category above it on the ruleset's ladder,
    which replaces it (§6 rule 6)."""
    if run.previous_run_id is not None:
        previous = db.session.get(Run, run.previous_run_id)
        names = {**catalogue, **catalogue_of(previous.ruleset_snapshot)}
        rows = db.session.scalars(
            select(DroppedWarning)
            .join(DroppedWarning.student)
            .where(DroppedWarning.run_id == run.id)
            .options(contains_eager(DroppedWarning.student))
            .order_by(Student.student_no)
        ).all()
        return Compared(previous_run=previous), [
            NoLongerWarned(d.student, d.category, d.level, names.get((d.category, d.level)))
            for d in rows
        ]
    definition = run.ruleset_snapshot
    last = standing.previous_evaluation_term(run.term_id, definition)
    if last is None:
        return Compared(), []
    everyone = Student.college_id == run.college_id if run.college_id else true()
    held = standing.held_before(run.term_id, definition, everyone)
    given = set(
        db.session.execute(
            select(Warning.student_id, Warning.category).where(
                Warning.run_id == run.id, Warning.removed_at.is_(None)
            )
        ).all()
    )
    ladder = standing.ladder_of(run.ruleset_code, definition)
    gone = [h for key, h in held.items() if key not in given and not _replaced(h, given, ladder)]
    return Compared(last_term=last), _with_fates(run, gone)


def _replaced(held, given: set, ladder: tuple) -> bool:
    """The run warns the student in a category above the held one on the ladder."""
    if held.category not in ladder:
        return False
    above = ladder[ladder.index(held.category) + 1 :]
    return any((held.student_id, category) in given for category in above)


# What publishing a term's first run makes of a standing of last term it does not renew
# (standing.unrenewed, §6 rules 2 to 4).
FATES = {
    "lifting": _l("its lifting is proposed once this roster is published"),
    "carried": _l("the lifting rule does not hold yet"),
    "not_evaluated": _l("not evaluated this term"),
    "left": _l("has left (graduated or withdrawn)"),
}
# The fates that keep the student warned: the run's page counts them as still warned, not
# as no longer warned.
KEPT = ("carried", "not_evaluated")


def fate_labels(run: Run) -> dict:
    """FATES as the run's page says them, in the reader's language (each translated once,
    not once a row of thousands): once the run is published, its liftings are proposed (the
    lifting page lists them)."""
    labels = FATES if run.status != "published" else {**FATES, "lifting": _l("lifting proposed")}
    return {fate: str(label) for fate, label in labels.items()}


def _with_fates(run: Run, gone: list) -> list[NoLongerWarned]:
    if not gone:
        return []
    students = _listed(run, {h.student_id for h in gone})
    rules = standing.lifting_rules(run.ruleset_code, run.ruleset_snapshot)
    names = level_catalogue(_runs({h.run_id for h in gone}))
    found = []
    for held in gone:
        student = students[held.student_id]
        stored = (student.outstanding_failed_credits, student.gpa_cumulative)
        if student.evaluated is None:
            fate = "left" if student.status in standing.LEFT_STATUSES else "not_evaluated"
        elif standing.unrenewed(held, stored, rules.get(held.category)) == "lifting_proposed":
            fate = "lifting"
        else:
            fate = "carried"
        info = names.get((held.category, held.level))
        found.append(NoLongerWarned(student, held.category, held.level, info, fate))
    return sorted(found, key=lambda row: (row.student.student_no, row.category))


def _listed(run: Run, student_ids: set) -> dict[int, Row]:
    """student id -> the student's number, name and status, and what the run stored of them
    (`evaluated` None when it did not evaluate them): plain rows in one query, as a
    school's first run lists thousands."""
    rows = db.session.execute(
        select(
            Student.id,
            Student.student_no,
            Student.name,
            Student.status,
            RunMetric.student_id.label("evaluated"),
            RunMetric.outstanding_failed_credits,
            RunMetric.gpa_cumulative,
        )
        .outerjoin(RunMetric, and_(RunMetric.run_id == run.id, RunMetric.student_id == Student.id))
        .where(Student.id.in_(student_ids))
    )
    return {row.id: row for row in rows}


def run_totals(run: Run, catalogue: dict) -> dict:
    """Warnings per level and per reason (the metric of a fired condition), most severe
    first: by level rank, then by count."""
    per_level: dict = {}
    per_reason: dict = {}
    for category, level, rank, fired in db.session.execute(
        select(Warning.category, Warning.level, Warning.level_rank, Warning.fired).where(
            Warning.run_id == run.id, Warning.removed_at.is_(None)
        )
    ):
        per_level[(category, level)] = per_level.get((category, level), 0) + 1
        for metric in {f["metric"] for f in fired or []}:
            n, worst = per_reason.get(metric, (0, 0))
            per_reason[metric] = (n + 1, max(worst, rank))

    def level_order(item):
        info = catalogue.get(item[0])
        return (-(info.rank if info else 0), -item[1], item[0])

    levels = sorted(per_level.items(), key=level_order)
    reasons_ = sorted(
        ((metric_label(m), n, worst) for m, (n, worst) in per_reason.items()),
        key=lambda r: (-r[2], -r[1], r[0]),
    )
    return {"level_totals": levels, "reason_totals": [(label, n) for label, n, _w in reasons_]}
