"""Rulesets as data (warning-rules.md §3): categories of levels of conditions on metrics.

Pure Python: a ruleset is built from a JSON-safe dict (thresholds as strings, so they
stay exact), evaluated against one student's `StudentMetrics`, and written back to the
same dict. Messages here are English keys; the caller translates them.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import compress

from portal.core.metrics import METRIC_NAMES, SCALES, StudentMetrics, TermKey

OPERATORS = {
    ">=": operator.ge,
    ">": operator.gt,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
}
EVALUATE_ON = ("every_term", "second_term")
LANGS = ("zh", "en")

SECOND_TERM_ONLY = "evaluated on the second term only"


@dataclass(frozen=True)
class Condition:
    """`metric operator threshold`, compared exactly; false when the metric is undefined."""

    metric: str
    op: str
    threshold: Fraction

    def value_in(self, metrics: StudentMetrics):
        return getattr(metrics, self.metric)

    def holds(self, metrics: StudentMetrics) -> bool:
        value = getattr(metrics, self.metric)
        if value is None:
            return False
        # Exact, as a/b OP c/d <=> a*d OP c*b (denominators are positive), on ints: the
        # same answer as comparing the Fractions, without their Python-level dispatch.
        if value.__class__ not in (int, Fraction):
            value = Fraction(value)  # a Decimal or float given by a caller: exactly
        threshold = self.threshold
        return OPERATORS[self.op](
            value.numerator * threshold.denominator, threshold.numerator * value.denominator
        )


@dataclass(frozen=True)
class Level:
    """A level holds when any `any_of` condition holds, or when all of a non-empty `all_of` do."""

    code: str
    names: dict[str, str]
    any_of: tuple[Condition, ...] = ()
    all_of: tuple[Condition, ...] = ()
    consequences: dict[str, str] = field(default_factory=dict)

    def fired(self, metrics: StudentMetrics) -> list[Condition]:
        """The conditions that make this level hold (empty when it does not)."""
        held = [condition for condition in self.any_of if condition.holds(metrics)]
        if self.all_of and all(condition.holds(metrics) for condition in self.all_of):
            held.extend(self.all_of)
        return held


@dataclass(frozen=True)
class Category:
    """A kind of warning; `levels` run from mild to severe."""

    code: str
    names: dict[str, str]
    levels: tuple[Level, ...]


@dataclass(frozen=True)
class Ruleset:
    code: str
    names: dict[str, str]
    scale: str
    evaluate_on: str
    categories: tuple[Category, ...]
    lifting: Condition | None = None
    needs_thresholds: bool = False
    # When the roster of a term is due: {"days": 14, "after": "term_start"} counts from the
    # start of the next term (LUT 二.3: 开学 2 周内); "year_start" from the next academic
    # year's first term (USTL 第五条1: 每学年开学后四周内). None: a college setting.
    roster_deadline: dict | None = None


@dataclass
class Fired:
    """One condition that fired, with the student's value (the "why" of a warning)."""

    metric: str
    op: str
    threshold: Fraction
    value: Fraction | int


@dataclass
class Result:
    category: str
    level: str
    fired: list[Fired]


# -- evaluation ---------------------------------------------------------------------------


def skip_reason(ruleset: Ruleset, term: TermKey) -> str | None:
    """Why a ruleset gives no roster at `term`, or None. (辽宁科技大学: once a year.)"""
    if ruleset.evaluate_on == "second_term" and term[1] != 2:
        return SECOND_TERM_ONLY
    return None


def evaluate(ruleset: Ruleset, metrics: StudentMetrics, term: TermKey) -> list[Result]:
    """For each category, the most severe level that holds, with the conditions that fired."""
    if skip_reason(ruleset, term):
        return []
    results = []
    for category in ruleset.categories:
        for level in reversed(category.levels):
            held = level.fired(metrics)
            if held:
                results.append(
                    Result(
                        category.code,
                        level.code,
                        [_fired(condition, metrics) for condition in held],
                    )
                )
                break
    return results


def compile_ruleset(ruleset: Ruleset) -> list[tuple[str, list]]:
    """The categories' levels, most severe first, with conditions as (metric index,
    operator, threshold numerator, threshold denominator, threshold text, condition), for
    `evaluate_roster` over a roster's tens of thousands of students."""
    index = {name: i for i, name in enumerate(METRIC_NAMES)}

    def compiled(conditions):
        return tuple(
            (
                index[c.metric],
                OPERATORS[c.op],
                c.threshold.numerator,
                c.threshold.denominator,
                threshold_text(c.threshold),
                c,
            )
            for c in conditions
        )

    return [
        (
            category.code,
            [
                (level.code, compiled(level.any_of), compiled(level.all_of))
                for level in reversed(category.levels)
            ],
        )
        for category in ruleset.categories
    ]


