"""Times the effectiveness review of a university-sized term.

    .venv/bin/python bench/review_bench.py [--students 30000] [--db URL] [--reuse]

Builds (in a temporary SQLite file unless --db is given) 30,000 students in 10 colleges with
ten courses' grades in two terms, computes and publishes both terms' rosters with the anshan
ruleset, then times the review page (school level: all colleges; one college's leader), its
print page and its .xlsx export, with SQL statements per request: first with nothing stored
(every host computing its answers), then as another host finds them stored in the database;
last the review page cold (the first request after the warnings data changed, nothing
stored) and warm, for the school level and one college's leader, in CPU time (the machine
may be shared). With --reuse and a --db holding this bench's build already, that build is
timed again (building 30,000 students takes minutes).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _pages import PASSWORD, _timed, analyze, bench_app, time_pages  # noqa: E402


def build(app, count: int) -> None:
    from sqlalchemy import insert

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
    from portal.core.models.base import utcnow
    from portal.core.passwords import hash_password
    from portal.extensions import db
    from portal.modules.warnings import rulesets
    from portal.modules.warnings.compute import compute_run
    from portal.modules.warnings.models import RunEvent

    rng = random.Random(7)
    colleges = [College(name=f"学院{i}") for i in range(10)]
    majors = [Major(name=f"专业{c}-{j}", college=colleges[c]) for c in range(10) for j in range(3)]
    classes = [
        SchoolClass(name=f"班{m}-{k}", major=majors[m], grade_year=2023 + k % 3)
        for m in range(30)
        for k in range(33)
    ]
    terms = [
        Term(code="2025-2026-1", start_year=2025, n=1),
        Term(code="2025-2026-2", start_year=2025, n=2),
    ]
    db.session.add_all([*colleges, *majors, *classes, *terms])
    db.session.flush()
    students = [
        {
            "student_no": f"B{i:07d}",
            "name": f"学生{i}",
            "class_id": classes[i % 990].id,
            "major_id": classes[i % 990].major_id,
            "college_id": majors[(i % 990) // 33].college_id,
            "status": "enrolled",
            "grade_year": 2024,
        }
        for i in range(count)
    ]
    db.session.execute(insert(Student), students)
    ids = [sid for (sid,) in db.session.execute(db.select(Student.id).order_by(Student.id))]
    for term in terms:
        rows = []
        for sid in ids:
            weak = rng.random() < 0.12
            for c in range(10):
                score = rng.randint(30, 70) if weak else rng.randint(55, 98)
                rows.append(
                    {
                        "student_id": sid,
                        "term_id": term.id,
                        "course_code": f"C{c}{term.n}",
                        "course_name": f"课程{c}",
                        "credits": Decimal(2),
                        "kind": "regular",
                        "score": Decimal(score),
                        "score_text": str(score),
                        "passed": score >= 60,
                    }
                )
        for start in range(0, len(rows), 50000):
            db.session.execute(insert(GradeRecord), rows[start : start + 50000])
    published = utcnow() - timedelta(days=60)
    for college in colleges:
        rulesets.assign(college, "anshan")
        for term in terms:
            run = compute_run(term, rulesets.load("anshan"), college_id=college.id)
            run.status = "published"
            db.session.add(RunEvent(run_id=run.id, action="approve", at=published))
    password = hash_password(PASSWORD)
    admin = User(
        username="bench-admin", name="校级", password_hash=password, must_change_password=False
    )
    admin.grants.append(RoleGrant(role="leader", scope_kind="all"))
    leader = User(
        username="bench-leader", name="院长", password_hash=password, must_change_password=False
    )
    leader.grants.append(RoleGrant(role="leader", scope_kind="college", scope_id=colleges[0].id))
    db.session.add_all([admin, leader])
    db.session.commit()


def built(count: int) -> bool:
    """Whether the database holds this bench's build of `count` students already."""
    from sqlalchemy import func, select

    from portal.core.models import Student, User
    from portal.extensions import db

    return (
        db.session.scalar(select(func.count()).select_from(Student)) == count
        and db.session.scalar(select(User.id).where(User.username == "bench-admin")) is not None
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=30000)
    parser.add_argument("--db")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time an earlier build in --db (the 30,000 build takes minutes) if it holds one",
    )
    args = parser.parse_args()
    from sqlalchemy import func, select

    from portal.extensions import db
    from portal.modules.warnings.models import Warning

    app, counter = bench_app(args.db, "r.sqlite3")
    with app.app_context():
        start = time.perf_counter()
        reused = args.reuse and built(args.students)
        if not reused:
            build(app, args.students)
            analyze()
        warned = db.session.scalar(select(func.count()).select_from(Warning))
    made = "an earlier build reused" if reused else f"built in {time.perf_counter() - start:.0f} s"
    print(
        f"{args.students} students, {warned} warnings in two terms, {made} "
        f"({app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]})"
    )
    plan = [
        ("bench-admin", ["/review/", "/review/?by=class", "/review/print", "/review/export.xlsx"]),
        ("bench-leader", ["/review/", "/review/?by=counselor"]),
    ]
    print(
        "Before: nothing stored, each host computes its answers (first) and keeps them in "
        "its memory (best):"
    )
    forget(app, stored=True)
    time_pages(app, counter, plan)
    print(
        "After: another host's first requests, the answers stored in the database by the "
        "first (its memory and compiled templates empty):"
    )
    forget(app, stored=False)
    time_pages(app, counter, plan)
    print(
        "The review page, cold (the data just changed: nothing stored, nothing in memory; "
        "best of 3 fresh starts) and warm (best of 3 after), CPU time:"
    )
    for user in ("bench-admin", "bench-leader"):
        cold, warm = cold_and_warm(app, counter, user, "/review/")
        print(
            f"  {user:16} cold {cold[3] * 1000:5.0f} ms  {cold[1]:3d} queries   "
            f"warm {warm[3] * 1000:5.0f} ms  {warm[1]:3d} queries"
        )


def cold_and_warm(app, counter, user: str, url: str):
    """(cold, warm) timings of a page, each the best of three: cold as the first request
    after the warnings data changed (nothing stored in the database or this process's
    memory, templates compiled), warm as the next."""
    colds, warms = [], []
    for _ in range(3):
        client = app.test_client()
        client.post("/login", data={"username": user, "password": PASSWORD})
        client.get(url)  # templates compiled, the login's own first-request work done
        forget(app, stored=True, templates=False)
        colds.append(_timed(client, url, counter))
        warms.append(_timed(client, url, counter))
    return min(colds, key=lambda t: t[3]), min(warms, key=lambda t: t[3])


def forget(app, stored: bool, templates: bool = True) -> None:
    """A fresh host: no answers in this process's memory, no compiled templates (unless
    `templates` is false: a running host whose data just changed); with `stored`, no
    answers stored in the database either (as before they were stored)."""
    from sqlalchemy import delete

    from portal.extensions import db
    from portal.modules.warnings import cohort
    from portal.modules.warnings.models import StoredAnswer

    cohort._CACHE.clear()
    if templates:
        app.jinja_env.cache.clear()
    if stored:
        with app.app_context():
            db.session.execute(delete(StoredAnswer))
            db.session.commit()


if __name__ == "__main__":
    main()
