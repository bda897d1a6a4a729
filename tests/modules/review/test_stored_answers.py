"""The review's answers are kept in the database for the state they were computed on, so
every app host reads what one computed (bench/review_bench.py: a school of 30,000 under a
second), and never once that state has changed."""

from datetime import date
from fractions import Fraction

from sqlalchemy import func, select

from portal.core.standing import CohortRow, Standing
from portal.modules.warnings import answers, cohort
from portal.modules.warnings.models import StoredAnswer

from .test_review import history  # noqa: F401  (the fixture)


def _rate(client, first) -> str:
    page = client.get(f"/review/?term={first.id}&by=class").get_data(as_text=True)
    return page[page.index("review-summary") : page.index("</section>")]


def test_another_host_reads_the_answer_the_first_stored(client, login, db, monkeypatch, history):
    _students, leader, first = history
    login(leader)
    shown = _rate(client, first)
    assert "20.0%" in shown
    assert db.session.scalar(select(func.count()).select_from(StoredAnswer)) > 0

    cohort._CACHE.clear()  # another host: nothing in its memory, and it cannot compute

    def no_computing(*_args):
        raise AssertionError("computed again instead of read from the database")

    monkeypatch.setattr(cohort, "cohort_rows", no_computing)
    monkeypatch.setattr(cohort, "level_counts_at", no_computing)
    assert _rate(client, first) == shown


def test_a_changed_database_is_never_answered_from_the_stored_answer(client, login, db, history):
    students, leader, first = history
    login(leader)
    assert "20.0%" in _rate(client, first)
    students["same"].status = "suspended"
    db.session.commit()
    cohort._CACHE.clear()
    # 1 lifted ÷ (5 warned − 1 suspended): the stored answer of the old state is not read …
    assert "25.0%" in _rate(client, first)
    # … and is gone: only the current state's answers are kept.
    assert db.session.scalar(select(func.count(func.distinct(StoredAnswer.fingerprint)))) == 1


def test_answers_read_back_exactly_as_computed():
    rows = [
        CohortRow(
            7,
            "academic",
            "red",
            "红色预警",
            "red",
            3,
            "eased",
            "橙色预警",
            Fraction(5, 2),
            None,
            Fraction("7.5"),
            Fraction(2),
            1,
            2,
            3,
            date(2026, 9, 7),
            "2026-2027-1",
            None,
            "paused",
            "anshan",
        )
    ]
    assert answers.decode(answers.encode(rows)) == rows
    counts = {("liaoning", "demotion", 1, "warning"): ("降级警示", "sev1", 3)}
    assert answers.decode(answers.encode(counts)) == counts
    standing = [
        Standing(
            7,
            1,
            "warning",
            "学位警示",
            "sev1",
            True,
            date(2025, 3, 1),
            category="degree",
            state="lifting_proposed",
            since_term="2024-2025-2",
            renewed=date(2025, 3, 1),
            ruleset="liaoning",
        )
    ]
    assert answers.decode(answers.encode(standing)) == standing
    counts = {("dropout", "warning"): 2, ("degree", "warning"): 5}
    assert answers.decode(answers.encode(counts)) == counts
    assert answers.decode(answers.encode([])) == []


def test_a_warning_added_to_a_published_roster_is_counted_at_once(client, login, make, db, history):
    """A proposal accepted on a published roster adds a warning: no host reads the answer
    stored before it."""
    from portal.core.models import Student
    from portal.modules.warnings.models import Run

    _students, leader, first = history
    login(leader)
    page = client.get(f"/review/?term={first.id}&by=class").get_data(as_text=True)
    assert '<th scope="row">乙班</th>' not in page
    calm = db.session.query(Student).filter_by(name="calm").one()
    run = db.session.query(Run).filter_by(term_id=first.id).one()
    make.warning(run, calm, level="yellow", level_rank=1, source="proposal")
    db.session.commit()
    cohort._CACHE.clear()
    page = client.get(f"/review/?term={first.id}&by=class").get_data(as_text=True)
    assert '<th scope="row">乙班</th>' in page
