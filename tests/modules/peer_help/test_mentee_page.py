"""The student's peer-help page tells where their own tutoring stands: paired (with whom,
for which courses, the sessions so far, how to confirm them), waiting (asked for in the
study plan, or a pairing in approval), or not asked (how to ask); in both languages."""

import re

from ..plans.test_plans import plan_data
from .conftest import approved_pairing, proposed_pairing
from .test_peer_help import log

INVITATION = "需要朋辈志愿者辅导吗"


def page_of(client, language="zh"):
    client.post("/locale", data={"locale": language, "next": "/"})
    return client.get("/peer-help/").get_data(as_text=True)


def asked_in_the_plan(client, login, peer, **fields):
    """The mentee sends their study plan for review, a peer volunteer ticked (or not)."""
    login(peer.mentee_user)
    client.get("/plans/mine")
    response = client.post("/plans/mine/save", data=plan_data(action="submit", **fields))
    assert response.status_code == 303


def test_a_paired_student_sees_their_volunteer_the_courses_and_the_sessions_so_far(
    client, login, db, followup, peer
):
    approved_pairing(client, login, db, followup, peer)
    assert log(client, login, peer, followup).status_code == 204  # 1.5 hours, to confirm
    login(peer.mentee_user)
    page = page_of(client)
    mine = page[page.index('id="my-tutoring"') :]
    assert "我的朋辈志愿者" in mine and "志愿者甲" in mine
    assert "课程B" in mine and "微信群" in mine
    assert "辅导 1 次" in mine and "1.5 小时" in mine and "1 次待你确认" in mine
    assert 'href="#to-confirm"' in mine and 'id="to-confirm"' in page
    assert "情况不符" in mine  # how to confirm, or say what is wrong
    assert INVITATION not in page
    page = page_of(client, "en")
    assert "My peer volunteer" in page and "1 tutoring session" in page
    assert "1.5 hours" in page and "1 waits for your confirmation" in page
    assert "需要" not in page and "辅导" not in page


def test_a_peer_volunteer_asked_for_in_the_plan_is_shown_as_waiting(
    client, login, db, followup, peer
):
    asked_in_the_plan(client, login, peer)
    page = page_of(client)
    assert "等待安排朋辈志愿者" in page and INVITATION not in page
    assert re.search(r"你已于\d{4}年\d{1,2}月\d{1,2}日在学习计划中申请朋辈志愿者辅导。", page)
    page = page_of(client, "en")
    assert "Waiting for a peer volunteer" in page
    assert re.search(r"You asked for a peer volunteer in the study plan on \w+ \d+, \d{4}\.", page)
    login(followup.counselor)  # the request is on the student's peer-help tab too
    client.post("/locale", data={"locale": "zh", "next": "/"})
    tab = client.get(f"/peer-help/students/{followup.red.id}").get_data(as_text=True)
    assert "在学习计划中申请朋辈志愿者辅导，此后尚未提出结对" in tab


def test_a_plan_that_does_not_ask_or_is_not_sent_leaves_the_invitation(
    client, login, db, followup, peer
):
    asked_in_the_plan(client, login, peer, help_peer="")
    page = page_of(client)
    assert INVITATION in page and "等待安排" not in page
    login(peer.mentee_user)
    client.get("/plans/mine")  # a draft that ticks it is not sent yet
    client.post("/plans/mine/save", data=plan_data())
    assert INVITATION in page_of(client)


def test_a_pairing_in_approval_answers_the_request_without_naming_the_volunteer_yet(
    client, login, db, followup, peer
):
    asked_in_the_plan(client, login, peer)
    proposed_pairing(client, login, db, followup, peer)
    login(peer.mentee_user)
    page = page_of(client)
    mine = page[page.index('id="my-tutoring"') :]
    assert "等待安排朋辈志愿者" in mine and "课程B" in mine and "待班主任签署意见" in mine
    assert "在学习计划中申请" not in mine and "志愿者甲" not in mine
    assert INVITATION not in page
    login(followup.counselor)
    tab = client.get(f"/peer-help/students/{followup.red.id}").get_data(as_text=True)
    assert "尚未提出结对" not in tab


def test_the_invitation_names_no_course_it_does_not_mean_and_no_warned_student_is_asked_to_help(
    client, login, make, followup, peer
):
    login(peer.mentee_user)
    page = page_of(client)
    assert INVITATION in page and "这门课" not in page and "“朋辈志愿者辅导”" in page
    page = page_of(client, "en")
    assert "did well in the courses you find hard" in page and "“A peer volunteer”" in page
    assert "mentor" not in page.lower()
    login(make.student_user(followup.yellow))  # warned, not at the top level
    page = page_of(client)
    assert INVITATION in page and "/peer-help/apply" not in page
