"""CSRF on every state-changing request; no GET changes the database (security.md check 12)."""

import re

import pytest
from sqlalchemy import event, func, select

from portal.extensions import db as _db

from ..urls import fill

REFERER = {"Referer": "https://localhost/"}


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def token_of(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)


def test_every_post_route_refuses_a_missing_token(app, client, make, login, csrf_on, tally):
    app.config["WTF_CSRF_ENABLED"] = False
    login(make.user("CS1", role="admin"))
    app.config["WTF_CSRF_ENABLED"] = True
    posts = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]
    assert posts
    for rule in posts:
        url = fill(rule.rule)
        response = client.post(url, data={}, headers=REFERER)
        assert response.status_code == 400, (rule.rule, response.status_code)
        tally.update(
            kind="CSRF: state-changing requests without a token",
            tried=tally["tried"] + 1,
            refused=tally["refused"] + 1,
        )


def test_another_sessions_token_is_refused(app, make, csrf_on):
    make.user("CS2", role="admin")
    first, second = app.test_client(), app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    for browser in (first, second):
        browser.post("/login", data={"username": "CS2", "password": "correct horse battery"})
    app.config["WTF_CSRF_ENABLED"] = True
    stolen = token_of(first)
    response = second.post(
        "/admin/users/new",
        data={"username": "X9", "name": "x"},
        headers={"X-CSRFToken": stolen, **REFERER},
    )
    assert response.status_code == 400


def test_foreign_referer_is_refused(app, client, make, login, csrf_on):
    app.config["WTF_CSRF_ENABLED"] = False
    login(make.user("CS3", role="admin"))
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(
        "/admin/users/new",
        data={"username": "X8", "name": "x"},
        headers={"X-CSRFToken": token_of(client), "Referer": "https://evil.example/"},
    )
    assert response.status_code == 400


def _read_writes(table) -> bool:
    """What a read may write: the audit trail, the caches (`info["cache"]`: answers a page
    read computed and keeps for every host, which change nothing anyone sees) and read marks
    (`info["read_mark"]`: written after the page is answered, core/read_marks.py)."""
    return table.name == "core_audit" or table.info.get("cache") or table.info.get("read_mark")


def _row_counts():
    """Every table but those a read may write."""
    return {
        table.name: _db.session.scalar(select(func.count()).select_from(table))
        for table in _db.metadata.sorted_tables
        if not _read_writes(table)
    }


WRITE = re.compile(r"^\s*(?:INSERT(?: OR \w+)? INTO|UPDATE|DELETE FROM)\s+\"?(\w+)", re.I)


def _writes_during(app, fetch) -> list[tuple[str, str]]:
    """(table, statement) of every INSERT, UPDATE or DELETE `fetch()` sends to a table a read
    may not write (row counts miss an UPDATE, or a row created and deleted)."""
    allowed = {t.name for t in _db.metadata.sorted_tables if _read_writes(t)}
    seen = []

    def spy(_conn, _cursor, statement, *_args):
        match = WRITE.match(statement)
        if match and match.group(1) not in allowed:
            seen.append((match.group(1), statement[:80]))

    with app.app_context():
        engine = _db.engine
    event.listen(engine, "before_cursor_execute", spy)
    try:
        fetch()
    finally:
        event.remove(engine, "before_cursor_execute", spy)
    return seen


def test_no_get_request_changes_the_database(app, client, make, login, db):
    student = make.student()
    make.guardian(student)
    login(make.user("CS4", role="admin"))
    gets = [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint != "static"
    ]
    before = _row_counts()
    for rule in gets:
        url = fill(rule.rule, default=student.id)
        client.get(url)
    assert _row_counts() == before


def _every_get(app, client, student_id):
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static":
            client.get(fill(rule.rule, default=student_id))


@pytest.mark.parametrize("who", ["student", "advisor", "counselor"])
def test_no_page_a_warned_student_or_their_staff_read_writes(
    app, client, make, login, followup, who
):
    """Walk finding 6: opening "my study plan" created a draft; opening a plan wrote its read
    mark inside the read (a 503 when the database was busy). As the warned student (no plan
    yet), their reviewer (a plan to read) and their counselor, every page read writes only
    the audit trail, caches and read marks."""
    from portal.modules.plans.models import Plan

    from ..modules.plans.test_plans import plan_data

    student = followup.red
    login(make.student_user(student))
    if who != "student":  # a stored plan for the staff to read
        client.post("/plans/mine/save", data=plan_data())
        assert _db.session.query(Plan).count() == 1
        login({"advisor": followup.advisor, "counselor": followup.counselor}[who])
    before = _row_counts()
    assert _writes_during(app, lambda: _every_get(app, client, student.id)) == []
    assert _row_counts() == before


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_page_renders_in_both_languages(app, client, make, login, grades_for_pages, locale):
    student = grades_for_pages
    login(make.user(f"CS5{locale}", role="admin", locale=locale))
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url = fill(rule.rule, default=student.id)
        url = url.replace("/rulesets/" + str(student.id), "/rulesets/anshan")
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        if response.status_code == 200 and response.mimetype == "text/html":
            lang = 'lang="zh-CN"' if locale == "zh_CN" else 'lang="en"'
            body = response.get_data(as_text=True)
            assert "<html" not in body or lang in body, url


@pytest.fixture
def grades_for_pages(make, db):
    from portal.modules.warnings import rulesets
    from portal.modules.warnings.compute import compute_run

    student = make.student()
    term = make.term("2024-2025-1")
    make.grade(student, term, "A", credits=4, score=20, course_name="课程")
    compute_run(term, rulesets.load("anshan"))
    return student
