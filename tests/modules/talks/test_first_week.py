"""Issue 17 #7: the due list's 第 N 次 is the number the talk is saved with; an item due
today says so; a talk saved without a time shows no "00:00"."""

import re
from datetime import timedelta

from portal.core import dues
from portal.modules.talks.models import Talk

from ...followup import PUBLISHED, pin_today
from .test_talks import HX, TODAY, form


def _number_in_due_list(body, student):
    item = re.search(rf"<li>(?:(?!</li>).)*{student.name}(?:(?!</li>).)*</li>", body, re.S)
    return int(re.search(r"第 (\d+) 次", item.group(0)).group(1))


def test_the_due_lists_number_is_the_number_saved(client, login, db, followup, monkeypatch):
    pin_today(monkeypatch, TODAY)
    login(followup.advisor)  # an earlier talk by someone else counts in 第 N 次
    client.post(
        f"/talks/students/{followup.red.id}/new",
        data=form(
            held_on=(PUBLISHED + timedelta(days=1)).isoformat(),
            talker_role="class_advisor",
            talkers="黄班主任",
        ),
    )
    login(followup.counselor)
    for path in ("/talks/widget", "/talks/due"):
        shown = _number_in_due_list(
            client.get(path, headers=HX).get_data(as_text=True), followup.red
        )
        assert shown == 2, path
    client.post(f"/talks/students/{followup.red.id}/new", data=form())
    assert "第 2 次" in client.get(f"/talks/students/{followup.red.id}").get_data(as_text=True)
    saved = db.session.query(Talk).filter_by(talker_role="counselor").one()
    assert f"与该生的第 {shown} 次谈话" in client.get(f"/talks/{saved.id}").get_data(as_text=True)


def test_an_item_due_today_reads_due_today(app, client, login, followup, monkeypatch):
    day = PUBLISHED
    with app.test_request_context():
        while not any(
            o.due.due_on == day for o in dues.due_for(followup.counselor, "talk", today=day)
        ):
            day += timedelta(days=1)
    pin_today(monkeypatch, day)
    login(followup.counselor)
    body = client.get("/talks/widget", headers=HX).get_data(as_text=True)
    assert "今天到期" in body


def test_a_talk_saved_without_a_time_shows_none(client, login, db, followup):
    login(followup.counselor)
    client.post(f"/talks/students/{followup.red.id}/new", data=form())
    record = db.session.query(Talk).one()
    page = client.get(f"/talks/{record.id}").get_data(as_text=True)
    assert "00:00" not in page
    edit = client.get(f"/talks/{record.id}/edit").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="held_time"[^>]*value="00:00"', edit) is None


def test_english_talk_and_parent_pages_use_english_words_and_punctuation(
    client, login, db, followup
):
    login(followup.counselor)
    client.post("/locale", data={"locale": "en", "next": "/"})
    client.post(f"/talks/students/{followup.red.id}/new", data=form(topics=["ideology", "study"]))
    record = db.session.query(Talk).one()
    page = client.get(f"/talks/{record.id}").get_data(as_text=True)
    assert "values and beliefs, study" in page and "ideology" not in page
    assert "、" not in page
    contact_form = client.get(f"/parents/students/{followup.red.id}/new").get_data(as_text=True)
    assert "（" not in contact_form and "）" not in contact_form
