"""Standing across terms in a real browser (warning-rules.md §6): a roster published weeks
ago, talks recorded, then the next term's roster approved in which a student is still
warned — the counselor's due list still shows that student's open and overdue talks, and
the newly warned student appears as upcoming."""

from datetime import timedelta

from ..factories import Factory
from .conftest import DEMO_PASSWORD, log_in
from .test_foundation_flows import shot

T1, T2 = "2019-2020-1", "2019-2020-2"  # older than the demo's terms: its pages keep theirs


def _setup(live_app, suffix: str) -> dict:
    """A college of its own (the test runs with and without JavaScript on one portal):
    its anshan ruleset and cadence, staff, and a term-1 roster published 40 days ago."""
    from portal.core.cadence_policies import apply_preset
    from portal.extensions import db
    from portal.modules.warnings import rulesets
    from portal.modules.warnings.compute import compute_run
    from portal.modules.warnings.lifecycle import transition

    with live_app.app_context():
        make = Factory(live_app, db)
        college = make.college(f"状态学院{suffix}")
        school_class = make.school_class(
            make.major(college, f"状态专业{suffix}"), f"状态班{suffix}", grade_year=2019
        )
        terms = {code: make.term(code) for code in (T1, T2)}
        students = {}
        for name in ("仍预警", "已好转", "新预警"):
            students[name] = make.student(
                school_class,
                student_no=f"S{suffix}{len(students)}{name.encode().hex()[:6]}",
                name=f"{name}{suffix}",
                grade_year=2019,
            )
        for name in ("仍预警", "已好转"):  # orange in term 1: 3 failed credits of 20
            make.grade(students[name], terms[T1], "A", 17, 90, course_name="A")
            make.grade(students[name], terms[T1], "B", 3, 40, course_name="B")
        make.grade(students["新预警"], terms[T1], "A", 20, 90, course_name="A")
        users = {
            role: make.user(
                f"state_{role}{suffix}",
                role=role,
                scope=scope,
                password=DEMO_PASSWORD,
                name=f"状态{role}",
            )
            for role, scope in (
                ("counselor", school_class),
                ("secretary", college),
                ("leader", college),
            )
        }
        rulesets.assign(college, "anshan")
        apply_preset(college, "anshan")
        run = compute_run(terms[T1], rulesets.load("anshan"), college_id=college.id)
        transition(run, "submit", user_id=users["secretary"].id)
        transition(run, "approve", user_id=users["leader"].id)
        db.session.flush()
        for event in run.events:
            event.at -= timedelta(days=40)
        db.session.commit()
        return {
            "college": college.id,
            "students": {k: s.id for k, s in students.items()},
            "names": {k: s.name for k, s in students.items()},
            "secretary": users["secretary"].id,
            "terms": {k: t.id for k, t in terms.items()},
        }


def _compute_term_two(live_app, ids: dict) -> int:
    """Term 2's grades: one student fails again, one recovers, one is newly warned; the
    secretary computes and submits (the leader approves in the browser)."""
    from portal.core.models import Student, Term
    from portal.extensions import db
    from portal.modules.warnings import rulesets
    from portal.modules.warnings.compute import compute_run
    from portal.modules.warnings.lifecycle import transition

    with live_app.app_context():
        make = Factory(live_app, db)
        term = db.session.get(Term, ids["terms"][T2])
        for name, failed in (("仍预警", 3), ("已好转", 0), ("新预警", 4)):
            student = db.session.get(Student, ids["students"][name])
            for course, credits, score in (("C", 20 - failed, 90), ("D", failed, 40)):
                if credits:
                    make.grade(student, term, course, credits, score, course_name=course)
        run = compute_run(term, rulesets.load("anshan"), college_id=ids["college"])
        transition(run, "submit", user_id=ids["secretary"])
        db.session.commit()
        return run.id


def _talks_owed(page) -> list[str]:
    return page.locator("#talk-dues li").all_inner_texts()


def test_the_next_roster_keeps_open_talks_and_shows_the_newly_warned(page, live_app):
    suffix = "j" if page.js else "n"
    ids = _setup(live_app, suffix)
    names = ids["names"]
    log_in(page, f"state_counselor{suffix}")
    page.goto("/talks/due")
    owed = _talks_owed(page)
    assert any(names["仍预警"] in line and "逾期" in line for line in owed)
    # A talk with the recovering student, recorded through the full form.
    page.goto(f"/talks/students/{ids['students']['已好转']}/new")
    page.fill("#content", "谈了补考和学习计划。")
    page.click("button.primary")
    page.wait_for_url(f"**/talks/students/{ids['students']['已好转']}")

    run_id = _compute_term_two(live_app, ids)
    log_in(page, f"state_leader{suffix}")
    page.goto(f"/warnings/runs/{run_id}")
    page.check("input[name=confirm]")
    page.click("button.primary >> text=批准并发布")
    page.wait_for_selector("text=已发布")

    log_in(page, f"state_counselor{suffix}")
    page.goto("/talks/due")
    owed = _talks_owed(page)
    # Still warned: the talks owed since term 1's roster are still there, overdue.
    assert any(names["仍预警"] in line and "逾期" in line for line in owed)
    upcoming = page.locator("#talk-upcoming li").all_inner_texts()
    assert any(names["新预警"] in line for line in upcoming)
    assert not any(names["新预警"] in line for line in owed)
    shot(page, f"standing-due-list-after-next-roster-{suffix}")
    assert not page.csp_violations
