"""A term nobody has grades in is not a roster (walk finding 4): a secretary picking the
new term before its grades were imported got run 6, "共评估 0 名学生", and could submit,
approve and publish it. Computing it is refused on the form and by the command line, and a
roster that evaluated nobody can be neither submitted nor approved."""

import re

import pytest
from sqlalchemy import func, select

from portal.core.models import ImportJob
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import ComputeError, compute_run
from portal.modules.warnings.lifecycle import TransitionError, transition
from portal.modules.warnings.models import Run

NO_GRADES = "No grades have been imported for 2024–2025 term 2"


@pytest.fixture
def college_with_one_term(make, grades, db):
    """Grades of 2024-2025-1 only; 2024-2025-2 is a term without any."""
    college = make.college("空学期学院")
    rulesets.assign(college, "anshan")
    student = make.student(make.school_class(make.major(college)))
    grades(student, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 10, 90, "regular")])
    make.term("2024-2025-2")
    secretary = make.user("NG1", role="secretary", scope=college)
    leader = make.user("NG2", role="leader", scope=college)
    db.session.commit()
    return dict(college=college, student=student, secretary=secretary, leader=leader)


def _runs(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Run))


def test_the_compute_form_refuses_a_term_without_grades(
    client, login, make, db, college_with_one_term
):
    login(college_with_one_term["secretary"])
    client.post("/locale", data={"locale": "en"})
    response = _compute(client, make.term("2024-2025-2"), college_with_one_term["college"])
    assert response.status_code == 422
    assert NO_GRADES in response.get_data(as_text=True)
    assert _runs(db) == 0
    assert db.session.scalar(select(func.count()).select_from(ImportJob)) == 0  # nothing queued


def _selected_term(page: str) -> str | None:
    options = re.search(r'name="term">(.*?)</select>', page, re.S)[1]
    chosen = re.search(r'<option selected value="(\d+)"', options)
    return chosen[1] if chosen else None


def test_the_compute_form_offers_the_newest_term_with_grades_in_ones_scope_first(
    client, login, make, grades, db, college_with_one_term
):
    """Not the term under way, which has no grades yet: the newest with grades for the
    secretary's college (another college's newer grades do not count), any term offered."""
    other = make.student(make.school_class(make.major(make.college("别院"))))
    grades(other, "2024-2025-2", [("A", 4, 90, "regular")])
    db.session.commit()
    login(college_with_one_term["secretary"])
    page = client.get("/warnings/compute").get_data(as_text=True)
    first, later = make.term("2024-2025-1"), make.term("2024-2025-2")
    assert _selected_term(page) == str(first.id)
    assert f'<option value="{later.id}"' in page  # still offered
    asked = client.get(f"/warnings/compute?term={later.id}").get_data(as_text=True)
    assert _selected_term(asked) == str(later.id)


def test_a_term_with_grades_still_computes_from_the_form(
    client, login, make, db, college_with_one_term
):
    login(college_with_one_term["secretary"])
    response = _compute(client, make.term("2024-2025-1"), college_with_one_term["college"])
    assert response.status_code == 303 and _runs(db) == 1


def _compute(client, term, college):
    """The compute form posted for the term and college, with the college's ruleset."""
    data = {"term": str(term.id), "college": str(college.id), "ruleset": ""}
    return client.post("/warnings/compute", data=data)


def test_compute_run_refuses_a_term_nobody_has_a_regular_attempt_in(
    make, grades, db, college_with_one_term
):
    student = college_with_one_term["student"]
    grades(student, "2024-2025-2", [("A", 4, 70, "retake")])  # a retake only: not evaluated
    with pytest.raises(ComputeError) as refused:
        compute_run(make.term("2024-2025-2"), rulesets.load("anshan"))
    assert str(refused.value) == "no_grades" and _runs(db) == 0


def test_a_ruleset_that_does_not_evaluate_the_term_still_says_why(make, db):
    """liaoning on a first term: an empty roster saying why (warning-rules.md §3), grades or
    not."""
    run = compute_run(make.term("2024-2025-1"), rulesets.load("liaoning"))
    assert run.skip_reason and run.evaluated == 0


def test_the_command_line_refuses_both_compute_and_publish(app, db, make, college_with_one_term):
    runner = app.test_cli_runner()
    make.grant(college_with_one_term["secretary"], "leader", college_with_one_term["college"])
    db.session.commit()
    computed = runner.invoke(
        args=["warnings", "compute", "--term", "2024-2025-2", "--ruleset", "anshan"]
    )
    assert computed.exit_code == 1
    assert "no grades for term 2024-2025-2" in computed.output
    published = runner.invoke(
        args=[
            *("warnings", "publish", "--term", "2024-2025-2", "--college", "空学期学院"),
            *("--ruleset", "anshan", "--as", college_with_one_term["secretary"].username),
        ]
    )
    assert published.exit_code == 1
    assert "no grades for term 2024-2025-2" in published.output
    assert _runs(db) == 0


@pytest.fixture
def empty_run(make, db, college_with_one_term):
    """A roster computed before the refusal existed: evaluated nobody, no reason given."""
    run = Run(
        term_id=make.term("2024-2025-2").id,
        college_id=college_with_one_term["college"].id,
        ruleset_code="anshan",
        ruleset_snapshot=rulesets.ruleset_row("anshan").definition,
        evaluated=0,
    )
    db.session.add(run)
    db.session.commit()
    return run


def test_a_roster_that_evaluated_nobody_is_neither_submitted_nor_approved(
    client, login, db, college_with_one_term, empty_run
):
    login(college_with_one_term["secretary"])
    client.post("/locale", data={"locale": "en"})
    page = client.get(f"/warnings/runs/{empty_run.id}").get_data(as_text=True)
    assert NO_GRADES in page and "Submit for approval" not in page
    answer = client.post(f"/warnings/runs/{empty_run.id}/submit", follow_redirects=True)
    assert NO_GRADES in answer.get_data(as_text=True)
    assert empty_run.status == "draft"
    empty_run.status = "submitted"  # submitted before the refusal existed
    db.session.commit()
    login(college_with_one_term["leader"])
    client.post("/locale", data={"locale": "en"})
    page = client.get(f"/warnings/runs/{empty_run.id}").get_data(as_text=True)
    assert "Approve and publish" not in page
    client.post(f"/warnings/runs/{empty_run.id}/approve", data={"confirm": "1"})
    assert empty_run.status == "submitted"


def test_the_workflow_refuses_it_too(db, college_with_one_term, empty_run):
    with pytest.raises(TransitionError, match="no_grades"):
        transition(empty_run, "submit", user_id=college_with_one_term["secretary"].id)
