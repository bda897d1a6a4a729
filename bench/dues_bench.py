"""Times the due lists and the compliance page for a large college.

    .venv/bin/python bench/dues_bench.py [--warned 1500] [--db URL]

Builds (in a temporary SQLite file unless --db is given) one college whose published
roster warns N students (a third each yellow, orange, red, anshan cadence, published five
weeks ago), with two talks and one parent contact for two students in three; then times the
counselor's dashboard, the talks page, a student's talk tab and the leader's compliance
page through the test client, counting SQL statements per request.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import arguments  # noqa: E402
from _pages import PASSWORD, analyze, bench_app, time_pages  # noqa: E402


def build(app, warned: int) -> dict:
    from portal.core.cadence_policies import apply_preset
    from portal.core.models import College, Major, RoleGrant, SchoolClass, Student, Term, User
    from portal.core.models.base import utcnow
    from portal.core.passwords import hash_password
    from portal.extensions import db
    from portal.modules.parents.models import Contact
    from portal.modules.talks.models import Talk
    from portal.modules.warnings import rulesets
    from portal.modules.warnings.models import Run, RunEvent, Warning

    college = College(name="基准学院")
    major = Major(name="基准专业", college=college)
    classes = [
        SchoolClass(name=f"班{i}", major=major, grade_year=2023) for i in range(warned // 30)
    ]
    term = Term(code="2025-2026-1", start_year=2025, n=1)
    db.session.add_all([college, major, term, *classes])
    db.session.flush()
    rulesets.assign(college, "anshan")
    apply_preset(college, "anshan")
    published = utcnow() - timedelta(days=35)
    run = Run(
        term_id=term.id,
        college_id=college.id,
        ruleset_code="anshan",
        status="published",
        ruleset_snapshot=rulesets.ruleset_row("anshan").definition,
        created_at=published,
    )
    db.session.add(run)
    db.session.flush()
    db.session.add(RunEvent(run_id=run.id, action="approve", at=published))
    password = hash_password(PASSWORD)
    counselor = User(
        username="bench-counselor",
        name="基准辅导员",
        password_hash=password,
        must_change_password=False,
    )
    leader = User(
        username="bench-leader", name="基准院长", password_hash=password, must_change_password=False
    )
    counselor.grants.append(RoleGrant(role="counselor", scope_kind="college", scope_id=college.id))
    leader.grants.append(RoleGrant(role="leader", scope_kind="college", scope_id=college.id))
    db.session.add_all([counselor, leader])
    for i in range(warned):
        school_class = classes[i % len(classes)]
        student = Student(
            student_no=f"B{i:07d}",
            name=f"学生{i}",
            school_class=school_class,
            major=major,
            college=college,
            status="enrolled",
            grade_year=2023,
        )
        db.session.add(student)
        db.session.flush()
        level, rank = (("yellow", 1), ("orange", 2), ("red", 3))[i % 3]
        db.session.add(
            Warning(
                run_id=run.id,
                student_id=student.id,
                category="academic",
                level=level,
                level_rank=rank,
                fired=[],
                metrics={},
                change="new",
            )
        )
        if i % 3:
            for day in (5, 12):
                db.session.add(
                    Talk(
                        student_id=student.id,
                        talker_role="counselor",
                        held_at=published + timedelta(days=day),
                        method="face",
                        talkers="基准辅导员",
                        content="内容",
                    )
                )
            db.session.add(
                Contact(
                    student_id=student.id,
                    parent_name="家长",
                    method="phone",
                    contacted_at=published + timedelta(days=9),
                    made_by="基准辅导员",
                    made_by_role="counselor",
                    content="内容",
                )
            )
    db.session.commit()
    return {"student": student.id}


def main() -> None:
    args = arguments("warned", 1500)
    app, counter = bench_app(args.db, "b.sqlite3")
    with app.app_context():
        ids = build(app, args.warned)
        analyze()
    print(f"{args.warned} warned students, {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}")
    time_pages(
        app,
        counter,
        [
            (
                "bench-counselor",
                [
                    "/",
                    "/talks/",
                    f"/talks/students/{ids['student']}",
                    "/parents/",
                    "/talks/due",
                    "/parents/due",
                ],
            ),
            ("bench-leader", ["/cadence/compliance"]),
        ],
    )


if __name__ == "__main__":
    main()
