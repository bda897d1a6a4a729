"""Rulesets as data (warning-rules.md §3): the five presets, level by level, at their edges."""

import copy
import json
from fractions import Fraction as F

import pytest

from portal.core.metrics import METRIC_NAMES, Attempt, StudentMetrics, compute_student
from portal.modules.warnings.presets import PRESETS
from portal.modules.warnings.rules import (
    METRIC_LABELS,
    SECOND_TERM_ONLY,
    Condition,
    Fired,
    evaluate,
    format_fired,
    ruleset_from_dict,
    ruleset_to_dict,
    should_lift,
    skip_reason,
    validate_ruleset_dict,
)

AUTUMN, SPRING = (2024, 1), (2024, 2)
RULESETS = {code: ruleset_from_dict(d) for code, d in PRESETS.items()}


def student(**values) -> StudentMetrics:
    """A student no preset warns, with `values` changed."""
    calm = dict(
        term_credits=F(20),
        term_failed_credits=F(0),
        term_failed_ratio=F(0),
        term_failed_courses=0,
        term_regular_failed_courses=0,
        outstanding_failed_credits=F(0),
        gpa_term=F(3),
        gpa_cumulative=F(3),
        degree_gpa_year=F(3),
        absent_exams=0,
        gpa_drop=F(0),
        absence_hours=F(0),
        extended_study=0,
    )
    calm.update({name: F(v) if isinstance(v, str) else v for name, v in values.items()})
    return StudentMetrics(**calm)


def levels(code: str, metrics: StudentMetrics, term=SPRING) -> dict[str, str]:
    return {r.category: r.level for r in evaluate(RULESETS[code], metrics, term)}


# Each level of each preset: a student that reaches it, and one just below it.
EDGES = [
    # anshan — yellow ≥ 5 % or ≥ 5 credits; orange ≥ 15 %, ≥ 10 credits, GPA < 2.2; red …
    ("anshan", dict(term_failed_ratio="0.05"), {"academic": "yellow"}),
    ("anshan", dict(term_failed_ratio="0.049"), {}),
    ("anshan", dict(outstanding_failed_credits="5"), {"academic": "yellow"}),
    ("anshan", dict(outstanding_failed_credits="4.5"), {}),
    ("anshan", dict(term_failed_ratio="0.15"), {"academic": "orange"}),
    ("anshan", dict(term_failed_ratio="0.149"), {"academic": "yellow"}),
    ("anshan", dict(outstanding_failed_credits="10"), {"academic": "orange"}),
    ("anshan", dict(outstanding_failed_credits="9.5"), {"academic": "yellow"}),
    ("anshan", dict(gpa_term="2.19"), {"academic": "orange"}),
    ("anshan", dict(gpa_term="2.2"), {}),
    ("anshan", dict(term_failed_ratio="0.25"), {"academic": "red"}),
    ("anshan", dict(term_failed_ratio="0.249"), {"academic": "orange"}),
    ("anshan", dict(outstanding_failed_credits="15"), {"academic": "red"}),
    ("anshan", dict(outstanding_failed_credits="14.5"), {"academic": "orange"}),
    ("anshan", dict(gpa_term="1.99"), {"academic": "red"}),
    ("anshan", dict(gpa_term="2"), {"academic": "orange"}),
    ("anshan", dict(absent_exams=1), {"academic": "red"}),
    ("anshan", dict(absent_exams=0), {}),
    ("anshan", dict(gpa_drop="1"), {"academic": "red"}),
    ("anshan", dict(gpa_drop="0.99"), {}),
    ("anshan", dict(extended_study=1), {"academic": "red"}),
    ("anshan", dict(extended_study=0), {}),
    # lanzhou — oral: 1 course failed after make-up, or 3 failed at the regular exam
    ("lanzhou", dict(term_failed_courses=1), {"academic": "oral"}),
    ("lanzhou", dict(term_failed_courses=0), {}),
    ("lanzhou", dict(term_regular_failed_courses=3), {"academic": "oral"}),
    ("lanzhou", dict(term_regular_failed_courses=2), {}),
    ("lanzhou", dict(term_failed_courses=2), {"academic": "written"}),
    ("lanzhou", dict(term_failed_courses=1, term_regular_failed_courses=5), {"academic": "oral"}),
    # shaoxing — watch, then levels 1–3 by outstanding credits 12 / 15 / 25
    ("shaoxing", dict(gpa_cumulative="1.49"), {"difficulty": "watch"}),
    ("shaoxing", dict(gpa_cumulative="1.5"), {}),
    ("shaoxing", dict(absence_hours="10"), {"difficulty": "watch"}),
    ("shaoxing", dict(absence_hours="9.5"), {}),
    ("shaoxing", dict(outstanding_failed_credits="12"), {"difficulty": "level1"}),
    ("shaoxing", dict(outstanding_failed_credits="11.5"), {}),
    ("shaoxing", dict(outstanding_failed_credits="15"), {"difficulty": "level2"}),
    ("shaoxing", dict(outstanding_failed_credits="14.5"), {"difficulty": "level1"}),
    ("shaoxing", dict(outstanding_failed_credits="25"), {"difficulty": "level3"}),
    ("shaoxing", dict(outstanding_failed_credits="24.5"), {"difficulty": "level2"}),
    # liaoning — dropout ≥ 40; demotion 20 ≤ x < 30; degree GPA of the year < 1.6
    ("liaoning", dict(outstanding_failed_credits="40"), {"dropout": "warning"}),
    ("liaoning", dict(outstanding_failed_credits="39.5"), {}),
    ("liaoning", dict(outstanding_failed_credits="19"), {}),
    ("liaoning", dict(outstanding_failed_credits="20"), {"demotion": "warning"}),
    ("liaoning", dict(outstanding_failed_credits="29"), {"demotion": "warning"}),
    ("liaoning", dict(outstanding_failed_credits="29.5"), {"demotion": "warning"}),
    ("liaoning", dict(outstanding_failed_credits="30"), {}),
    ("liaoning", dict(degree_gpa_year="1.59"), {"degree": "warning"}),
    ("liaoning", dict(degree_gpa_year="1.6"), {}),
    # guangxi — default thresholds 10 and 25
    ("guangxi", dict(outstanding_failed_credits="10"), {"academic": "warning"}),
    ("guangxi", dict(outstanding_failed_credits="9.5"), {}),
    ("guangxi", dict(outstanding_failed_credits="25"), {"academic": "probation"}),
    ("guangxi", dict(outstanding_failed_credits="24.5"), {"academic": "warning"}),
]


