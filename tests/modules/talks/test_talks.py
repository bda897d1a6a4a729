"""Talk records: the form's defaults, 第 N 次, edits with history, quick entry from the due
list (with and without JavaScript), the student's own view and confirmation."""

import html
import re
from datetime import date, datetime, time, timedelta

from portal.core.models import AuditEvent, Revision
from portal.modules.talks.models import Talk

from ...followup import PUBLISHED, pin_now, pin_today

HX = {"HX-Request": "true"}
TODAY = PUBLISHED + timedelta(days=8)


def form(**fields):
    data = {
        "held_on": TODAY.isoformat(),
        "method": "face",
        "initiated_by": "teacher",
        "talker_role": "counselor",
        "talkers": "陈辅导员",
        "topics": ["study"],
        "content": "谈了不及格课程的原因。",
        "measures": "每周自习三次。",
    }
    data.update(fields)
    return data


def test_the_form_fills_in_today_the_users_name_role_and_the_students_level(
    client, login, followup, monkeypatch
):
    pin_today(monkeypatch, TODAY)
    login(followup.counselor)
    page = client.get(f"/talks/students/{followup.red.id}/new").get_data(as_text=True)
    assert f'value="{TODAY.isoformat()}"' in page and 'value="陈辅导员"' in page
    assert '<option selected value="counselor">' in page and "红色预警" in page


def test_talks_are_numbered_per_student_and_saved_with_the_recorder(client, login, db, followup):
    login(followup.counselor)
    for day in ("2026-09-10", "2026-09-17"):
        response = client.post(f"/talks/students/{followup.red.id}/new", data=form(held_on=day))
        assert response.status_code == 303
    talks = db.session.query(Talk).filter_by(student_id=followup.red.id).all()
    assert len(talks) == 2 and {t.recorded_by_id for t in talks} == {followup.counselor.id}
    assert talks[0].level_label == "红色预警"
    page = client.get(f"/talks/{talks[1].id}").get_data(as_text=True)
    assert "与该生的第 2 次谈话" in page


def test_an_invalid_talk_is_refused_with_422_and_nothing_is_written(client, login, db, followup):
    login(followup.counselor)
    response = client.post(
        f"/talks/students/{followup.red.id}/new", data=form(content=""), headers=HX
    )
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.session.query(Talk).count() == 0


def test_an_edit_keeps_the_earlier_text_in_the_history(client, login, db, followup):
    login(followup.counselor)
    client.post(f"/talks/students/{followup.red.id}/new", data=form(content="第一版"))
    record = db.session.query(Talk).one()
    client.post(f"/talks/{record.id}/edit", data=form(content="第二版"))
    assert db.session.get(Talk, record.id).content == "第二版"
    [revision] = db.session.query(Revision).filter_by(object_type="Talk").all()
    assert (
        revision.before == {"content": "第一版"} and revision.changed_by_id == followup.counselor.id
    )
    page = client.get(f"/talks/{record.id}").get_data(as_text=True)
    assert "修改历史（1）" in page and "第一版" in page


def test_an_unchanged_edit_leaves_no_revision(client, login, db, followup):
    login(followup.counselor)
    client.post(f"/talks/students/{followup.red.id}/new", data=form())
    record = db.session.query(Talk).one()
    client.post(f"/talks/{record.id}/edit", data=form())
    assert db.session.query(Revision).count() == 0


def test_reading_a_talk_is_audited(client, login, db, followup):
    login(followup.counselor)
    client.post(f"/talks/students/{followup.red.id}/new", data=form())
    record = db.session.query(Talk).one()
    client.get(f"/talks/{record.id}")
    event = db.session.query(AuditEvent).filter_by(action="view", object_type="Talk").one()
    assert event.student_id == followup.red.id


