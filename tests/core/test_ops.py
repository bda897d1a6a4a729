"""Operations (security.md checks 29–30): `check-deploy` refuses an unsafe production start;
`backup` copies the database while it is being written, `restore` brings the copy back."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import make_url

from portal import create_app
from portal.extensions import db

from ..conftest import TEST_CONFIG

STRONG = "k3Y-" + "9f8e7d6c5b4a3928171605f4e3d2c1b0a"
PRODUCTION = {
    "SECRET_KEY": STRONG,
    "SESSION_COOKIE_SECURE": True,
    "TESTING": False,
    "WTF_CSRF_ENABLED": True,
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://portal@127.0.0.1:5432/portal",
}


def check(config: dict, *args: str):
    app = create_app(config)
    return app.test_cli_runner().invoke(args=["check-deploy", *args])


def test_a_production_configuration_passes(tmp_path):
    result = check({**PRODUCTION}, "--workers", "4")
    assert result.exit_code == 0, result.output
    assert "ok" in result.output


@pytest.mark.parametrize(
    ("change", "args", "reason"),
    [
        ({"SECRET_KEY": "dev"}, (), "SECRET_KEY"),
        ({"SECRET_KEY": "a" * 40}, (), "SECRET_KEY"),  # long, but one character
        ({"SESSION_COOKIE_SECURE": False}, (), "SESSION_COOKIE_SECURE"),
        ({"SESSION_COOKIE_HTTPONLY": False}, (), "HTTPONLY"),
        ({"WTF_CSRF_ENABLED": False}, (), "CSRF"),
        (
            {"SQLALCHEMY_DATABASE_URI": "sqlite:////tmp/portal-check.sqlite3"},
            ("--workers", "4"),
            "SQLite with 4 workers",
        ),
    ],
)
def test_each_unsafe_setting_is_refused(change, args, reason):
    result = check({**PRODUCTION, **change}, *args)
    assert result.exit_code == 1
    assert reason in result.output


def test_debug_mode_is_refused(monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")  # `flask --debug`, or the deployment's environment
    result = check({**PRODUCTION})
    assert result.exit_code == 1 and "debug" in result.output


def test_the_worker_count_is_read_from_the_deployment(monkeypatch):
    monkeypatch.setenv("GUNICORN_CMD_ARGS", "--bind 127.0.0.1:8000 -w 4")
    result = check({**PRODUCTION, "SQLALCHEMY_DATABASE_URI": "sqlite:////tmp/x.sqlite3"})
    assert result.exit_code == 1 and "4 workers" in result.output
    monkeypatch.setenv("GUNICORN_CMD_ARGS", "--workers=1")
    assert (
        check({**PRODUCTION, "SQLALCHEMY_DATABASE_URI": "sqlite:////tmp/x.sqlite3"}).exit_code == 0
    )


class Writer(threading.Thread):
    """Adds audit rows as fast as it can, like a busy portal."""

    def __init__(self, path: Path):
        super().__init__(daemon=True)
        self.path, self.stop, self.written, self.errors = path, threading.Event(), 0, []

    def run(self):
        connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        while not self.stop.is_set():
            try:
                connection.execute(
                    "INSERT INTO core_audit (at, action, detail) "
                    "VALUES (datetime('now'), 'load', 'x')"
                )
                self.written += 1
            except sqlite3.Error as error:  # pragma: no cover - the test fails on it
                self.errors.append(error)
        connection.close()


def audit_rows(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM core_audit").fetchone()[0]


def test_sqlite_backup_under_write_load_and_restore(tmp_path):
    live = tmp_path / "live.sqlite3"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{live}"})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    writer = Writer(live)
    writer.start()
    time.sleep(0.3)
    before = audit_rows(live)
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite3")])
    after = audit_rows(live)
    time.sleep(0.2)
    writer.stop.set()
    writer.join()
    assert result.exit_code == 0, result.output
    assert not writer.errors  # the writers never waited out their busy timeout
    copied = audit_rows(tmp_path / "copy.sqlite3")
    assert before <= copied <= after and audit_rows(live) > copied  # a snapshot mid-load
    again = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite3")])
    assert again.exit_code != 0  # never overwrites a backup
    assert (
        app.test_cli_runner().invoke(args=["restore", str(tmp_path / "copy.sqlite3")]).exit_code
        != 0
    )  # needs --yes
    restored = app.test_cli_runner().invoke(
        args=["restore", str(tmp_path / "copy.sqlite3"), "--yes"]
    )
    assert restored.exit_code == 0, restored.output
    assert audit_rows(live) == copied
    with sqlite3.connect(live) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="the PostgreSQL run of the suite covers pg_dump and pg_restore",
)
def test_postgresql_backup_and_restore(tmp_path):
    import psycopg

    base = make_url(os.environ["TEST_DATABASE_URL"])
    admin = base.set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS portal_ops_test")
        connection.execute("CREATE DATABASE portal_ops_test")
    url = base.set(database="portal_ops_test").render_as_string(False)
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    runner = app.test_cli_runner()
    with app.app_context():
        upgrade()
        db.session.execute(db.text("INSERT INTO core_college (name) VALUES ('备份学院')"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    assert runner.invoke(args=["backup", str(tmp_path / "portal.dump")]).exit_code == 0
    with app.app_context():
        db.session.execute(db.text("DELETE FROM core_college"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    result = runner.invoke(args=["restore", str(tmp_path / "portal.dump"), "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.execute(db.text("SELECT name FROM core_college")).scalars().all() == [
            "备份学院"
        ]
        db.session.remove()  # give the connection back before the pool goes
        db.engine.dispose()
