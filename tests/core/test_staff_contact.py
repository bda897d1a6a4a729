"""Issue 17 #1: staff keep an office / contact on their profile (the administrator may edit
it too); the students they help see it next to their name on their home page, and a phone
only when its owner chose to show it."""

import pytest

from portal.core.models import User

from ..followup import build

OFFICE = "学工楼305室，工作日9–17时"
PHONE = "0411-84700123"


@pytest.fixture
def helped(app, make, db):
    followup = build(app, make, db)
    return followup, make.student_user(followup.red)


def helpers_card(client) -> str:
    page = client.get("/").get_data(as_text=True)
    card = page[page.index('id="helpers"') :]
    return card[: card.index("</section>")]


def test_a_counselor_sets_their_office_and_the_student_sees_it_without_the_phone(
    client, login, db, helped
):
    followup, student = helped
    login(followup.counselor)
    assert client.get("/").get_data(as_text=True).count('href="/profile"') == 1
    response = client.post("/profile", data={"office": OFFICE, "phone": PHONE})
    assert response.status_code == 303
    login(student)
    card = helpers_card(client)
    assert "陈辅导员" in card and OFFICE in card
    assert PHONE not in client.get("/").get_data(as_text=True)


def test_a_phone_its_owner_chose_to_show_is_shown(client, login, db, helped):
    followup, student = helped
    login(followup.advisor)
    client.post("/profile", data={"office": OFFICE, "phone": PHONE, "show_phone": "y"})
    login(student)
    card = helpers_card(client)
    assert "黄班主任" in card and PHONE in card
    login(followup.advisor)
    client.post("/profile", data={"office": OFFICE, "phone": PHONE})  # unticked again
    login(student)
    assert PHONE not in client.get("/").get_data(as_text=True)


def test_a_shown_phone_is_kept_whole_and_the_office_is_text(client, login, db, helped):
    """It broke as "0412-" / "5928305" on the student's card; what staff type stays text."""
    followup, student = helped
    login(followup.advisor)
    client.post("/profile", data={"office": "<b>305</b>", "phone": PHONE, "show_phone": "y"})
    login(student)
    card = helpers_card(client)
    assert f'<span class="nowrap">{PHONE}</span>' in card
    assert "&lt;b&gt;305&lt;/b&gt; · " in card and "<b>" not in card


def test_a_bad_phone_is_refused_and_nothing_is_saved(client, login, db, helped):
    followup, _student = helped
    login(followup.counselor)
    response = client.post(
        "/profile",
        headers={"HX-Request": "true"},
        data={"office": OFFICE, "phone": "call me maybe"},
    )
    assert response.status_code == 422
    assert "电话号码只能包含" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, followup.counselor.id).office is None


def test_the_administrator_edits_a_staff_members_contact(client, login, make, db, helped):
    followup, student = helped
    login(make.user(role="admin"))
    response = client.post(
        f"/admin/users/{followup.counselor.id}",
        data={
            "username": followup.counselor.username,
            "name": "陈辅导员",
            "active": "y",
            "office": OFFICE,
            "phone": PHONE,
            "show_phone": "y",
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    saved = db.session.get(User, followup.counselor.id)
    assert (saved.office, saved.phone, saved.show_phone) == (OFFICE, PHONE, True)
    login(student)
    assert OFFICE in helpers_card(client)


def test_a_student_account_has_no_contact_page(client, login, helped):
    _followup, student = helped
    login(student)
    assert client.get("/profile").status_code == 404
    assert 'href="/profile"' not in client.get("/").get_data(as_text=True)