def test_quick_entry_from_the_due_list_removes_the_item_and_opens_the_next(
    client, login, db, followup, monkeypatch
):
    pin_today(monkeypatch, TODAY)
    login(followup.counselor)
    widget = client.get("/talks/widget", headers=HX).get_data(as_text=True)
    assert followup.orange.name in widget and followup.red.name in widget
    quick = client.get(f"/talks/students/{followup.orange.id}/new?quick=1", headers=HX)
    assert 'data-hx-target="#talk-dues"' in quick.get_data(as_text=True)
    response = client.post(
        f"/talks/students/{followup.orange.id}/new?quick=1",
        data=form(held_on=TODAY.isoformat()),
        headers=HX,
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="talk-dues"' in body
    assert f"/talks/students/{followup.orange.id}/new?quick=1" not in body  # left the list
    assert f'action="/talks/students/{followup.red.id}/new?next=dashboard"' in body  # next open
    assert "<html" not in body


def test_an_invalid_quick_entry_stays_in_place(client, login, followup, monkeypatch):
    pin_today(monkeypatch, TODAY)
    login(followup.counselor)
    response = client.post(
        f"/talks/students/{followup.red.id}/new?quick=1", data=form(content=""), headers=HX
    )
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == f"#quick-{followup.red.id}"


def test_without_javascript_the_due_list_form_returns_to_the_dashboard(
    client, login, followup, monkeypatch
):
    pin_today(monkeypatch, TODAY)
    login(followup.counselor)
    response = client.post(f"/talks/students/{followup.red.id}/new?next=dashboard", data=form())
    assert response.status_code == 303 and response.headers["Location"].endswith("/")
    dashboard = client.get("/").get_data(as_text=True)
    assert "已保存" in dashboard and f"/talks/students/{followup.red.id}/new" not in dashboard


def test_without_javascript_a_talk_recorded_from_the_due_list_returns_to_it(
    client, login, followup, monkeypatch
):
    """Tester's finding: "Record the talk" on /talks/due led to the form with next=dashboard,
    so saving landed on the home page. From the due list it comes back to the due list (the
    dashboard's card still returns to the dashboard)."""
    pin_today(monkeypatch, TODAY)
    login(followup.counselor)
    due = client.get("/talks/due?page=1").get_data(as_text=True)
    link = f"/talks/students/{followup.red.id}/new?next=/talks/due?page%3D1"
    assert f'href="{link}"' in due
    page = client.get(link).get_data(as_text=True)
    action = re.search(r'<form method="post" action="(/talks/students/[^"]+)"', page).group(1)
    response = client.post(html.unescape(action), data=form())
    assert response.status_code == 303 and response.headers["Location"] == "/talks/due?page=1"
    assert "已保存" in client.get("/talks/due?page=1").get_data(as_text=True)
    widget = client.get("/talks/widget", headers=HX).get_data(as_text=True)
    assert f"/talks/students/{followup.orange.id}/new?next=dashboard" in widget


def test_the_student_sees_date_talker_topics_and_measures_but_not_the_content(
    client, login, make, db, followup
):
    login(followup.counselor)
    client.post(
        f"/talks/students/{followup.red.id}/new",
        data=form(
            content="机密内容",
            first_impression="机密印象",
            effect="机密效果",
            root_cause="motivation",
        ),
    )
    login(make.student_user(followup.red))
    page = client.get("/talks/mine").get_data(as_text=True)
    assert "陈辅导员" in page and "学习" in page and "每周自习三次。" in page
    assert "机密" not in page and "动力问题" not in page


def test_the_student_reads_no_empty_heading_of_what_was_not_recorded(
    client, login, make, db, followup
):
    """A talk saved without a topic or measures showed "谈话主题：" and "我们商定的措施 —"."""
    login(followup.counselor)
    response = client.post(
        f"/talks/students/{followup.red.id}/new", data=form(topics=[], measures="")
    )
    assert response.status_code == 303
    login(make.student_user(followup.red))
    page = client.get("/talks/mine").get_data(as_text=True)
    assert "陈辅导员" in page  # the talk is there
    assert "谈话主题" not in page and "我们商定的措施" not in page and "—" not in page
    client.post("/locale", data={"locale": "en"})
    page = client.get("/talks/mine").get_data(as_text=True)
    assert "Topics" not in page and "What we agreed" not in page


def test_my_talks_names_who_talks_with_the_student(client, login, make, db, followup):
    """Walk: a class with no class advisor read "班主任和辅导员与你谈话"."""
    login(make.student_user(followup.red))
    assert "班主任或辅导员与你谈话" in client.get("/talks/mine").get_data(as_text=True)
    alone = make.school_class(followup.school_class.major, name="无班主任班")
    make.user(role="counselor", scope=alone)
    login(make.student_user(make.student(alone)))
    page = client.get("/talks/mine").get_data(as_text=True)
    assert "辅导员与你谈话" in page and "班主任" not in page
    client.post("/locale", data={"locale": "en"})
    assert "Your counselor talks with you" in client.get("/talks/mine").get_data(as_text=True)


def test_a_student_confirms_their_own_talk_and_no_one_elses(client, login, make, db, followup):
    login(followup.counselor)
    client.post(f"/talks/students/{followup.red.id}/new", data=form())
    client.post(f"/talks/students/{followup.orange.id}/new", data=form())
    own, other = (
        db.session.query(Talk).filter_by(student_id=s.id).one()
        for s in (followup.red, followup.orange)
    )
    login(make.student_user(followup.red))
    assert client.post(f"/talks/mine/{other.id}/acknowledge").status_code == 404
    assert client.post(f"/talks/mine/{own.id}/acknowledge").status_code == 303
    assert db.session.get(Talk, own.id).acknowledged_at is not None
    assert db.session.get(Talk, other.id).acknowledged_at is None


def test_staff_out_of_scope_get_404(client, login, make, db, followup):
    login(followup.counselor)
    client.post(f"/talks/students/{followup.red.id}/new", data=form())
    record = db.session.query(Talk).one()
    login(make.user(role="counselor", scope=make.school_class()))
    assert client.get(f"/talks/{record.id}").status_code == 404
    assert client.get(f"/talks/students/{followup.red.id}").status_code == 404
    assert client.post(f"/talks/students/{followup.red.id}/new", data=form()).status_code == 404


def test_the_timeline_tab_shows_talks_against_what_was_due(client, login, followup, monkeypatch):
    pin_today(monkeypatch, date(2026, 9, 20))
    login(followup.counselor)
    client.post(f"/talks/students/{followup.orange.id}/new", data=form(held_on="2026-09-14"))
    page = client.get(f"/talks/students/{followup.orange.id}").get_data(as_text=True)
    due = page[page.index("应完成情况对照") :]
    assert due.index("按时完成") < due.index("即将到期")  # 14 Sept met; 21 Sept due soon
    assert "已逾期" not in due


def test_the_next_form_opened_after_a_quick_save_has_todays_date(
    client, login, followup, monkeypatch
):
    pin_today(monkeypatch, TODAY)
    login(followup.counselor)
    body = client.post(
        f"/talks/students/{followup.orange.id}/new?quick=1", data=form(), headers=HX
    ).get_data(as_text=True)
    next_form = body[body.index(f'action="/talks/students/{followup.red.id}/new') :]
    assert f'value="{TODAY.isoformat()}"' in next_form and 'value="陈辅导员"' in next_form


def test_a_talk_later_today_is_refused_until_its_time_has_come(
    client, login, db, followup, monkeypatch
):
    """At 10:00 (the college's clock) today's 19:00 talk has not happened: refused at the
    time, in the recorder's language, nothing written; a talk at 09:30 is recorded."""
    pin_now(monkeypatch, datetime.combine(TODAY, time(10)))
    followup.counselor.locale = "en"
    login(followup.counselor)
    url = f"/talks/students/{followup.red.id}/new"
    response = client.post(url, data=form(held_time="19:00"), headers=HX)
    assert response.status_code == 422
    assert 'id="held_time-err">This time is still to come today' in response.get_data(as_text=True)
    assert db.session.query(Talk).count() == 0
    assert client.post(url, data=form(held_time="09:30")).status_code == 303
    assert db.session.query(Talk).one().held_at.time() == time(9, 30)


def test_a_talk_dated_in_the_future_or_followed_up_before_it_is_refused(
    client, login, db, followup, monkeypatch
):
    """A mistyped year would head the lists, count as done and ask the student to confirm a
    talk that has not happened: refused with the reason at the field, nothing written."""
    pin_today(monkeypatch, TODAY)
    login(followup.counselor)
    url = f"/talks/students/{followup.red.id}/new"
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = client.post(url, data=form(held_on=tomorrow), headers=HX)
    assert response.status_code == 422 and "日期在将来" in response.get_data(as_text=True)
    before = (TODAY - timedelta(days=1)).isoformat()
    response = client.post(url, data=form(follow_up_on=before), headers=HX)
    assert response.status_code == 422 and "回访应在谈话之后" in response.get_data(as_text=True)
    assert db.session.query(Talk).count() == 0
    assert client.post(url, data=form(follow_up_on=TODAY.isoformat())).status_code == 303
