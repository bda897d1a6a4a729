"""Separation of duties on the accounts page: an outside tester, as the administrator, gave
its own account a counselor's role over the whole school on /admin/users/<its id>, saved at
once, and read talk notes and parents' phones. Nobody changes their own roles or switches
their own account; an administrator's account holds no role that reads students' records,
and no such account becomes an administrator. Each refusal: words at the field, 422,
nothing written."""

import pytest

from portal.core.models import RoleGrant, User
from portal.core.roles import ROLES

from .test_stepup import stale

# Each reads students' records: the rule keeps them all off an administrator's account.
EVERY_OTHER_ROLE = [role for role in ROLES if role != "admin"]


def grants(db, account) -> set[str]:
    db.session.expire_all()
    return {g.role for g in db.session.query(RoleGrant).filter_by(user_id=account.id)}


def test_every_role_but_the_administrators_reads_students_records(app):
    from portal.core import duties

    with app.app_context():
        assert duties.record_roles() == EVERY_OTHER_ROLE


def test_the_administrator_cannot_grant_itself_a_role(client, make, login, db):
    admin = make.user("SD01", role="admin", locale="en")
    login(admin)
    response = client.post(
        f"/admin/users/{admin.id}/grants", data={"role": "counselor", "scope": "all"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<p class="flash error">You cannot change your own roles' in page
    assert grants(db, admin) == {"admin"}


def test_the_administrator_cannot_remove_its_own_role(client, make, login, db):
    admin = make.user("SD02", role="admin", locale="en")
    login(admin)
    response = client.post(f"/admin/users/{admin.id}/grants/{admin.grants[0].id}/delete")
    assert response.status_code == 422
    assert "another administrator does" in response.get_data(as_text=True)
    assert grants(db, admin) == {"admin"}


def test_the_administrator_cannot_switch_its_own_account_off(client, make, login, db):
    admin = make.user("SD03", role="admin", locale="en", name="管理员甲")
    login(admin)
    response = client.post(f"/admin/users/{admin.id}", data={"name": "改了名"})
    assert response.status_code == 422 and "another administrator does" in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(User, admin.id).active and admin.name == "管理员甲"


def test_the_own_account_page_offers_no_change_of_roles_and_says_who_does(client, make, login, db):
    admin = make.user("SD04", role="admin", locale="en", name="管理员乙")
    login(admin)
    page = client.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    assert "This is your own account" in page and "Separation of duties" in page
    assert "/grants" not in page and 'name="active" type="checkbox"' not in page
    assert client.post(f"/admin/users/{admin.id}", data={"name": "管理员丙", "active": "y"})
    db.session.expire_all()
    assert db.session.get(User, admin.id).name == "管理员丙"  # the name stays theirs to edit


@pytest.mark.parametrize("role", EVERY_OTHER_ROLE)
def test_an_administrator_is_given_no_role_that_reads_records(client, make, login, db, role):
    other = make.user("SD06", role="admin")
    login(make.user("SD05", role="admin", locale="en"))
    scope = "self" if role in ("student", "volunteer") else "all"
    response = client.post(f"/admin/users/{other.id}/grants", data={"role": role, "scope": scope})
    assert response.status_code == 422
    assert "This is an administrator&#39;s account" in response.get_data(as_text=True)
    assert grants(db, other) == {"admin"}


@pytest.mark.parametrize("role", ["counselor", "secretary", "teacher"])
def test_an_account_that_reads_records_is_not_made_an_administrator(client, make, login, db, role):
    other = make.user("SD08", role=role)
    login(make.user("SD07", role="admin", locale="en"))
    response = client.post(
        f"/admin/users/{other.id}/grants", data={"role": "admin", "scope": "all"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<small class="err" id="role-err">This account holds a role that reads' in page
    assert grants(db, other) == {role}


def test_an_account_holding_both_already_is_told_to_part_them(client, make, login, db):
    """Granted before the rule (or by hand): its page says so; removing either is allowed."""
    both = make.user("SD10", role="secretary")
    make.grant(both, "admin")
    login(make.user("SD09", role="admin", locale="en"))
    page = client.get(f"/admin/users/{both.id}").get_data(as_text=True)
    assert "which separation of duties does not allow" in page
    admin_grant = next(g for g in both.grants if g.role == "admin")
    assert client.post(f"/admin/users/{both.id}/grants/{admin_grant.id}/delete").status_code == 303
    assert grants(db, both) == {"secretary"}
    assert "which separation of duties does not allow" not in client.get(
        f"/admin/users/{both.id}"
    ).get_data(as_text=True)


def test_removing_a_role_needs_a_fresh_password(client, make, login, db):
    account = make.user("SD12", role="counselor")
    login(make.user("SD11", role="admin", locale="en"))
    stale(client)
    response = client.post(
        f"/admin/users/{account.id}/grants/{account.grants[0].id}/delete",
        headers={"Referer": f"https://localhost/admin/users/{account.id}"},
    )
    assert response.status_code == 303 and "/confirm?next=" in response.headers["Location"]
    assert grants(db, account) == {"counselor"}


@pytest.mark.parametrize("active", [True, False])
def test_switching_an_account_on_or_off_needs_a_fresh_password(client, make, login, db, active):
    """Switching an account back on gives its roles back: a change of who may do what."""
    account = make.user("SD14", role="counselor", name="某老师", active=active)
    login(make.user("SD13", role="admin", locale="en"))
    stale(client)
    data = {"name": "某老师"} if active else {"name": "某老师", "active": "y"}
    response = client.post(
        f"/admin/users/{account.id}",
        data=data,
        headers={"Referer": f"https://localhost/admin/users/{account.id}"},
    )
    assert response.status_code == 303 and "/confirm?next=" in response.headers["Location"]
    db.session.expire_all()
    assert db.session.get(User, account.id).active is active
    # Only the name changed: no step-up asked.
    response = client.post(
        f"/admin/users/{account.id}",
        data={"name": "某某老师", **({"active": "y"} if active else {})},
    )
    assert response.status_code == 303 and "/confirm" not in response.headers["Location"]