def evaluate_roster(compiled: list, students: dict[int, tuple]) -> dict[int, list]:
    """`evaluate` over a whole roster of values tuples (exact (numerator, denominator)
    pairs or None, see term_metrics): student id -> [(category, level, [(metric index,
    threshold text, condition)])] for the students some level holds for, in the roster's
    order, each category's most severe level that holds with its fired conditions in order.

    A condition is compared once per distinct value of its metric, not once per student,
    level and category; the students whose value holds are then picked out at C speed
    (issue 21: tens of thousands of students, far fewer distinct values)."""
    ids = list(students)
    columns = list(zip(*students.values(), strict=True)) or [()] * len(METRIC_NAMES)
    distinct: dict[int, set] = {}
    tested: dict[tuple, set[int]] = {}

    def holding(i, op, numerator, denominator) -> set[int]:
        key = (i, op, numerator, denominator)
        found = tested.get(key)
        if found is None:
            if i not in distinct:
                distinct[i] = set(columns[i])
            held = {
                v for v in distinct[i] if v is not None and op(v[0] * denominator, numerator * v[1])
            }
            found = tested[key] = set(compress(ids, map(held.__contains__, columns[i])))
        return found

    by_category = [(category, _category_results(levels, holding)) for category, levels in compiled]
    warned = set().union(*(found for _category, found in by_category))
    return {
        student: [
            (category, *found[student]) for category, found in by_category if student in found
        ]
        for student in ids
        if student in warned
    }


def _category_results(levels, holding) -> dict[int, tuple[str, list]]:
    """student -> (level, fired) of the most severe level that holds for them."""
    found: dict[int, tuple[str, list]] = {}
    for level, any_of, all_of in levels:
        sets = [holding(i, op, n, d) for i, op, n, d, _text, _c in any_of]
        every = (
            set.intersection(*(holding(i, op, n, d) for i, op, n, d, _t, _c in all_of))
            if all_of
            else set()
        )
        for student in set().union(every, *sets).difference(found):
            held = [(c[0], c[4], c[5]) for c, s in zip(any_of, sets, strict=True) if student in s]
            if student in every:
                held.extend((c[0], c[4], c[5]) for c in all_of)
            found[student] = (level, held)
    return found


def should_lift(ruleset: Ruleset, metrics: StudentMetrics) -> bool:
    """解除: a student on the previous roster who meets this condition is proposed for lifting."""
    return ruleset.lifting is not None and ruleset.lifting.holds(metrics)


def _fired(condition: Condition, metrics: StudentMetrics) -> Fired:
    return Fired(condition.metric, condition.op, condition.threshold, condition.value_in(metrics))


# -- dicts ----------------------------------------------------------------------------------


def threshold_text(value: Fraction) -> str:
    """Exact text of a threshold: "0.25" when it is a finite decimal, else "1/3"."""
    value = Fraction(value)
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    scaled = abs(value.numerator) * 10**places // value.denominator
    sign = "-" if value < 0 else ""
    whole, part = divmod(scaled, 10**places)
    return f"{sign}{whole}.{part:0{places}d}" if places else f"{sign}{whole}"


