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
        response = app.test_client().post("/login", data={"username": f"CC{n}",
                                                           "password": TEST_PASSWORD})
        answers.append(response.status_code)

    threads = [threading.Thread(target=log_in, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        db.engine.dispose()
    assert answers == [303] * 12
