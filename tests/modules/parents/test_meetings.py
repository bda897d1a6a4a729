"""A face-to-face meeting with the parents (家长面谈) for a student facing demotion, delayed
graduation or dropout: held face to face, its record giving the exact time, the place and
who attended, confirmed by the parent (lzut 四.10: 邀请家长来校…面谈…记录确切时间、地点及谈话
内容，经家长确认、签字后存档; workflows.md step 4).

An outside tester saved a meeting "by phone", one with a reason but no time, place or
attendees, and a parent's confirmation dated a month before the meeting. The confirmation
itself may come later (the signed record often does): the record then says it is awaited."""

from datetime import date

from portal.modules.parents.models import Contact

from ...followup import pin_today
from .test_parents import dropout_meeting, guardian_of

MEETING_DAY = "2026-12-04"


def meeting(parent, **fields):
    """A complete meeting about the risk of dropping out, held on MEETING_DAY."""
    data = dict(
        contacted_on=MEETING_DAY,
        place="学院会议室",
        attendees="分管副院长、班主任、辅导员、家长、学生",
    )
    return dropout_meeting(parent, **{**data, **fields})


def _post(client, db, followup, **fields):
    parent = guardian_of(db, followup.red)
    return client.post(f"/parents/students/{followup.red.id}/new", data=meeting(parent, **fields))


def _error_at(page: str, field: str) -> str:
    marker = f'id="{field}-err">'
    return page.split(marker)[1].split("<")[0] if marker in page else ""


def _in_english(followup, login, monkeypatch):
    pin_today(monkeypatch, date(2026, 12, 10))
    followup.counselor.locale = "en"
    login(followup.counselor)


def test_a_meeting_is_held_face_to_face(client, login, db, followup, monkeypatch):
    _in_english(followup, login, monkeypatch)
    for method in ("phone", "wechat", "letter", "registered_letter"):
        answer = _post(client, db, followup, method=method)
        assert answer.status_code == 422, method
        page = answer.get_data(as_text=True)
        assert "A meeting is held face to face" in _error_at(page, "method")
        assert f'selected value="{method}"' in page  # the form as typed
    assert db.session.query(Contact).count() == 0
    for method in ("face", "visit"):  # at school, or at the family's home
        assert _post(client, db, followup, method=method).status_code == 303, method
    assert db.session.query(Contact).count() == 2


def test_a_meeting_needs_its_time_place_and_attendees_all_said_at_once(
    client, login, db, followup, monkeypatch
):
    _in_english(followup, login, monkeypatch)
    answer = _post(client, db, followup, contacted_time="", place=" ", attendees="")
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "Give the time the meeting began." == _error_at(page, "contacted_time")
    assert "Give the place of the meeting." == _error_at(page, "place")
    assert "Give who took part in the meeting." == _error_at(page, "attendees")
    for label in ("Time", "Place", "Attendees"):  # the summary names each field
        assert f"<li>{label}: Give " in page, label
    assert 'value="2026-12-04"' in page and "告知预警情况</textarea>" in page  # as typed
    assert db.session.query(Contact).count() == 0


def test_the_parents_confirmation_is_not_before_the_meeting_nor_in_the_future(
    client, login, db, followup, monkeypatch
):
    _in_english(followup, login, monkeypatch)
    early = _post(client, db, followup, parent_confirmed_on="2026-11-01")
    assert early.status_code == 422
    assert "cannot be before the meeting" in _error_at(
        early.get_data(as_text=True), "parent_confirmed_on"
    )
    future = _post(client, db, followup, parent_confirmed_on="2026-12-20")
    assert future.status_code == 422
    assert "in the future" in _error_at(future.get_data(as_text=True), "parent_confirmed_on")
    assert db.session.query(Contact).count() == 0
    assert _post(client, db, followup, parent_confirmed_on=MEETING_DAY).status_code == 303
    assert db.session.query(Contact).one().parent_confirmed_on == date(2026, 12, 4)


def test_a_meeting_saved_without_the_confirmation_says_it_is_awaited(
    client, login, db, followup, monkeypatch
):
    """The meeting is recorded the day it is held; the parent's signed confirmation often
    comes later, and is added by editing the record."""
    _in_english(followup, login, monkeypatch)
    assert _post(client, db, followup).status_code == 303
    saved = db.session.query(Contact).one()
    awaited = "awaiting the parent's confirmation"
    assert awaited in client.get(f"/parents/{saved.id}").get_data(as_text=True)
    assert awaited in client.get(f"/parents/students/{followup.red.id}").get_data(as_text=True)
    assert awaited in client.get("/parents/").get_data(as_text=True)
    parent = guardian_of(db, followup.red)
    edited = meeting(parent, parent_confirmed_on="2026-12-08", version=str(saved.version))
    assert client.post(f"/parents/{saved.id}/edit", data=edited).status_code == 303
    assert awaited not in client.get(f"/parents/{saved.id}").get_data(as_text=True)


def test_an_edit_is_held_to_the_same_rules(client, login, db, followup, monkeypatch):
    _in_english(followup, login, monkeypatch)
    assert _post(client, db, followup).status_code == 303
    saved = db.session.query(Contact).one()
    parent = guardian_of(db, followup.red)
    edited = meeting(parent, method="phone", place="", version=str(saved.version))
    answer = client.post(f"/parents/{saved.id}/edit", data=edited)
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert _error_at(page, "method") and _error_at(page, "place")
    db.session.refresh(saved)
    assert (saved.method, saved.place) == ("face", "学院会议室")


def test_a_contact_that_is_no_meeting_needs_none_of_it(client, login, db, followup, monkeypatch):
    _in_english(followup, login, monkeypatch)
    call = dict(method="phone", is_meeting="", meeting_reason="", place="", attendees="")
    assert _post(client, db, followup, contacted_time="", **call).status_code == 303
