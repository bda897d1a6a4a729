"""A database that refuses for a while (its disk full, a restart): the user is told, in
their language, that nothing was saved; nothing half-saved is left; the next try works."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import event

from portal.modules.talks.models import Talk

from .modules.talks.test_talks import form as talk_form


@pytest.fixture
def full_disk(app, db):
    """Every insert of a talk fails as the driver does when the disk is full, until undone."""

    def refuse(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO talks_talk"):
            raise conn.dialect.loaded_dbapi.OperationalError("database or disk is full")

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", refuse)
    yield
    event.remove(engine, "before_cursor_execute", refuse)


def test_a_save_the_database_refuses_answers_503_and_writes_nothing(
    client, login, db, followup, full_disk
):
    login(followup.counselor)
    response = client.post(f"/talks/students/{followup.red.id}/new", data=talk_form())
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    assert "没有保存任何内容" in page
    assert db.session.query(Talk).count() == 0


def test_to_htmx_it_swaps_nothing_and_raises_the_page_notice(
    client, login, db, followup, full_disk
):
    login(followup.counselor)
    response = client.post(
        f"/talks/students/{followup.red.id}/new", data=talk_form(), headers={"HX-Request": "true"}
    )
    assert response.status_code == 503
    assert response.headers["HX-Reswap"] == "none"
    # The notice says what happened, not only "reload and try again".
    notice = json.loads(response.headers["HX-Trigger"])["portalError"]["message"]
    assert "没有保存任何内容" in notice


def test_once_the_database_takes_writes_again_the_same_save_works(client, login, db, followup):
    login(followup.counselor)
    assert (
        client.post(f"/talks/students/{followup.red.id}/new", data=talk_form()).status_code == 303
    )
    assert db.session.query(Talk).count() == 1


def test_a_database_gone_after_the_answer_was_made_leaves_the_answer(
    client, login, db, followup, monkeypatch
):
    """PostgreSQL restarting just after a page was rendered makes closing the session fail;
    the page is still answered (it was a 500 before)."""
    from sqlalchemy.exc import OperationalError

    login(followup.counselor)
    failed = []

    def remove_once_on_a_dead_connection():
        if not failed:
            failed.append(True)
            raise OperationalError(
                "ROLLBACK", {}, Exception("terminating connection due to administrator command")
            )

    monkeypatch.setattr(db.session, "remove", remove_once_on_a_dead_connection)
    response = client.get("/")
    assert failed and response.status_code == 200