def parse_threshold(value) -> Fraction:
    """A threshold from JSON: text ("0.25", "1/3") or an int; floats through their repr."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Fraction)):
        raise ValueError(f"threshold {value!r} is not a number")
    try:
        return Fraction(repr(value) if isinstance(value, float) else value)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"threshold {value!r} is not a number") from None


def condition_to_dict(condition: Condition) -> dict:
    return {
        "metric": condition.metric,
        "op": condition.op,
        "threshold": threshold_text(condition.threshold),
    }


def condition_from_dict(d: Mapping) -> Condition:
    return Condition(d["metric"], d["op"], parse_threshold(d["threshold"]))


def ruleset_to_dict(ruleset: Ruleset) -> dict:
    return {
        "code": ruleset.code,
        "names": dict(ruleset.names),
        "scale": ruleset.scale,
        "evaluate_on": ruleset.evaluate_on,
        "needs_thresholds": ruleset.needs_thresholds,
        "lifting": condition_to_dict(ruleset.lifting) if ruleset.lifting else None,
        **({"roster_deadline": dict(ruleset.roster_deadline)} if ruleset.roster_deadline else {}),
        "categories": [
            {
                "code": category.code,
                "names": dict(category.names),
                "levels": [
                    {
                        "code": level.code,
                        "names": dict(level.names),
                        "consequences": dict(level.consequences),
                        "any_of": [condition_to_dict(c) for c in level.any_of],
                        "all_of": [condition_to_dict(c) for c in level.all_of],
                    }
                    for level in category.levels
                ],
            }
            for category in ruleset.categories
        ],
    }


def ruleset_from_dict(d: Mapping) -> Ruleset:
    """Build a ruleset; ValueError listing every problem when the dict is not valid."""
    problems = validate_ruleset_dict(d)
    if problems:
        raise ValueError("invalid ruleset: " + "; ".join(problems))
    lifting = d.get("lifting")
    return Ruleset(
        code=d["code"],
        names=dict(d.get("names") or {}),
        scale=d.get("scale", "linear5"),
        evaluate_on=d.get("evaluate_on", "every_term"),
        needs_thresholds=bool(d.get("needs_thresholds", False)),
        lifting=condition_from_dict(lifting) if lifting else None,
        roster_deadline=dict(d["roster_deadline"]) if d.get("roster_deadline") else None,
        categories=tuple(
            Category(
                code=category["code"],
                names=dict(category.get("names") or {}),
                levels=tuple(
                    Level(
                        code=level["code"],
                        names=dict(level.get("names") or {}),
                        consequences=dict(level.get("consequences") or {}),
                        any_of=tuple(condition_from_dict(c) for c in level.get("any_of") or ()),
                        all_of=tuple(condition_from_dict(c) for c in level.get("all_of") or ()),
                    )
                    for level in category["levels"]
                ),
            )
            for category in d["categories"]
        ),
    )


def validate_ruleset_dict(d) -> list[str]:
    """Every problem of a ruleset dict, as short English messages naming where it is."""
    if not isinstance(d, Mapping):
        return ["ruleset: not an object"]
    problems = []
    if not _is_code(d.get("code")):
        problems.append("code: missing or empty")
    problems += _names_problems(d.get("names", {}), "names")
    if d.get("scale", "linear5") not in SCALES:
        problems.append(f"scale: unknown scale {d.get('scale')!r}")
    if d.get("evaluate_on", "every_term") not in EVALUATE_ON:
        problems.append(f"evaluate_on: unknown value {d.get('evaluate_on')!r}")
    if d.get("lifting"):
        problems += _condition_problems(d["lifting"], "lifting")
    if d.get("roster_deadline"):
        problems += _deadline_problems(d["roster_deadline"])
    return problems + _parts_problems(
        d.get("categories"), "categories", "category", _category_problems
    )


DEADLINE_ANCHORS = ("term_start", "year_start")


def _deadline_problems(deadline) -> list[str]:
    if not isinstance(deadline, Mapping):
        return ["roster_deadline: not an object"]
    days, after = deadline.get("days"), deadline.get("after")
    problems = []
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 180:
        problems.append("roster_deadline.days: a whole number of days from 1 to 180")
    if after not in DEADLINE_ANCHORS:
        problems.append(f"roster_deadline.after: unknown value {after!r}")
    return problems


def _parts_problems(parts, where: str, what: str, part_problems) -> list[str]:
    """A ruleset's categories or a category's levels: a non-empty list, no code twice, and
    each part's own problems (`part_problems(part, where)`)."""
    if not isinstance(parts, list) or not parts:
        return [f"{where}: at least one {what} is needed"]
    problems = _duplicates(parts, where)
    for i, part in enumerate(parts):
        problems += part_problems(part, f"{where}[{i}]")
    return problems


def _coded_problems(part: Mapping, where: str) -> list[str]:
    """What a category and a level both need: a code and names."""
    problems = [] if _is_code(part.get("code")) else [f"{where}.code: missing or empty"]
    return problems + _names_problems(part.get("names", {}), f"{where}.names")


def _category_problems(category, where: str) -> list[str]:
    if not isinstance(category, Mapping):
        return [f"{where}: not an object"]
    return _coded_problems(category, where) + _parts_problems(
        category.get("levels"), f"{where}.levels", "level", _level_problems
    )