@pytest.mark.parametrize(
    "code,values,expected",
    EDGES,
    ids=[f"{c}-{'-'.join(f'{k}={v}' for k, v in vals.items())}" for c, vals, _ in EDGES],
)
def test_preset_level_is_reached_at_its_threshold_and_not_just_below(code, values, expected):
    assert levels(code, student(**values)) == expected


def test_every_level_of_every_preset_is_hit_by_some_edge_case():
    hit = {
        (code, category, level)
        for code, values, expected in EDGES
        for category, level in expected.items()
    }
    for code, ruleset in RULESETS.items():
        for category in ruleset.categories:
            for level in category.levels:
                assert (code, category.code, level.code) in hit


def test_most_severe_level_wins_and_fired_lists_every_condition_that_held():
    [result] = evaluate(
        RULESETS["anshan"],
        student(term_failed_ratio="0.3", gpa_term="2.1", outstanding_failed_credits="6"),
        SPRING,
    )
    assert (result.category, result.level) == ("academic", "red")
    assert result.fired == [Fired("term_failed_ratio", ">=", F("0.25"), F("0.3"))]


def test_red_fires_with_every_condition_that_held_and_its_value():
    [result] = evaluate(RULESETS["anshan"], student(absent_exams=2, gpa_drop="1.5"), SPRING)
    assert result.level == "red"
    assert [(f.metric, f.value) for f in result.fired] == [
        ("absent_exams", 2),
        ("gpa_drop", F("1.5")),
    ]


def test_all_of_group_fires_with_both_conditions():
    [result] = evaluate(RULESETS["liaoning"], student(outstanding_failed_credits="22"), SPRING)
    assert result.category == "demotion"
    assert [(f.op, f.threshold, f.value) for f in result.fired] == [(">=", 20, 22), ("<", 30, 22)]


