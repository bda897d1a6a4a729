"""Accounts, scoped role grants and password resets."""

import re

from portal.core.models import LoginSession, RoleGrant, User

from ..conftest import TEST_PASSWORD


def test_admin_creates_an_account_that_must_change_its_password(client, make, login, db):
    login(make.user("AD01", role="admin"))
    response = client.post("/admin/users/new", data={"username": "T900", "name": "新老师",
                                                      "active": "y"})
    assert response.status_code == 303
    user = db.session.query(User).filter_by(username="T900").one()
    assert user.must_change_password


def test_duplicate_number_is_refused_with_422(client, make, login):
    login(make.user("AD02", role="admin"))
    make.user("T901")
    response = client.post("/admin/users/new", data={"username": "T901", "name": "x"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "该学号/工号已有账号" in response.get_data(as_text=True)
    assert "<html" not in response.get_data(as_text=True)  # a fragment, not a page


def test_admin_grants_a_class_scoped_role(client, make, login, db):
    login(make.user("AD03", role="admin"))
    school_class = make.school_class()
    target = make.user("T902")
    client.post(f"/admin/users/{target.id}/grants",
                data={"role": "class_advisor", "scope": f"class:{school_class.id}"})
    grant = db.session.query(RoleGrant).filter_by(user_id=target.id).one()
    assert (grant.role, grant.scope_kind, grant.scope_id) == ("class_advisor", "class",
                                                              school_class.id)


def test_student_role_cannot_get_an_organisation_scope(client, make, login, db):
    login(make.user("AD04", role="admin"))
    target = make.user("T903")
    client.post(f"/admin/users/{target.id}/grants",
                data={"role": "student", "scope": f"college:{make.college().id}"})
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


def test_password_reset_shows_a_temporary_password_once(client, make, login, db):
    login(make.user("AD06", role="admin"))
    target = make.user("T905", role="counselor")
    client.post(f"/admin/users/{target.id}/reset-password")
    page = client.get(f"/admin/users/{target.id}").get_data(as_text=True)
    temporary = re.search(r"T905 的临时密码：(\S+) ", page).group(1)
    assert target.must_change_password
    client.post("/logout")
    assert client.post("/login", data={"username": "T905", "password": temporary}
                       ).status_code == 303