def _level_problems(level, where: str) -> list[str]:
    if not isinstance(level, Mapping):
        return [f"{where}: not an object"]
    problems = _coded_problems(level, where)
    problems += _names_problems(level.get("consequences") or {}, f"{where}.consequences")
    groups = {group: level.get(group) or [] for group in ("any_of", "all_of")}
    for group, conditions in groups.items():
        if not isinstance(conditions, list):
            problems.append(f"{where}.{group}: not a list")
            continue
        for k, condition in enumerate(conditions):
            problems += _condition_problems(condition, f"{where}.{group}[{k}]")
    if not any(isinstance(c, list) and c for c in groups.values()):
        problems.append(f"{where}: empty level (no condition)")
    return problems


def _condition_problems(condition, where: str) -> list[str]:
    if not isinstance(condition, Mapping):
        return [f"{where}: not a condition"]
    problems = []
    if condition.get("metric") not in METRIC_NAMES:
        problems.append(f"{where}: unknown metric {condition.get('metric')!r}")
    if not isinstance(condition.get("op"), str) or condition["op"] not in OPERATORS:
        problems.append(f"{where}: unknown operator {condition.get('op')!r}")
    try:
        parse_threshold(condition.get("threshold"))
    except ValueError:
        problems.append(f"{where}: threshold {condition.get('threshold')!r} is not a number")
    return problems


def _names_problems(names, where: str) -> list[str]:
    if not isinstance(names, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in names.items()
    ):
        return [f"{where}: expected texts by language"]
    return []


def _duplicates(items: list, where: str) -> list[str]:
    codes = [item.get("code") for item in items if isinstance(item, Mapping)]
    repeated = sorted({code for code in codes if codes.count(code) > 1 and _is_code(code)})
    return [f"{where}: duplicate code {code!r}" for code in repeated]


def _is_code(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


# -- display --------------------------------------------------------------------------------

SYMBOLS = {">=": "≥", "<=": "≤", "==": "=", ">": ">", "<": "<"}


def _in_words(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


METRIC_LABELS: dict[str, dict[str, str]] = {
    "term_credits": _in_words("本学期修读学分", "Credits taken this term"),
    "term_failed_credits": _in_words("本学期不及格学分", "Failed credits this term"),
    "term_failed_ratio": _in_words("本学期不及格学分比例", "Failed credit ratio this term"),
    "term_failed_courses": _in_words(
        "本学期补考后仍不及格课程门数", "Courses still failed this term (after make-up)"
    ),
    "term_regular_failed_courses": _in_words(
        "本学期正考不及格课程门数", "Courses failed at the regular exam this term"
    ),
    "outstanding_failed_credits": _in_words("累计未通过学分", "Outstanding failed credits"),
    "gpa_term": _in_words("本学期平均学分绩点", "GPA this term"),
    "gpa_cumulative": _in_words("累计平均学分绩点", "Cumulative GPA"),
    "degree_gpa_year": _in_words(
        "本学年学位课平均学分绩点", "Degree-course GPA this academic year"
    ),
    "absent_exams": _in_words("本学期旷考/缺考次数", "Exams missed this term"),
    "gpa_drop": _in_words("平均学分绩点下降", "GPA drop from the previous term"),
    "absence_hours": _in_words("本学期旷课学时", "Hours of unexcused absence this term"),
    "extended_study": _in_words("延长学习年限", "Extended study period"),
}


def display_number(value) -> str:
    """Round half away from zero to 2 decimals, for display only: 3/11 -> "0.27", 2.20 -> "2.2"."""
    value = Fraction(value)
    hundredths = (abs(value) * 100 + Fraction(1, 2)).__floor__()
    whole, part = divmod(hundredths, 100)
    text = f"{whole}.{part:02d}".rstrip("0").rstrip(".")
    return f"-{text}" if value < 0 and hundredths else text


def format_fired(fired, lang: str | None = None) -> str:
    """One fired condition as text, e.g. "term_failed_ratio 0.27 ≥ 0.25".

    `lang` "zh" or "en" names the metric by its label; None keeps the metric code.
    Also takes the stored form (a dict with text values), or a list of either, joined.
    """
    if not isinstance(fired, (Fired, Mapping)):
        separator = "；" if lang == "zh" else "; "
        return separator.join(format_fired(one, lang) for one in fired)
    if isinstance(fired, Mapping):
        fired = Fired(
            fired["metric"],
            fired["op"],
            parse_threshold(fired["threshold"]),
            fired["value"] if fired["value"] is None else Fraction(fired["value"]),
        )
    name = METRIC_LABELS[fired.metric][lang] if lang in LANGS else fired.metric
    value = "—" if fired.value is None else display_number(fired.value)
    return f"{name} {value} {SYMBOLS[fired.op]} {display_number(fired.threshold)}"
