"""The review's figures on a school of three colleges under three rulesets (anshan every
term, lanzhou with its lifting rule, liaoning evaluating second terms only, with its
ladder) over four terms: every group's counts, outcomes, conversion rate, medians before
and after, facts and compliance, the comparisons, the levels over terms, for each term and
the academic year, the school's and a college's — exactly as recorded in
figures_kept.json before the review was made faster (issue 16: its speed work changes no
figure). A deliberate change of a figure re-records the file:

    REVIEW_FIGURES_RECORD=1 .venv/bin/python -m pytest tests/modules/review/test_figures_kept.py
"""

import json
import os
import random
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, true

from portal.core import clock
from portal.core.cadence_policies import apply_preset
from portal.core.models import Student
from portal.modules.review.figures import Outcome
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.models import RunEvent

from .test_review import grades

KEPT = Path(__file__).with_name("figures_kept.json")
TERMS = ("2024-2025-2", "2025-2026-1", "2025-2026-2", "2026-2027-1")
POLICIES = (("anshan", 2, 3), ("lanzhou", 1, 3), ("liaoning", 1, 2))  # (ruleset, majors, classes)
FAILED = (0, 0, 0, 0, 2, 5, 8, 12, 16, 20)  # failed credits of 20 in a term


@pytest.fixture
def school(app, make, db, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2027, 1, 15))
    rng = random.Random(16)
    terms = [make.term(code) for code in TERMS]
    colleges, students = [], []
    for code, majors, classes in POLICIES:
        college = make.college(f"{code}学院")
        colleges.append((college, code))
        for m in range(majors):
            major = make.major(college, f"{code}专业{m}")
            for c in range(classes):
                school_class = make.school_class(major, f"{code}班{m}-{c}")
                students += [make.student(school_class) for _ in range(8)]
    for student in students:
        for term in terms:
            grades(db, student, term, rng.choice(FAILED), course=f"C{rng.randint(0, 2)}")
    for student, status in zip(
        rng.sample(students, 9), ["suspended", "graduated", "dropped"] * 3, strict=True
    ):
        student.status = status
    written, signed = datetime(2026, 3, 1, 2), datetime(2026, 3, 1, 6)
    for student in rng.sample(students, 20):
        make.signed_plan(student, date(2026, 3, 1), created_at=written, signed_at=signed)
    with app.test_request_context():
        for college, code in colleges:
            apply_preset(college, code)  # the talks and contacts owed: the cadence facts
        for n, term in enumerate(terms):
            for college, code in colleges:
                rulesets.assign(college, code)
                run = compute_run(term, rulesets.load(code), college_id=college.id)
                run.status = "published"
                published = datetime(2025 + n // 2, 3 if n % 2 == 0 else 9, 7)
                db.session.add(RunEvent(run_id=run.id, action="approve", at=published))
        db.session.flush()
    make.user(role="counselor", name="全校辅导员")
    make.user(role="counselor", scope=colleges[0][0], name="鞍山院辅导员")
    return terms, colleges[0][0]


def _group(group) -> list:
    return [
        group.name,
        group.warned,
        sorted(group.outcomes.items()),
        group.judged,
        group.converted,
        str(group.conversion),
        [str(group.median(name)) for name in ("gpa_before", "gpa_after")]
        + [str(group.median(name)) for name in ("failed_before", "failed_after")],
        group.awaiting_confirmation,
        sorted((code, sorted(counts.items())) for code, counts in group.facts.items()),
    ]


def _review(review) -> dict:
    from portal.modules.review import figures
    from portal.modules.review.charts_page import CREDIT_EDGES, GPA_EDGES

    total = review.total
    return {
        "total": _group(total),
        "groups": {
            d.value: [_group(g) for g in review.groups[d.value]] for d in figures.DIMENSIONS
        },
        "comparisons": [[c.fact.code, _group(c.yes), _group(c.no)] for c in review.comparisons],
        "totals": [[str(label), str(value)] for label, value in review.totals],
        "gpa": [
            figures.distribution(total.values[n], GPA_EDGES) for n in ("gpa_before", "gpa_after")
        ],
        "credits": [
            figures.distribution(total.values[n], CREDIT_EDGES)
            for n in ("failed_before", "failed_after")
        ],
    }


def _figures(app, db, terms, college) -> dict:
    from portal.core import standing
    from portal.modules.review import figures

    found = {}
    for scope_name, scope in (("school", true()), ("college", Student.college_id == college.id)):
        with app.test_request_context():
            found[f"{scope_name} levels"] = [
                [t.code, [list(level) for level in levels]]
                for t, levels in figures.levels_over_terms(scope)
            ]
            periods = [[t] for t in terms[:3]] + [terms[1:3]]
            for period in periods:
                for eased in (False, True):
                    key = f"{scope_name} {'+'.join(t.code for t in period)} eased={eased}"
                    found[key] = _review(figures.build(period, scope, count_eased=eased))
            # The fixture's students in the order made: ids and numbers depend on the tests
            # that ran before.
            ids = db.session.scalars(select(Student.id).order_by(Student.id))
            numbers = {student_id: n for n, student_id in enumerate(ids)}
            found[f"{scope_name} held"] = sorted(
                [t.code, numbers[s.student_id], s.category, s.level, s.state, str(s.since)]
                for t in terms
                for standings in standing.held(t.id, scope).values()
                for s in standings
            )
    return found


def _kept_text(figures: dict) -> str:
    """One line a key: a re-recording's diff says which figures changed."""
    lines = [
        f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
        for k, v in figures.items()
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def test_the_figures_are_as_recorded(app, db, school):
    terms, college = school
    figures = json.loads(json.dumps(_figures(app, db, terms, college), ensure_ascii=False))
    if os.environ.get("REVIEW_FIGURES_RECORD"):
        KEPT.write_text(_kept_text(figures))
    kept = json.loads(KEPT.read_text())
    assert figures.keys() == kept.keys()
    for key in kept:
        assert figures[key] == kept[key], key
    # The school is large enough to hold every outcome somewhere.
    outcomes = {
        outcome
        for key, found in figures.items()
        if key.startswith("school 20")
        for outcome, _n in found["total"][2]
    }
    assert outcomes == {o.value for o in Outcome}
