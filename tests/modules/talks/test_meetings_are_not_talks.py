"""A group meeting (座谈会) is a record and an obligation of its own, never an individual
talk (spec/workflows.md §3; gxu 第四条2(3) separates 集体谈话 from 与本人谈话): the student
sees it as a meeting, unnumbered; 第 N 次 and "N talks so far" count talks only; the talk
form no longer offers "group meeting" as a method, and old records stored with it still read."""

import re
from datetime import datetime, timedelta

from portal.modules.talks.models import Talk

from ...followup import PUBLISHED, pin_today
from .test_meetings_and_support import minutes
from .test_talks import HX, TODAY, form

NUMBERED = re.compile(r"第 \d+ 次谈话")


def _meeting(client, login, followup, *present):
    login(followup.counselor)
    response = client.post("/talks/meetings/new", data=minutes(*present, held_on="2026-09-10"))
    assert response.status_code == 303


def _english(client):
    client.post("/locale", data={"locale": "en", "next": "/"})


def _old_group_talk(db, student) -> Talk:
    """A record saved when the talk form still offered 集体座谈 as a method."""
    talk = Talk(
        student_id=student.id,
        held_at=datetime(2026, 9, 11, 15),
        method="group",
        talker_role="counselor",
        talkers="陈辅导员",
        topics=["study"],
        content="集体座谈",
        measures="组建学习小组。",
    )
    db.session.add(talk)
    db.session.commit()
    return talk


def test_a_student_sees_a_group_meeting_as_a_meeting_not_as_talk_no_1(
    client, login, make, followup
):
    _meeting(client, login, followup, followup.orange)
    login(make.student_user(followup.orange))
    page = client.get("/talks/mine").get_data(as_text=True)
    assert not NUMBERED.search(page)
    assert re.search(r"<h2>座谈会 · 2026年9月10日</h2>", page)
    assert "组织者：陈辅导员" in page
    _english(client)
    page = client.get("/talks/mine").get_data(as_text=True)
    assert "Talk no." not in page
    assert re.search(r"<h2>Group meeting · Sep 10, 2026</h2>", page)
    assert "Organised by 陈辅导员" in page


def test_the_home_card_counts_no_meeting_as_a_talk(client, login, make, followup):
    _meeting(client, login, followup, followup.orange)
    student = make.student_user(followup.orange)
    login(student)
    home = client.get("/").get_data(as_text=True)
    assert "已有谈话" not in home and "暂无谈话记录。" in home
    assert "参加座谈会 1 次。" in home
    _english(client)
    home = client.get("/").get_data(as_text=True)
    assert "talk so far" not in home and "No talks recorded yet." in home
    assert "1 group meeting attended." in home


def test_a_talk_after_a_meeting_is_the_students_first_talk(client, login, make, db, followup):
    _meeting(client, login, followup, followup.orange)
    response = client.post(
        f"/talks/students/{followup.orange.id}/new", data=form(held_on="2026-09-14")
    )
    assert response.status_code == 303
    record = db.session.query(Talk).one()
    assert "与该生的第 1 次谈话" in client.get(f"/talks/{record.id}").get_data(as_text=True)
    tab = client.get(f"/talks/students/{followup.orange.id}").get_data(as_text=True)
    numbers = re.findall(r'<tr><td class="num">([^<]*)</td>', tab)
    assert numbers == ["", "1"]  # the meeting first, unnumbered; then talk no. 1
    login(make.student_user(followup.orange))
    page = client.get("/talks/mine").get_data(as_text=True)
    assert "第 1 次谈话 · 2026年9月14日" in page and "第 2 次谈话" not in page
    client.post(f"/talks/mine/{record.id}/acknowledge")
    home = client.get("/").get_data(as_text=True)
    assert "已有谈话 1 次，均已确认。" in home and "参加座谈会 1 次。" in home


def test_the_due_list_numbers_the_next_talk_without_meetings(
    client, login, db, followup, monkeypatch
):
    pin_today(monkeypatch, TODAY)
    _meeting(client, login, followup, followup.red)
    _old_group_talk(db, followup.red)
    body = client.get("/talks/widget", headers=HX).get_data(as_text=True)
    item = re.search(rf"<li>(?:(?!</li>).)*{followup.red.name}(?:(?!</li>).)*</li>", body, re.S)
    assert item and "第 1 次" in item.group(0)  # still owed: the meeting met no talk


