"""Step-up (security.md check 7): a login older than FRESH_LOGIN_SECONDS confirms the
password before revealing parents' phones or bank details, exporting, or changing roles;
then goes back where it was. A wrong password reveals nothing and is audited."""

from __future__ import annotations

import time

import pytest

from portal.core.models import AuditEvent, RoleGrant

from ..conftest import TEST_PASSWORD


def stale(client) -> None:
    """The password was entered an hour ago (the session itself is still valid)."""
    with client.session_transaction() as session:
        session["login_at"] = session["auth_at"] = int(time.time()) - 3600


@pytest.mark.parametrize("path", ["/parents/students/{id}/phones", "/students/{id}/family"])
def test_revealing_phones_needs_a_fresh_password(client, login, db, followup, path):
    url = path.format(id=followup.red.id)
    login(followup.counselor)
    assert client.get(url).status_code == 200  # just logged in: fresh
    stale(client)
    response = client.get(url)
    assert response.status_code == 303 and "/confirm?next=" in response.headers["Location"]
    assert (
        client.get(url, headers={"HX-Request": "true"})
        .headers["HX-Redirect"]
        .startswith("/confirm")
    )
    wrong = client.post(f"/confirm?next={url}", data={"password": "not it"})
    assert wrong.status_code == 422 and "13912345678" not in wrong.get_data(as_text=True)
    assert db.session.query(AuditEvent).filter_by(action="reauth_failed").count() == 1
    right = client.post(f"/confirm?next={url}", data={"password": TEST_PASSWORD})
    assert right.status_code == 303 and right.headers["Location"].endswith(url)
    assert "13912345678" in client.get(url).get_data(as_text=True)


def test_an_export_needs_a_fresh_password(client, login, make, db, followup):
    login(make.user(role="leader", scope=followup.school_class.major.college))
    stale(client)
    response = client.get("/review/export.xlsx")
    assert response.status_code == 303 and "/confirm" in response.headers["Location"]
    assert db.session.query(AuditEvent).filter_by(action="export").count() == 0
    client.post("/confirm?next=/review/export.xlsx", data={"password": TEST_PASSWORD})
    assert client.get("/review/export.xlsx").status_code == 200


def test_changing_roles_needs_a_fresh_password(client, login, make, db):
    admin = make.user(role="admin")
    account = make.user(name="普通教师")
    login(admin)
    stale(client)
    response = client.post(
        f"/admin/users/{account.id}/grants",
        data={"role": "teacher", "scope": "all"},
        headers={"Referer": f"https://localhost/admin/users/{account.id}"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/confirm?next=/admin/users/{account.id}")
    assert db.session.query(RoleGrant).filter_by(user_id=account.id).count() == 0
