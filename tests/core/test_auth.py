"""Log-in, passwords, throttling, sessions and timeouts (security.md checks 1–6)."""

import time

import pytest

from portal.core.passwords import hash_password

from ..conftest import TEST_PASSWORD


def session_cookie(client):
    return client.get_cookie("__Host-portal")


def test_login_with_number_and_password_reaches_the_dashboard(client, make, login):
    user = make.user("T001", role="counselor", name="陈老师")
    login(user)
    page = client.get("/").get_data(as_text=True)
    assert "陈老师" in page


def test_wrong_password_is_refused_with_a_message(client, make):
    make.user("T002", role="counselor")
    response = client.post("/login", data={"username": "T002", "password": "nope-nope"})
    assert response.status_code == 200
    assert "学号/工号或密码错误" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_stored_hashes_are_argon2id(app, make):
    user = make.user("T000", role="counselor")
    assert user.password_hash.startswith("$argon2id$")
    with app.app_context():
        assert hash_password("a long passphrase").startswith("$argon2id$")


def test_weaker_hash_is_upgraded_at_next_login(app, client, make, db):
    user = make.user("T003", role="counselor")
    old = user.password_hash
    app.config["ARGON2_TIME_COST"] = 2
    try:
        client.post("/login", data={"username": "T003", "password": TEST_PASSWORD})
        db.session.refresh(user)
        assert user.password_hash != old and "t=2" in user.password_hash
    finally:
        app.config["ARGON2_TIME_COST"] = 1


def test_sixth_failure_on_one_account_is_throttled_but_another_address_is_not(client, make):
    make.user("T004", role="counselor")
    for _ in range(5):
        assert (
            client.post("/login", data={"username": "T004", "password": "bad"}).status_code == 200
        )
    assert (
        client.post("/login", data={"username": "T004", "password": TEST_PASSWORD}).status_code
        == 429
    )
    other = client.post(
        "/login",
        data={"username": "T004", "password": TEST_PASSWORD},
        environ_base={"REMOTE_ADDR": "10.9.8.7"},
    )
    assert other.status_code == 303


def test_throttle_is_not_permanent(app, client, make, db):
    from portal.core.models import LoginFailure

    make.user("T005", role="counselor")
    for _ in range(5):
        client.post("/login", data={"username": "T005", "password": "bad"})
    for failure in db.session.query(LoginFailure).all():
        failure.at = failure.at.replace(year=failure.at.year - 1)
    db.session.flush()
    assert (
        client.post("/login", data={"username": "T005", "password": TEST_PASSWORD}).status_code
        == 303
    )


def test_session_cookie_flags(client, make):
    make.user("T006", role="counselor")
    response = client.post("/login", data={"username": "T006", "password": TEST_PASSWORD})
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("__Host-"))
    assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header
    assert "Path=/" in header and "Domain" not in header


def test_session_is_renewed_at_login(client, make):
    make.user("T007", role="counselor")
    client.get("/login")
    client.set_cookie("__Host-portal", "attacker-chosen-value")
    client.post("/login", data={"username": "T007", "password": TEST_PASSWORD})
    assert session_cookie(client).value != "attacker-chosen-value"


def test_cookie_replayed_after_logout_is_anonymous(client, make, login):
    login(make.user("T008", role="counselor"))
    stolen = session_cookie(client).value
    client.post("/logout")
    client.set_cookie("__Host-portal", stolen)
    assert client.get("/").status_code == 302


def test_logout_clears_site_data(client, make, login):
    login(make.user("T009", role="counselor"))
    response = client.post("/logout")
    assert "storage" in response.headers["Clear-Site-Data"]


def test_password_change_signs_out_other_browsers(app, make, db):
    make.user("T010", role="counselor")
    first, second = app.test_client(), app.test_client()
    for browser in (first, second):
        browser.post("/login", data={"username": "T010", "password": TEST_PASSWORD})
    response = first.post(
        "/password",
        data={"current": TEST_PASSWORD, "new": "新的长密码很安全", "confirm": "新的长密码很安全"},
    )
    assert response.status_code == 303
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 302


def test_first_login_forces_a_password_change(client, make):
    make.user("S001", role="student", student=make.student(), must_change_password=True)
    client.post("/login", data={"username": "S001", "password": TEST_PASSWORD})
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/password")


@pytest.mark.parametrize(
    "password, accepted",
    [
        (
            "我们在春天的校园里一起努力学习每一门功课直到期末考试全部顺利通过然后去看海边的日出和日落好吗同学",
            True,
        ),
        ("12345678", False),
        ("short", False),
    ],
)
def test_password_policy(client, make, password, accepted):
    make.user("T011", role="counselor")
    client.post("/login", data={"username": "T011", "password": TEST_PASSWORD})
    response = client.post(
        "/password", data={"current": TEST_PASSWORD, "new": password, "confirm": password}
    )
    assert (response.status_code == 303) is accepted


