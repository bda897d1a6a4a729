"""The per-user limit on bulk exports and bulk prints (security.md check 24) holds against
requests sent at once (probe finding 1: it counted the exports already sent, so 60 at once
let 42 through a limit of 30), and counts an export made by a queue job when it is queued
(probe finding 2: 40 jobs queued, none counted).

The requests at once need a database of their own, committed for real: the suite's one
rolled-back transaction per test cannot be shared by threads. On SQLite a file; with
TEST_DATABASE_URL a schema of its own in that PostgreSQL database, dropped afterwards."""

from __future__ import annotations

import os
import secrets
import threading
from contextlib import contextmanager

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from portal import create_app
from portal.core.export import SLOT
from portal.core.models import AuditEvent, ImportJob
from portal.extensions import db

from ..conftest import TEST_CONFIG, TEST_PASSWORD
from ..factories import Factory

LIMIT, AT_ONCE = 5, 20
TERM = "2026-2027-1"


@contextmanager
def own_database(tmp_path):
    """The URL of an empty database for this test alone."""
    shared = os.environ.get("TEST_DATABASE_URL")
    if not shared:
        yield f"sqlite:///{tmp_path}/slots.sqlite3"
        return
    schema = f"slots_{secrets.token_hex(4)}"
    admin = create_engine(shared)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{shared}{'&' if '?' in shared else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def race(tmp_path):
    """An app on its own database (EXPORT_LIMIT 5; queued jobs wait in a store no worker
    reads), with a class, a student and one counselor per kind of export; then a function
    sending the same request AT_ONCE times at once, in one logged-in session, that returns
    the status codes."""
    with own_database(tmp_path) as url:
        app = create_app(
            {
                **TEST_CONFIG,
                "SQLALCHEMY_DATABASE_URI": url,
                "JOB_STORE": f"sqlite:///{tmp_path}/jobs.sqlite3",
                "EXPORT_LIMIT": LIMIT,
                "PRINT_JOB_NOTICES": -1,  # any print of notices is queued, even of none
            }
        )
        with app.app_context():
            upgrade()
            make = Factory(app, db)
            school_class = make.school_class()
            student = make.student(school_class)
            make.guardian(student, phone="13911112222")
            for kind in ("download", "print", "queue"):
                make.user(f"race-{kind}", role="counselor", scope=school_class)
            db.session.commit()
            ids = {"student": student.id, "class": school_class.id}

        def at_once(username: str, method: str, url: str) -> list[int]:
            first = app.test_client()
            answer = first.post("/login", data={"username": username, "password": TEST_PASSWORD})
            assert answer.status_code == 303
            cookie = first.get_cookie(app.config["SESSION_COOKIE_NAME"])
            clients = [app.test_client() for _ in range(AT_ONCE)]
            for client in clients:  # the same session, as the probe's 60 requests were
                client.set_cookie(cookie.key, cookie.value)
            start, answers = threading.Barrier(AT_ONCE), []

            def send(client):
                start.wait()
                answers.append(client.open(url, method=method).status_code)

            threads = [threading.Thread(target=send, args=(c,)) for c in clients]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            return sorted(answers)

        yield app, ids, at_once
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _rows(app, username: str, action: str) -> int:
    with app.app_context():
        return db.session.query(AuditEvent).filter_by(username=username, action=action).count()


def test_downloads_sent_at_once_get_exactly_the_limit(race):
    app, ids, at_once = race
    answers = at_once("race-download", "GET", f"/students/{ids['student']}/archive.xlsx")
    assert answers == [200] * LIMIT + [429] * (AT_ONCE - LIMIT)
    assert _rows(app, "race-download", SLOT) == LIMIT
    assert _rows(app, "race-download", "archive_export") == LIMIT  # each with its row count


def test_bulk_prints_sent_at_once_get_exactly_the_limit(race):
    app, ids, at_once = race
    answers = at_once("race-print", "GET", f"/binder/{ids['class']}/{TERM}")
    assert answers == [200] * LIMIT + [429] * (AT_ONCE - LIMIT)
    assert _rows(app, "race-print", SLOT) == LIMIT
    assert _rows(app, "race-print", "print_export") == LIMIT


def test_exports_queued_at_once_get_exactly_the_limit(race):
    app, ids, at_once = race
    answers = at_once("race-queue", "POST", f"/warnings/notices/print?class={ids['class']}")
    assert answers == [303] * LIMIT + [429] * (AT_ONCE - LIMIT)
    assert _rows(app, "race-queue", SLOT) == LIMIT
    with app.app_context():
        assert db.session.query(ImportJob).filter_by(task="warnings.print_notices").count() == (
            LIMIT
        )


def test_the_slot_is_taken_before_the_file_is_built_and_kept_if_the_build_fails(
    client, login, make, db, monkeypatch
):
    """Taken first, in its own committed transaction: the build already finds it; a build
    that fails leaves it taken (the attempt is on the record and counts), and no export row."""
    from portal.core import archive

    student = make.student()
    counselor = make.user(role="counselor", scope=student.school_class)
    taken_when_built = []

    def failing_build(_student):
        taken_when_built.append(db.session.query(AuditEvent).filter_by(action=SLOT).count())
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(archive, "workbook", failing_build)
    login(counselor)
    with pytest.raises(RuntimeError):
        client.get(f"/students/{student.id}/archive.xlsx")
    db.session.rollback()
    assert taken_when_built == [1]
    [slot] = db.session.query(AuditEvent).filter_by(action=SLOT).all()
    assert (
        slot.user_id == counselor.id and slot.detail == f"GET /students/{student.id}/archive.xlsx"
    )
    assert db.session.query(AuditEvent).filter_by(action="archive_export").count() == 0
