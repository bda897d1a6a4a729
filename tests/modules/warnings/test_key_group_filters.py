"""Key-group flags (YPC 第三条) filter the roster and the due lists, for counselor, secretary
and leader only; a student's 试读 status shows on the roster and the notice, and a student
on 试读 is still studying: warned, owed talks, as before (issue 16)."""

from datetime import timedelta

from portal.core.models import StudentFlag
from portal.modules.warnings.publication import create_notices

from ...followup import PUBLISHED, pin_today


def _flag(db, student, flag="financial"):
    db.session.add(StudentFlag(student_id=student.id, flag=flag))
    db.session.flush()


def test_the_counselor_filters_the_roster_by_a_key_group(client, login, followup, db):
    _flag(db, followup.red)
    login(followup.counselor)
    everyone = client.get("/warnings/").get_data(as_text=True)
    assert all(s.name in everyone for s in (followup.red, followup.orange, followup.yellow))
    assert 'name="flag"' in everyone
    page = client.get("/warnings/?flag=financial").get_data(as_text=True)
    assert followup.red.name in page
    assert followup.orange.name not in page and followup.yellow.name not in page


def test_the_class_advisor_neither_sees_nor_uses_the_key_group_filter(client, login, followup, db):
    _flag(db, followup.red)
    login(followup.advisor)
    page = client.get("/warnings/?flag=financial").get_data(as_text=True)
    assert 'name="flag"' not in page
    assert followup.orange.name in page  # the parameter changes nothing: no flag leaks


def test_the_talk_due_list_filters_by_a_key_group(client, login, followup, db, monkeypatch):
    _flag(db, followup.orange, "psychological")
    pin_today(monkeypatch, PUBLISHED + timedelta(days=20))
    login(followup.counselor)
    everyone = client.get("/talks/due").get_data(as_text=True)
    assert followup.red.name in everyone and followup.orange.name in everyone
    page = client.get("/talks/due?flag=psychological").get_data(as_text=True)
    assert followup.orange.name in page and followup.red.name not in page
    parents = client.get("/parents/due?flag=psychological").get_data(as_text=True)
    assert followup.red.name not in parents


def test_the_class_advisors_due_list_ignores_the_flag(client, login, followup, db, monkeypatch):
    _flag(db, followup.orange, "psychological")
    pin_today(monkeypatch, PUBLISHED + timedelta(days=40))
    login(followup.advisor)
    plain = client.get("/talks/due").get_data(as_text=True)
    assert client.get("/talks/due?flag=psychological").get_data(as_text=True).count(
        "<tr"
    ) == plain.count("<tr")


def test_a_student_on_probation_is_shown_so_and_stays_warned_and_owed(
    client, login, followup, db, monkeypatch
):
    followup.red.status = "probation"
    db.session.flush()
    create_notices(followup.run)
    login(followup.counselor)
    roster = client.get("/warnings/").get_data(as_text=True)
    row = roster[roster.index(followup.red.name) :][:300]
    assert "试读" in row
    pin_today(monkeypatch, PUBLISHED + timedelta(days=20))
    assert followup.red.name in client.get("/talks/due").get_data(as_text=True)
    from portal.modules.warnings.models import Notice

    notice = db.session.query(Notice).filter_by(student_id=followup.red.id).one()
    page = client.get(f"/warnings/notices/{notice.id}").get_data(as_text=True)
    assert "试读" in page
