"""Accounts, scoped role grants and password resets."""

import re

import pytest

from portal.core.models import LoginSession, RoleGrant, User

from ..conftest import TEST_PASSWORD


def test_admin_creates_an_account_that_must_change_its_password(client, make, login, db):
    login(make.user("AD01", role="admin"))
    response = client.post(
        "/admin/users/new", data={"username": "T900", "name": "新老师", "active": "y"}
    )
    assert response.status_code == 200
    assert re.search(r'id="temporary-password">([^<]+)<', response.get_data(as_text=True))
    user = db.session.query(User).filter_by(username="T900").one()
    assert user.must_change_password


def test_duplicate_number_is_refused_with_422(client, make, login):
    login(make.user("AD02", role="admin"))
    make.user("T901")
    response = client.post(
        "/admin/users/new", data={"username": "T901", "name": "x"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "该学号/工号已有账号" in response.get_data(as_text=True)
    assert "<html" not in response.get_data(as_text=True)  # a fragment, not a page


def test_admin_grants_a_class_scoped_role(client, make, login, db):
    login(make.user("AD03", role="admin"))
    school_class = make.school_class()
    target = make.user("T902")
    client.post(
        f"/admin/users/{target.id}/grants",
        data={"role": "class_advisor", "scope": f"class:{school_class.id}"},
    )
    grant = db.session.query(RoleGrant).filter_by(user_id=target.id).one()
    assert (grant.role, grant.scope_kind, grant.scope_id) == (
        "class_advisor",
        "class",
        school_class.id,
    )


def test_student_role_cannot_get_an_organisation_scope(client, make, login, db):
    login(make.user("AD04", role="admin"))
    target = make.user("T903", name="被授权人")
    response = client.post(
        f"/admin/users/{target.id}/grants",
        data={"role": "student", "scope": f"college:{make.college().id}"},
    )
    assert response.status_code == 422  # the account's page again, with why (probe finding 4)
    page = response.get_data(as_text=True)
    assert "学生和志愿者只能" in page and "被授权人" in page
    assert db.session.query(RoleGrant).filter_by(user_id=target.id).count() == 0


@pytest.mark.parametrize(
    "data", [{"role": "zzz_bogus", "scope": "all"}, {"role": "counselor", "scope": "class:²"}]
)
def test_a_role_or_scope_not_offered_is_refused_on_the_accounts_page(client, make, login, db, data):
    login(make.user("AD14", role="admin"))
    target = make.user("T914", name="被授权人")
    response = client.post(f"/admin/users/{target.id}/grants", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "被授权人" in page and '<p class="flash error">' in page
    assert db.session.query(RoleGrant).filter_by(user_id=target.id).count() == 0


def test_removing_a_role_ends_the_users_sessions(app, client, make, login, db):
    target = make.user("T904", role="counselor")
    other = app.test_client()
    other.post("/login", data={"username": "T904", "password": TEST_PASSWORD})
    assert other.get("/").status_code == 200
    login(make.user("AD05", role="admin"))
    grant = target.grants[0]
    client.post(f"/admin/users/{target.id}/grants/{grant.id}/delete")
    assert other.get("/").status_code == 302
    assert db.session.query(LoginSession).filter_by(user_id=target.id).count() == 0


def _temporary(response) -> str:
    return re.search(r'id="temporary-password">([^<]+)<', response.get_data(as_text=True)).group(1)


def test_password_reset_shows_a_temporary_password_once(client, make, login, db):
    login(make.user("AD06", role="admin"))
    target = make.user("T905", role="counselor")
    response = client.post(f"/admin/users/{target.id}/reset-password")
    assert response.status_code == 200
    temporary = _temporary(response)
    assert target.must_change_password
    client.post("/logout")
    assert (
        client.post("/login", data={"username": "T905", "password": temporary}).status_code == 303
    )
    # first log-in: nothing opens until the password is changed
    assert client.get("/").headers["Location"].endswith("/password")


def test_issue15_6_password_reset_needs_step_up(client, make, login, db):
    """Finding #6: an administrator whose step-up expired could reset a password (their own
    or another administrator's) and log in with it."""
    from .test_stepup import stale

    admin = make.user("AD07", role="admin")
    other_admin = make.user("AD08", role="admin")
    login(admin)
    stale(client)
    for account in (admin, other_admin):
        before = account.password_hash
        response = client.post(
            f"/admin/users/{account.id}/reset-password",
            headers={"Referer": f"https://localhost/admin/users/{account.id}"},
        )
        assert response.status_code == 303 and "/confirm?next=" in response.headers["Location"]
        db.session.refresh(account)
        assert account.password_hash == before
    client.post("/confirm", data={"password": TEST_PASSWORD})
    response = client.post(f"/admin/users/{other_admin.id}/reset-password")
    assert response.status_code == 200 and _temporary(response)


def test_issue15_6_temporary_password_never_travels_in_the_session_cookie(
    app, client, make, login, db
):
    """Finding #6: the temporary password was a flash message inside the signed (not
    encrypted) session cookie. It is on the answer page once, and nowhere after."""
    login(make.user("AD09", role="admin"))
    target = make.user("T906", role="counselor")
    response = client.post(f"/admin/users/{target.id}/reset-password")
    temporary = _temporary(response)
    cookie = client.get_cookie("__Host-portal")
    serializer = app.session_interface.get_signing_serializer(app)
    assert temporary not in str(serializer.loads(cookie.value))
    assert "Set-Cookie" not in response.headers or temporary not in response.headers["Set-Cookie"]
    assert temporary not in client.get(f"/admin/users/{target.id}").get_data(as_text=True)
    created = client.post(
        "/admin/users/new", data={"username": "T907", "name": "新老师", "active": "y"}
    )
    assert _temporary(created) not in str(
        serializer.loads(client.get_cookie("__Host-portal").value)
    )


def test_every_list_pages_by_the_one_page_size_setting(app, client, make, login, monkeypatch):
    """Issue 22 #6: PAGE_SIZE, not a 50 written in each view."""
    admin = make.user("A950", role="admin")
    for n in range(4):
        make.user(f"T95{n}", role="counselor")
    login(admin)
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    for path in ("/admin/users", "/admin/audit"):
        page = client.get(path).get_data(as_text=True)
        assert "第 1 页，共" in page and 'rel="next"' in page, path
    monkeypatch.setitem(app.config, "PAGE_SIZE", 500)
    assert 'rel="next"' not in client.get("/admin/users").get_data(as_text=True)