PROBED = ["aaaaaaaa", "abcdefgh", "123456789012", "iloveyou1", "zzzzzzzzzzzz", "20230129abc"]


@pytest.mark.parametrize(
    "password, reason",
    [
        *[(probed, None) for probed in PROBED],  # an outside probe's list (security.md check 2)
        ("87654321", "a run such as abcdefgh"),
        ("asdfasdf", "One character or a few repeated"),
        ("woaini1314", "a common password"),
        ("1314woaini!", "a common password"),
        ("zhang1990!", "a common password"),
        ("5201314520", "a common password"),
        ("1qaz2wsx3edc", "a common password"),
        ("19900101", "A date, such as a birthday"),
        ("严远的校园生活很精彩", "your student or staff number or your name"),
        ("my 2023900129 number", "your student or staff number or your name"),
    ],
)
def test_a_guessable_password_is_refused_with_its_reason_and_nothing_changes(
    client, make, db, password, reason
):
    """ASVS 5 6.2.4 (no common password, no repeat or run) and 6.2.11 (nothing of the user's
    own: their number, the student number of their record, their name)."""
    student = make.student(student_no="2023900129", name="严远")
    user = make.user("20230129", role="student", student=student, name="严远", locale="en")
    before = user.password_hash
    client.post("/login", data={"username": "20230129", "password": TEST_PASSWORD})
    response = client.post(
        "/password", data={"current": TEST_PASSWORD, "new": password, "confirm": password}
    )
    assert response.status_code == 422
    if reason:
        assert reason in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == before and not user.must_change_password


def test_a_first_login_change_refuses_a_guessable_password_and_still_asks(client, make, db):
    user = make.user("S0129", role="student", student=make.student(), must_change_password=True)
    client.post("/login", data={"username": "S0129", "password": TEST_PASSWORD})
    response = client.post(
        "/password", data={"current": TEST_PASSWORD, "new": "S0129abcd", "confirm": "S0129abcd"}
    )
    assert response.status_code == 422
    db.session.refresh(user)
    assert user.must_change_password
    assert client.get("/").headers["Location"].endswith("/password")


def test_long_chinese_passphrase_is_not_truncated(app, client, make, db):
    phrase = "我们在春天的校园里一起努力学习每一门功课直到期末考试全部顺利通过然后去看海边的日出和日落好吗同学"
    assert len(phrase) >= 48
    make.user("T012", role="counselor", password=phrase)
    ok = client.post("/login", data={"username": "T012", "password": phrase})
    client.post("/logout")
    shorter = client.post("/login", data={"username": "T012", "password": phrase[:-1]})
    assert ok.status_code == 303 and shorter.status_code == 200


def _shift_session(client, **seconds_ago):
    with client.session_transaction() as session:
        for key, ago in seconds_ago.items():
            session[key] = int(time.time()) - ago


def test_idle_timeout_after_31_minutes(client, make, login):
    login(make.user("T013", role="counselor"))
    _shift_session(client, seen=31 * 60)
    assert client.get("/").status_code == 302


def test_absolute_timeout_after_12_hours(client, make, login):
    login(make.user("T014", role="counselor"))
    _shift_session(client, login_at=12 * 3600 + 60, seen=0)
    assert client.get("/").status_code == 302


def test_active_session_survives_within_limits(client, make, login):
    login(make.user("T015", role="counselor"))
    _shift_session(client, seen=29 * 60)
    assert client.get("/").status_code == 200


def test_a_request_that_changes_no_session_sends_no_cookie(client, make, login):
    """A favicon request racing a POST must not write back the session it started with:
    that overwrote the POST's flash message (browser run of CI stop 23)."""
    login(make.user("T016", role="counselor"))
    client.get("/")
    for path in ("/favicon.ico", "/"):
        response = client.get(path)
        assert not [
            h for h in response.headers.getlist("Set-Cookie") if h.startswith("__Host-portal")
        ], path


def test_disabled_account_loses_its_session(client, make, login, db):
    user = make.user("T016", role="counselor")
    login(user)
    user.active = False
    db.session.flush()
    assert client.get("/").status_code == 302


def test_open_redirect_after_login_is_refused(client, make):
    make.user("T017", role="counselor")
    response = client.post(
        "/login?next=//evil.example/x", data={"username": "T017", "password": TEST_PASSWORD}
    )
    assert response.headers["Location"] == "/"
