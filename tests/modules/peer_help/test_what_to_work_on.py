"""Walk findings 2 and 3: what a pairing works on. A student warned for something other than
a failed course is paired for the courses they take this term or a subject typed in; no
course is ticked until the counselor ticks it; a course not offered for the student is
refused; the volunteer sees only the courses to tutor."""

from portal.modules.peer_help.models import Pairing

from .conftest import activate, approved_pairing
from .test_no_class_advisor import in_english

FORM = {
    "difficulty": "绩点下降，学习方法不当",
    "plan": "每周一次答疑",
    "contact": "微信",
    "starts_on": "2026-10-01",
    "ends_on": "2026-12-31",
}


def boxes(page: str) -> list[str]:
    """The courses' checkboxes as rendered."""
    return [line for line in page.split("<input") if 'name="courses"' in line]


def test_a_student_who_failed_nothing_is_paired_for_this_terms_courses_or_a_topic(
    client, login, make, db, followup, peer
):
    volunteer = activate(client, login, db, followup, peer)
    absent = make.student(followup.school_class, name="缺勤生")  # warned for absences
    make.teaching(followup.counselor, followup.school_class, "高等数学", peer.term)
    in_english(client)
    url = f"/peer-help/pairings/new/{absent.id}"
    page = client.get(url).get_data(as_text=True)
    assert "高等数学 (this term)" in page and len(boxes(page)) == 1
    posted = {**FORM, "volunteer": str(volunteer.id)}
    refused = client.post(url, data={**posted, "courses": ["课程B"]})  # not offered for them
    assert refused.status_code == 422 and db.session.query(Pairing).count() == 0
    saved = client.post(url, data={**posted, "courses": ["高等数学"], "topic": " 学习方法 "})
    assert saved.status_code == 303
    assert db.session.query(Pairing).one().courses == ["高等数学", "学习方法"]


def test_a_typed_topic_alone_is_enough_where_no_course_is_on_record(
    client, login, make, db, followup, peer
):
    volunteer = activate(client, login, db, followup, peer)
    slow = make.student(followup.school_class, name="延长学制生")
    in_english(client)
    url = f"/peer-help/pairings/new/{slow.id}"
    page = client.get(url).get_data(as_text=True)
    assert "No failed course and no course of this term is on record" in page
    response = client.post(url, data={**FORM, "volunteer": str(volunteer.id), "topic": "学习方法"})
    assert response.status_code == 303
    assert db.session.query(Pairing).one().courses == ["学习方法"]


def test_no_course_is_ticked_until_the_counselor_ticks_it(client, login, make, db, followup, peer):
    activate(client, login, db, followup, peer)
    make.grade(followup.red, followup.run.term_id, "体育", credits=1, score=30)
    page = client.get(f"/peer-help/pairings/new/{followup.red.id}").get_data(as_text=True)
    assert len(boxes(page)) == 2 and not any(" checked" in box for box in boxes(page))


def test_the_volunteer_sees_only_the_courses_to_tutor(client, login, make, db, followup, peer):
    make.grade(followup.red, followup.run.term_id, "体育", credits=1, score=30)
    approved_pairing(client, login, db, followup, peer)  # 课程B ticked, not 课程体育
    login(peer.volunteer_user)
    for url in ("/peer-help/", "/peer-help/sessions/new"):
        page = client.get(url).get_data(as_text=True)
        assert "课程B" in page and "课程体育" not in page, url