def test_the_due_lists_and_compliance_never_count_a_meeting_as_a_talk(
    client, login, make, db, followup, monkeypatch
):
    """Orange and red owe the counselor a talk on days 7 and 14; a meeting on day 3 and an
    old record of a group talk on day 4 with each of them meet none of the four."""
    pin_today(monkeypatch, PUBLISHED + timedelta(days=20))
    leader = make.user(role="leader", scope=followup.school_class.major.college)
    login(leader)
    before = client.get("/cadence/compliance?kind=talk").get_data(as_text=True)
    _meeting(client, login, followup, followup.orange, followup.red)
    for student in (followup.orange, followup.red):
        _old_group_talk(db, student)
    due = client.get("/talks/due").get_data(as_text=True)
    assert followup.orange.name in due and followup.red.name in due
    login(leader)
    after = client.get("/cadence/compliance?kind=talk").get_data(as_text=True)
    person = after[after.index("陈辅导员") : after.index("</tr>", after.index("陈辅导员"))]
    cells = re.findall(r'class="num">(?:<a href="[^"]*"><strong class="err">)?([\d%]+)', person)
    assert cells == ["0", "0", "4", "0%"]
    assert _figures(before) == _figures(after)


def _figures(page: str) -> list[str]:
    return re.findall(r'class="num">(?:<a href="[^"]*"><strong class="err">)?([\d%]+)', page)


def test_the_talk_form_offers_no_group_meeting_method_and_refuses_one(client, login, db, followup):
    login(followup.counselor)
    page = client.get(f"/talks/students/{followup.red.id}/new").get_data(as_text=True)
    methods = page[page.index('id="method"') : page.index("</select>", page.index('id="method"'))]
    assert 'value="face"' in methods and 'value="group"' not in methods and "座谈会" not in methods
    response = client.post(
        f"/talks/students/{followup.red.id}/new", data=form(method="group"), headers=HX
    )
    assert response.status_code == 422 and db.session.query(Talk).count() == 0


def test_an_old_record_stored_as_a_group_talk_still_reads_and_edits_unnumbered(
    client, login, make, db, followup
):
    record = _old_group_talk(db, followup.orange)
    login(followup.counselor)
    page = client.get(f"/talks/{record.id}").get_data(as_text=True)
    assert "座谈会" in page and not NUMBERED.search(page)
    assert "不计为个别谈话" in page
    edit = client.get(f"/talks/{record.id}/edit").get_data(as_text=True)
    assert '<option selected value="group">' in edit
    response = client.post(
        f"/talks/{record.id}/edit", data=form(held_on="2026-09-11", method="group")
    )
    assert response.status_code == 303 and db.session.get(Talk, record.id).method == "group"
    login(make.student_user(followup.orange))
    home = client.get("/").get_data(as_text=True)
    assert "暂无谈话记录。" in home and "等待你确认" not in home
    mine = client.get("/talks/mine").get_data(as_text=True)
    assert not NUMBERED.search(mine) and "<h2>座谈会 · 2026年9月11日</h2>" in mine
    assert "每周自习三次。" in mine  # what the student agreed still shows


def test_a_student_is_never_asked_to_confirm_an_old_group_talk(client, login, make, db, followup):
    """A record kept as 集体座谈 is a group meeting: no confirm button, and a confirmation
    posted all the same is refused and changes nothing; their own talk still asks."""
    old = _old_group_talk(db, followup.red)
    talk = make.talk(followup.red, held_at=datetime(2026, 9, 14, 10))
    db.session.commit()
    login(make.student_user(followup.red))
    page = client.get("/talks/mine").get_data(as_text=True)
    assert "组建学习小组。" in page and page.count("确认本次谈话已进行") == 1
    assert f"/talks/mine/{old.id}/acknowledge" not in page
    assert f"/talks/mine/{talk.id}/acknowledge" in page
    assert client.post(f"/talks/mine/{old.id}/acknowledge").status_code == 409
    db.session.expire_all()
    assert db.session.get(Talk, old.id).acknowledged_at is None
