"""Conditions compare on integers (issue 21): the same answers as comparing the Fractions,
on random values and on the threshold cases the contract names (warning-rules.md §2)."""

import operator
import random
from fractions import Fraction as F

import pytest

from portal.core.metrics import METRIC_NAMES, StudentMetrics
from portal.modules.warnings.rules import OPERATORS, Condition


def metrics(**values):
    base = {name: F(0) for name in METRIC_NAMES}
    base.update(
        term_failed_courses=0, term_regular_failed_courses=0, absent_exams=0, extended_study=0
    )
    base.update(values)
    return StudentMetrics(**base)


@pytest.mark.parametrize("op", sorted(OPERATORS))
@pytest.mark.parametrize(
    ("metric", "value", "threshold"),
    [
        ("term_failed_ratio", F(1, 20), F(5, 100)),  # exactly 0.05
        ("term_failed_ratio", F(1, 20) - F(1, 10**9), F(5, 100)),
        ("gpa_term", F(2), F(2)),  # exactly 2.0
        ("gpa_term", F(22, 10), F(11, 5)),  # 60, 67, 89 at 1 credit: 2.2
        ("gpa_drop", F(41, 10) - F(31, 10), F(1)),  # a drop of exactly 1.0
        ("outstanding_failed_credits", F(15), F(15)),
        ("absent_exams", 1, F(1)),
        ("absent_exams", 0, F(1, 2)),
    ],
)
def test_threshold_cases_answer_like_fractions(op, metric, value, threshold):
    condition = Condition(metric, op, threshold)
    assert condition.holds(metrics(**{metric: value})) is OPERATORS[op](F(value), threshold)


def test_random_values_answer_like_fractions():
    rng = random.Random(21)
    for _ in range(5000):
        op = rng.choice(sorted(OPERATORS))
        threshold = F(rng.randint(-300, 300), rng.choice((1, 2, 4, 5, 10, 20, 100, 3, 7)))
        value = (
            rng.randint(-5, 5)
            if rng.random() < 0.2
            else F(rng.randint(-3000, 3000), rng.choice((1, 3, 10, 40, 100, 1000)))
        )
        assert Condition("gpa_term", op, threshold).holds(metrics(gpa_term=value)) is OPERATORS[op](
            value, threshold
        )


def test_an_undefined_metric_holds_for_no_operator():
    for op in OPERATORS:
        assert not Condition("gpa_drop", op, F(1)).holds(metrics(gpa_drop=None))


def test_operators_are_the_plain_comparisons():
    assert OPERATORS[">="] is operator.ge and OPERATORS["<"] is operator.lt