def test_student_may_be_warned_in_several_categories_at_once():
    assert levels("liaoning", student(outstanding_failed_credits="25", degree_gpa_year="1")) == {
        "demotion": "warning",
        "degree": "warning",
    }


def test_liaoning_on_a_first_term_gives_nothing_and_says_why():
    severe = student(outstanding_failed_credits="45", degree_gpa_year="0")
    assert evaluate(RULESETS["liaoning"], severe, AUTUMN) == []
    assert skip_reason(RULESETS["liaoning"], AUTUMN) == SECOND_TERM_ONLY
    assert skip_reason(RULESETS["liaoning"], SPRING) is None
    assert skip_reason(RULESETS["anshan"], AUTUMN) is None
    assert levels("anshan", student(outstanding_failed_credits="5"), AUTUMN) == {
        "academic": "yellow"
    }


@pytest.mark.parametrize("op", [">=", ">", "<", "<=", "=="])
def test_condition_on_an_undefined_metric_is_false(op):
    assert not Condition("gpa_term", op, F(2)).holds(student(gpa_term=None))


def test_undefined_gpa_fires_nothing():
    assert levels("anshan", student(gpa_term=None, gpa_drop=None)) == {}
    assert levels("shaoxing", student(gpa_cumulative=None)) == {}
    assert levels("liaoning", student(degree_gpa_year=None)) == {}


def test_lanzhou_proposes_lifting_below_6_outstanding_credits():
    assert should_lift(RULESETS["lanzhou"], student(outstanding_failed_credits="5.5"))
    assert not should_lift(RULESETS["lanzhou"], student(outstanding_failed_credits="6"))
    assert not should_lift(RULESETS["anshan"], student())


# -- end to end from grade records -------------------------------------------------------


def attempt(term, course, credits, score, kind="regular"):
    return Attempt(term, course, F(credits), kind, F(score), F(score) >= 60, False)


def test_gpa_of_exactly_2_2_is_not_an_orange_warning():
    m = compute_student(
        [attempt(SPRING, c, 1, s) for c, s in (("A", 60), ("B", 67), ("C", 89))], SPRING
    )
    assert levels("anshan", m) == {}


def test_gpa_falling_from_4_1_to_3_1_is_a_red_warning():
    m = compute_student([attempt(AUTUMN, "A", 2, 91), attempt(SPRING, "B", 2, 81)], SPRING)
    [result] = evaluate(RULESETS["anshan"], m, SPRING)
    assert result.level == "red"
    assert result.fired == [Fired("gpa_drop", ">=", F(1), F(1))]


# -- presets as data ---------------------------------------------------------------------


def test_preset_codes_are_the_contract():
    assert set(PRESETS) == {"lanzhou", "anshan", "shaoxing", "liaoning", "guangxi"}


@pytest.mark.parametrize("code", sorted(PRESETS))
def test_preset_is_valid_json_and_round_trips_exactly(code):
    d = PRESETS[code]
    assert validate_ruleset_dict(d) == []
    assert json.loads(json.dumps(d)) == d
    assert ruleset_to_dict(ruleset_from_dict(d)) == d
    assert ruleset_from_dict(ruleset_to_dict(RULESETS[code])) == RULESETS[code]


@pytest.mark.parametrize("code", sorted(PRESETS))
def test_preset_names_every_part_in_chinese_and_english_with_consequences(code):
    ruleset = RULESETS[code]
    assert ruleset.scale == "linear5"
    parts = [ruleset, *ruleset.categories, *(lv for c in ruleset.categories for lv in c.levels)]
    for part in parts:
        assert part.names["zh"] and part.names["en"]
    for category in ruleset.categories:
        for level in category.levels:
            assert level.consequences["zh"] and level.consequences["en"]


