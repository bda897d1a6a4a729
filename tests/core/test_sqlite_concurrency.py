"""SQLite under concurrent writers: requests that may write begin IMMEDIATE and wait their
turn, instead of failing with "database is locked" (security.md check 28)."""

import threading

from flask_migrate import upgrade

from portal import create_app
from portal.extensions import db

from ..conftest import TEST_CONFIG, TEST_PASSWORD
from ..factories import Factory


def test_simultaneous_logins_all_succeed(tmp_path):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/c.db"})
    with app.app_context():
        upgrade()
        make = Factory(app, db)
        for n in range(12):
            make.user(f"CC{n}", role="counselor")
        db.session.commit()
    answers = []

    def log_in(n):
        response = app.test_client().post(
            "/login", data={"username": f"CC{n}", "password": TEST_PASSWORD}
        )
        answers.append(response.status_code)

    threads = [threading.Thread(target=log_in, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        db.engine.dispose()
    assert answers == [303] * 12


def test_issue15_concurrent_audited_reads_all_answer_200(tmp_path):
    """Issue 15 / issue 17 item 2: GET pages that write an audit row answered 503 when a few
    people read at once while others wrote (the reader's transaction could not become a
    writer). 20 readers of an audited page and 5 writers at once: every answer is 200/303,
    and every read left its audit row."""
    from portal.core.models import AuditEvent

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/r.db"})
    readers, writers, rounds = 20, 5, 4
    with app.app_context():
        upgrade()
        make = Factory(app, db)
        school_class = make.school_class()
        student = make.student(school_class)
        make.guardian(student)
        for n in range(readers):
            make.user(f"RD{n}", role="counselor", scope=school_class)
        for n in range(writers):
            make.user(f"WR{n}", role="counselor", scope=school_class)
        db.session.commit()
        student_id = student.id
    clients = []
    for n in range(readers):
        client = app.test_client()
        assert (
            client.post(
                "/login", data={"username": f"RD{n}", "password": TEST_PASSWORD}
            ).status_code
            == 303
        )
        clients.append(client)
    answers, start = [], threading.Barrier(readers + writers)

    def read(client):
        start.wait()
        for _ in range(rounds):
            answers.append(("read", client.get(f"/students/{student_id}/family").status_code))

    def write(n):
        client = app.test_client()
        start.wait()
        for _ in range(rounds):  # a log-in writes a session row and an audit row
            answers.append(
                (
                    "write",
                    client.post(
                        "/login", data={"username": f"WR{n}", "password": TEST_PASSWORD}
                    ).status_code,
                )
            )

    threads = [threading.Thread(target=read, args=(c,)) for c in clients] + [
        threading.Thread(target=write, args=(n,)) for n in range(writers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        views = db.session.query(AuditEvent).filter_by(action="view").count()
        db.engine.dispose()
    assert sorted(set(answers)) == [("read", 200), ("write", 303)]
    assert len(answers) == (readers + writers) * rounds
    assert views == readers * rounds


def test_busy_timeout_follows_the_setting(tmp_path):
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/t.db",
            "SQLITE_BUSY_TIMEOUT_MS": 7000,
        }
    )
    with app.app_context():
        assert db.session.execute(db.text("PRAGMA busy_timeout")).scalar() == 7000
        db.engine.dispose()
    default = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/d.db"})
    with default.app_context():
        assert db.session.execute(db.text("PRAGMA busy_timeout")).scalar() >= 5000
        db.engine.dispose()
