"""Walk finding 6: reading a plan writes nothing a read could fail on. Opening "my study plan"
creates no draft (the first save does), and a reviewer's read mark is written after the
page is answered, skipped (logged) when the database is busy, never a 503."""

import sqlite3
import threading
from datetime import date

from flask_migrate import upgrade

from portal import create_app
from portal.core import audit
from portal.core.models import AuditEvent
from portal.extensions import db as _db
from portal.modules.plans.models import Plan, Read, Version

from ...conftest import TEST_CONFIG, TEST_PASSWORD
from ...factories import Factory
from .test_plans import HX, plan_data, student_of


def test_opening_my_plan_creates_nothing_until_the_first_save(client, login, make, db, followup):
    login(student_of(make, followup))
    page = client.get("/plans/mine").get_data(as_text=True)
    assert 'name="courses-0-how"' in page and "课程B" in page  # the blank form, prefilled
    assert db.session.query(Plan).count() == 0
    assert db.session.query(AuditEvent).filter_by(object_type="Plan").count() == 0
    assert "最近保存于" not in page and "/plans/mine/print" not in page
    assert "开始制定学习计划" in client.get("/plans/mine/widget", headers=HX).get_data(as_text=True)
    saved = client.post("/plans/mine/save", data=plan_data(analysis="第一稿"), headers=HX)
    assert saved.status_code == 200
    plan = db.session.query(Plan).one()
    assert plan.current.content["analysis"] == "第一稿"
    created = db.session.query(AuditEvent).filter_by(action="create", object_type="Plan")
    assert created.count() == 1
    page = client.get("/plans/mine").get_data(as_text=True)
    assert "最近保存于" in page and "/plans/mine/print" in page


def test_the_blank_plan_says_nothing_is_saved_yet(client, login, make, followup):
    login(make.student_user(followup.red, locale="en"))
    page = client.get("/plans/mine").get_data(as_text=True)
    assert "Nothing saved yet" in page and "Last saved" not in page


def test_the_browsers_copy_keeps_its_name_across_the_first_save(client, login, make, followup):
    """Text kept in the browser while offline is found again after the page reloads, also
    when the first save stored the plan meanwhile (its key named the plan's id)."""
    login(student_of(make, followup))
    before = client.get("/plans/mine").get_data(as_text=True)
    client.post("/plans/mine/save", data=plan_data(), headers=HX)
    after = client.get("/plans/mine").get_data(as_text=True)

    def key(page):
        return page.split('data-draft="', 1)[1].split('"', 1)[0]

    assert key(before) == key(after) == f"plan-{followup.red.id}-2026-09-07-1"
    assert 'data-saved-at="0"' in before and 'data-saved-at="0"' not in after


def _file_app(tmp_path, **config):
    app = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db", **config}
    )
    with app.app_context():
        upgrade()
    return app


def _plans_and_reviewers(app, plans: int, reviewers: int) -> tuple[list[int], list[str]]:
    """`plans` students of one class with a plan each; `reviewers` class advisors."""
    with app.app_context():
        make = Factory(app, _db)
        school_class = make.school_class()
        ids = []
        for _n in range(plans):
            plan = Plan(
                student_id=make.student(school_class).id,
                period_start=date(2026, 9, 7),
                reviewer_role="class_advisor",
            )
            content = {"analysis": "作息不规律。", "courses": [], "weekly": [], "goals": []}
            plan.versions.append(Version(number=1, content={**content, "help": {}}))
            _db.session.add(plan)
            _db.session.flush()
            ids.append(plan.id)
        names = [f"PA{n}" for n in range(reviewers)]
        for name in names:
            make.user(name, role="class_advisor", scope=school_class)
        _db.session.commit()
    return ids, names


def _logged_in(app, name):
    client = app.test_client()
    response = client.post("/login", data={"username": name, "password": TEST_PASSWORD})
    assert response.status_code == 303
    return client


def test_a_plan_read_while_the_database_is_locked_is_answered_and_marked_later(
    tmp_path, monkeypatch, caplog
):
    """Another process holds SQLite's write lock for longer than the busy timeout: the
    reviewer still reads the plan (the read mark and the audit row wait after the answer,
    then are logged as not written); the next read writes the mark."""
    app = _file_app(tmp_path, SQLITE_BUSY_TIMEOUT_MS=200)
    monkeypatch.setattr(audit, "AUDIT_PATIENCE_SECONDS", 0.3)
    [plan_id], [name] = _plans_and_reviewers(app, 1, 1)
    client = _logged_in(app, name)
    holder = sqlite3.connect(f"{tmp_path}/p.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    app.logger.addHandler(caplog.handler)  # the migrations' logging config replaced root's
    try:
        page = client.get(f"/plans/{plan_id}")
    finally:
        app.logger.removeHandler(caplog.handler)
        holder.execute("ROLLBACK")
        holder.close()
    assert page.status_code == 200 and "作息不规律" in page.get_data(as_text=True)
    assert "read marks not written" in caplog.text
    with app.app_context():
        assert _db.session.query(Read).count() == 0
    assert client.get(f"/plans/{plan_id}").status_code == 200
    with app.app_context():
        assert [(r.plan_id, r.number) for r in _db.session.query(Read)] == [(plan_id, 1)]
        _db.engine.dispose()


def test_reviewers_reading_plans_while_others_write_all_get_the_page(tmp_path):
    """The walk's 503s: several reviewers opening plans (each first read writes a mark)
    while others log in (each a write). Every read answers 200 and leaves its mark."""
    app = _file_app(tmp_path)
    readers, writers, plans = 8, 4, 6
    plan_ids, names = _plans_and_reviewers(app, plans, readers + writers)
    clients = [_logged_in(app, name) for name in names[:readers]]
    answers, start = [], threading.Barrier(readers + writers)

    def read(client):
        start.wait()
        for plan_id in plan_ids:
            answers.append(("read", client.get(f"/plans/{plan_id}").status_code))

    def write(name):
        client = app.test_client()
        start.wait()
        for _n in range(plans):
            answers.append(
                (
                    "write",
                    client.post(
                        "/login", data={"username": name, "password": TEST_PASSWORD}
                    ).status_code,
                )
            )

    threads = [threading.Thread(target=read, args=(c,)) for c in clients] + [
        threading.Thread(target=write, args=(name,)) for name in names[readers:]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        marks = _db.session.query(Read).count()
        _db.engine.dispose()
    assert sorted(set(answers)) == [("read", 200), ("write", 303)]
    assert marks == readers * plans