def test_preset_level_names_and_settings_follow_the_policies():
    def names(code):
        return {
            (c.code, lv.code): lv.names["zh"] for c in RULESETS[code].categories for lv in c.levels
        }

    assert names("lanzhou") == {
        ("academic", "oral"): "口头警示",
        ("academic", "written"): "书面警示",
    }
    assert names("anshan") == {
        ("academic", "yellow"): "黄色预警",
        ("academic", "orange"): "橙色预警",
        ("academic", "red"): "红色预警",
    }
    assert names("shaoxing") == {
        ("difficulty", "watch"): "学业困难关注",
        ("difficulty", "level1"): "一级帮扶",
        ("difficulty", "level2"): "二级帮扶",
        ("difficulty", "level3"): "三级帮扶",
    }
    assert names("liaoning") == {
        ("dropout", "warning"): "退学警示",
        ("demotion", "warning"): "降级警示",
        ("degree", "warning"): "学位警示",
    }
    assert names("guangxi") == {("academic", "warning"): "预警", ("academic", "probation"): "试读"}
    assert RULESETS["guangxi"].needs_thresholds
    assert not any(RULESETS[c].needs_thresholds for c in PRESETS if c != "guangxi")
    assert RULESETS["liaoning"].evaluate_on == "second_term"
    assert RULESETS["lanzhou"].lifting == Condition("outstanding_failed_credits", "<", F(6))


# -- validation --------------------------------------------------------------------------


def _broken(change) -> list[str]:
    d = copy.deepcopy(PRESETS["anshan"])
    change(d)
    return validate_ruleset_dict(d)


def _first_condition(d):
    return d["categories"][0]["levels"][0]["any_of"][0]


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda d: _first_condition(d).update(metric="gpa_total"), "unknown metric 'gpa_total'"),
        (lambda d: _first_condition(d).update(op="=>"), "unknown operator '=>'"),
        (lambda d: _first_condition(d).update(threshold="a quarter"), "is not a number"),
        (lambda d: _first_condition(d).update(threshold=True), "is not a number"),
        (lambda d: d["categories"][0]["levels"][0].update(any_of=[], all_of=[]), "empty level"),
        (
            lambda d: d["categories"][0]["levels"][1].update(code="yellow"),
            "duplicate code 'yellow'",
        ),
        (
            lambda d: d["categories"].append(copy.deepcopy(d["categories"][0])),
            "duplicate code 'academic'",
        ),
        (lambda d: d.update(scale="percent"), "unknown scale 'percent'"),
        (lambda d: d.update(evaluate_on="monthly"), "unknown value 'monthly'"),
        (lambda d: d.update(categories=[]), "at least one category"),
    ],
)
def test_validation_reports_the_problem(change, message):
    problems = _broken(change)
    assert any(message in problem for problem in problems), problems


def test_invalid_ruleset_is_refused_with_its_problems():
    d = copy.deepcopy(PRESETS["lanzhou"])
    d["lifting"]["metric"] = "nope"
    with pytest.raises(ValueError, match="unknown metric 'nope'"):
        ruleset_from_dict(d)


def test_thresholds_are_written_as_exact_text():
    d = copy.deepcopy(PRESETS["anshan"])
    _first_condition(d)["threshold"] = "1/3"
    ruleset = ruleset_from_dict(d)
    assert ruleset.categories[0].levels[0].any_of[0].threshold == F(1, 3)
    assert _first_condition(ruleset_to_dict(ruleset))["threshold"] == "1/3"
    assert _first_condition(PRESETS["anshan"])["threshold"] == "0.05"


# -- display -----------------------------------------------------------------------------


def test_format_fired_rounds_the_value_for_display_only():
    fired = Fired("term_failed_ratio", ">=", F("0.25"), F(3, 11))
    assert format_fired(fired) == "term_failed_ratio 0.27 ≥ 0.25"
    assert format_fired(fired, "zh") == "本学期不及格学分比例 0.27 ≥ 0.25"
    assert format_fired(fired, "en") == "Failed credit ratio this term 0.27 ≥ 0.25"
    assert fired.value == F(3, 11)


def test_format_fired_reads_the_stored_form_and_lists():
    stored = {"metric": "gpa_term", "op": "<", "threshold": "2", "value": "11/6"}
    assert format_fired(stored, "en") == "GPA this term 1.83 < 2"
    both = [Fired("absent_exams", ">=", F(1), 2), stored]
    assert format_fired(both, "zh") == "本学期旷考/缺考次数 2 ≥ 1；本学期平均学分绩点 1.83 < 2"


def test_metric_labels_cover_every_metric_in_both_languages():
    assert set(METRIC_LABELS) == set(METRIC_NAMES)
    assert all(label["zh"] and label["en"] for label in METRIC_LABELS.values())
