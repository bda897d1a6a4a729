"""Fixtures: one schema per run (built by the migrations), one rolled-back transaction per test.

Set TEST_DATABASE_URL to run the suite against PostgreSQL; the default is a SQLite file.
"""

from __future__ import annotations

import os

import pytest
from flask_migrate import upgrade
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from portal import create_app
from portal.core.models import RoleGrant, SchoolClass, Student, User
from portal.core.passwords import hash_password
from portal.extensions import db as _db

from .factories import Factory

TEST_PASSWORD = "correct horse battery"

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-only-secret-key-0123456789abcdef",
    "WTF_CSRF_ENABLED": False,
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_COST": 1024,
    "ARGON2_PARALLELISM": 1,
    "JOB_STORE": "immediate",  # a job runs inside the request that submits it
    "SERVER_NAME": "localhost",
    "PREFERRED_URL_SCHEME": "https",
}


def database_url(tmp_path_factory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    )


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    application = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": database_url(tmp_path_factory),
            "UPLOAD_FOLDER": str(instance / "uploads"),
        }
    )
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        _db.engine.dispose()


class _TestSession(scoped_session):
    """One session for the whole test, across its requests: `remove()` at the end of a
    request must not drop it (the test still holds its objects)."""

    def remove(self):
        pass


@pytest.fixture
def db(app):
    """Every commit becomes a SAVEPOINT inside one transaction rolled back at the end.

    The test body runs outside any app context, as a browser's requests would: each
    request then gets its own context (and its own `g`)."""
    with app.app_context():
        connection = _db.engine.connect()
        outer = connection.begin()
    original = _db.session
    _db.session = _TestSession(
        sessionmaker(bind=connection, join_transaction_mode="create_savepoint", class_=Session),
        scopefunc=lambda: "test",
    )
    try:
        yield _db
    finally:
        _db.session.registry().close()
        _db.session = original
        outer.rollback()
        connection.close()


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def make(app, db):
    return Factory(app, db)


@pytest.fixture
def login(client):
    def log_in(user: User, password: str = TEST_PASSWORD):
        client.post("/logout")
        response = client.post("/login", data={"username": user.username, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return response

    return log_in


__all__ = ["RoleGrant", "SchoolClass", "Student", "hash_password"]


@pytest.fixture
def followup(app, make, db):
    from .followup import build

    return build(app, make, db)


@pytest.fixture
def tally(request):
    """Bad inputs tried and refused, for the reliability bench (bench/bad_inputs.py): a
    line of JSON appended to $PORTAL_TALLY when the test passes; nothing otherwise."""
    import json

    counts = {"kind": "", "tried": 0, "refused": 0}
    yield counts
    path = os.environ.get("PORTAL_TALLY")
    report = getattr(request.node, "rep_call", None)
    if path and report is not None and report.passed:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"test": request.node.nodeid, **counts}) + "\n")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report  # the tally is written only for a passing test
    return report
