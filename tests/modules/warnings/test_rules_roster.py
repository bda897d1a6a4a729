"""The rules over a whole roster at once (issue 21) answer as `evaluate` does for each
student: the same category, level and fired conditions, at every preset's edges (a ratio
of exactly 0.05, a GPA of exactly 2.0) and on random values near the thresholds, written as
the unreduced (numerator, denominator) pairs the SQL aggregates give."""

import random
from fractions import Fraction as F

import pytest

from portal.core.metrics import METRIC_NAMES
from portal.modules.warnings.rules import compile_ruleset, evaluate, evaluate_roster
from portal.modules.warnings.term_metrics import from_metrics

from .test_rules import EDGES, RULESETS, SPRING, student

INTEGERS = {"term_failed_courses", "term_regular_failed_courses", "absent_exams"}
INTEGERS |= {"extended_study"}


def expected(code, metrics) -> list:
    return [
        (r.category, r.level, [f.metric for f in r.fired])
        for r in evaluate(RULESETS[code], metrics, SPRING)
    ]


def found(results) -> list:
    return [
        (category, level, [METRIC_NAMES[index] for index, _text, _condition in fired])
        for category, level, fired in results
    ]


def unreduced(values: tuple, rng) -> tuple:
    """The same exact values with numerator and denominator scaled, as the sums give them."""
    scaled = []
    for value in values:
        k = rng.choice((1, 7, 100, 1000))
        scaled.append(None if value is None else (value[0] * k, value[1] * k))
    return tuple(scaled)


@pytest.mark.parametrize("code", sorted(RULESETS))
def test_every_edge_answers_as_evaluate(code):
    rng = random.Random(5)
    cases = [student(**values) for c, values, _levels in EDGES if c == code]
    roster = {i: unreduced(from_metrics(m), rng) for i, m in enumerate(cases, 1)}
    results = evaluate_roster(compile_ruleset(RULESETS[code]), roster)
    for i, metrics in enumerate(cases, 1):
        assert found(results.get(i, [])) == expected(code, metrics), metrics


def _random_student(rng):
    near = ("0", "0.05", "0.049", "0.15", "0.25", "1.5", "1.6", "2", "2.2", "1", "5", "10")
    values = {}
    for name in METRIC_NAMES:
        if name in INTEGERS:
            values[name] = rng.choice((0,) * 12 + (1, 2, 3))
        elif rng.random() < 0.1:
            values[name] = None
        else:
            base = F(rng.choice(near + ("12", "15", "20", "25", "30", "40")))
            values[name] = base + rng.choice((0, 0, F(1, 1000), -F(1, 1000), F(1, 3)))
    values["term_credits"] = F(rng.randint(1, 30))
    values["term_failed_ratio"] = F(rng.randint(0, 30), rng.choice((20, 100, 23)))
    return student(**values)


@pytest.mark.parametrize("code", sorted(RULESETS))
def test_a_random_roster_answers_as_evaluate_student_by_student(code):
    rng = random.Random(21)
    students = {s: _random_student(rng) for s in rng.sample(range(1, 10**6), 600)}
    roster = {s: unreduced(from_metrics(m), rng) for s, m in students.items()}
    results = evaluate_roster(compile_ruleset(RULESETS[code]), roster)
    for s, metrics in students.items():
        assert found(results.get(s, [])) == expected(code, metrics)
    assert list(results) == [s for s in students if s in results]  # the roster's order


def test_an_empty_roster_warns_nobody():
    assert evaluate_roster(compile_ruleset(RULESETS["anshan"]), {}) == {}
