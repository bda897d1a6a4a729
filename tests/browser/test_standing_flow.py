"""Standing across terms in a real browser (warning-rules.md §6): a roster published weeks
ago, talks recorded, then the next term's roster approved in which a student is still
warned — the counselor's due list still shows that student's open and overdue talks, and
the newly warned student appears as upcoming."""

from datetime import timedelta
from decimal import Decimal

from .conftest import DEMO_PASSWORD, log_in
from .test_foundation_flows import shot

T1, T2 = "2019-2020-1", "2019-2020-2"  # older than the demo's terms: its pages keep theirs


def _setup(live_app, suffix: str) -> dict:
    """A college of its own (the test runs with and without JavaScript on one portal):
    its anshan ruleset and cadence, staff, and a term-1 roster published 40 days ago."""
    from sqlalchemy import select

    from portal.core.cadence_policies import apply_preset
    from portal.core.models import (
        College,
        GradeRecord,
        Major,
        RoleGrant,
        SchoolClass,
        Student,
        Term,
        User,
    )
    from portal.core.passwords import hash_password
    from portal.extensions import db
    from portal.modules.warnings import rulesets
    from portal.modules.warnings.compute import compute_run
    from portal.modules.warnings.lifecycle import transition

    with live_app.app_context():
        college = College(name=f"状态学院{suffix}")
        school_class = SchoolClass(
            name=f"状态班{suffix}",
            grade_year=2019,
            major=Major(name=f"状态专业{suffix}", college=college),
        )
        db.session.add(school_class)
        db.session.flush()
        terms = {}
        for code in (T1, T2):
            terms[code] = db.session.scalar(select(Term).where(Term.code == code)) or Term(
                code=code, start_year=int(code[:4]), n=int(code[-1])
            )
            db.session.add(terms[code])
        students = {}
        for name in ("仍预警", "已好转", "新预警"):
            students[name] = Student(
                student_no=f"S{suffix}{len(students)}{name.encode().hex()[:6]}",
                name=f"{name}{suffix}",
                school_class=school_class,
                major=school_class.major,
                college=college,
                grade_year=2019,
                status="enrolled",
            )
            db.session.add(students[name])
        db.session.flush()

        def attempt(student, term, course, credits, score):
            db.session.add(
                GradeRecord(
                    student_id=student.id,
                    term_id=terms[term].id,
                    course_code=course,
                    course_name=course,
                    credits=Decimal(credits),
                    kind="regular",
                    score=Decimal(score),
                    score_text=str(score),
                    passed=score >= 60,
                )
            )

        for name in ("仍预警", "已好转"):  # orange in term 1: 3 failed credits of 20
            attempt(students[name], T1, "A", 17, 90)
            attempt(students[name], T1, "B", 3, 40)
        attempt(students["新预警"], T1, "A", 20, 90)
        password = hash_password(DEMO_PASSWORD)
        users = {}
        for role, scope_kind, scope_id in (
            ("counselor", "class", school_class.id),
            ("secretary", "college", college.id),
            ("leader", "college", college.id),
        ):
            users[role] = User(
                username=f"state_{role}{suffix}",
                name=f"状态{role}",
                password_hash=password,
                must_change_password=False,
            )
            users[role].grants.append(
                RoleGrant(role=role, scope_kind=scope_kind, scope_id=scope_id)
            )
            db.session.add(users[role])
        db.session.flush()
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
    from portal.core.models import GradeRecord, Term
    from portal.extensions import db
    from portal.modules.warnings import rulesets
    from portal.modules.warnings.compute import compute_run
    from portal.modules.warnings.lifecycle import transition

    with live_app.app_context():
        term = db.session.get(Term, ids["terms"][T2])
        for name, failed in (("仍预警", 3), ("已好转", 0), ("新预警", 4)):
            for course, credits, score in (("C", 20 - failed, 90), ("D", failed, 40)):
                if credits:
                    db.session.add(
                        GradeRecord(
                            student_id=ids["students"][name],
                            term_id=term.id,
                            course_code=course,
                            course_name=course,
                            credits=Decimal(credits),
                            kind="regular",
                            score=Decimal(score),
                            score_text=str(score),
                            passed=score >= 60,
                        )
                    )
        db.session.flush()
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
