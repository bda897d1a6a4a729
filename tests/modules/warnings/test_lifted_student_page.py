"""A lifted student's own pages say the warning is lifted, and ask nothing more for it (an
outside tester, student 20230122 once the secretary confirmed the lift: the card showed
"已于 2026-12-04 解除" beside "已于 2026-12-05 解除", still "当前预警状态：黄色预警", "下一步：…
制定你的学习计划" and two "阅读并确认…通知书" buttons). A notice left unconfirmed when its
warning is lifted asks for no confirmation, on the student's pages and on the staff's list
of notices not yet confirmed alike. A lifting only proposed keeps the warning current
(warning-rules.md §6): the pages still ask what they asked, and say the lifting waits."""

import re
from datetime import datetime, timedelta

import pytest

from portal.core.models import GradeRecord
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.lifecycle import transition
from portal.modules.warnings.models import Lift, Notice

RED = [("A", 4, 20, "regular"), ("B", 10, 90, "regular")]
LIFTED = "Your academic warning has been lifted. Well done, keep it up!"
CONFIRM_BUTTON = "Read and confirm the notice"


def _publish(make, college, term_code, ruleset="anshan"):
    leader = make.user(role="leader", scope=college)
    run = compute_run(make.term(term_code), rulesets.load(ruleset), college_id=college.id)
    transition(run, "submit", user_id=leader.id)
    transition(run, "approve", user_id=leader.id)
    return run


@pytest.fixture
def recovered(make, grades, db):
    """anshan: 回升生 warned at 2024-2025-1 and again at 2024-2025-2 (two notices, neither
    confirmed), passing every course at 2025-2026-1, whose roster proposes the lifting."""
    college = make.college("解除页学院")
    school_class = make.school_class(make.major(college))
    student = make.student(school_class, name="回升生")
    grades(student, "2024-2025-1", RED)
    _publish(make, college, "2024-2025-1")
    grades(student, "2024-2025-2", [("C", 4, 20, "regular"), ("D", 10, 90, "regular")])
    _publish(make, college, "2024-2025-2")
    grades(
        student,
        "2025-2026-1",
        [("E", 4, 90, "regular"), ("A", 4, 80, "retake"), ("C", 4, 80, "retake")],
    )
    _publish(make, college, "2025-2026-1")
    [lift] = db.session.query(Lift).all()
    notices = db.session.query(Notice).filter_by(student_id=student.id).order_by(Notice.id).all()
    for notice in notices:  # past the days to confirm: the staff's list chases them
        notice.created_at -= timedelta(days=30)
    found = dict(
        student=student,
        user=make.student_user(student),
        secretary=make.user(role="secretary", scope=college),
        counselor=make.user(role="counselor", scope=school_class),
        lift=lift,
        notices=notices,
    )
    db.session.commit()
    return found


def _confirm(client, login, db, recovered, at=None):
    login(recovered["secretary"])
    client.post("/warnings/lifting/confirm", data={"lift": [str(recovered["lift"].id)]})
    if at is not None:  # the moment the secretary confirmed, as stored (UTC)
        lift = db.session.get(Lift, recovered["lift"].id)
        lift.confirmed_at = lift.warning.lifted_at = at
        db.session.commit()


def _words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _student_pages(client, login, recovered) -> dict[str, str]:
    login(recovered["user"])
    client.post("/locale", data={"locale": "en"})
    return {
        url: client.get(url).get_data(as_text=True)
        for url in (
            "/warnings/widget",
            f"/warnings/students/{recovered['student'].id}",
            "/plans/mine/widget",
            *(f"/warnings/notices/{n.id}" for n in recovered["notices"]),
        )
    }


def test_the_lifted_day_is_the_colleges_day_on_every_line(client, login, db, recovered):
    """Confirmed at 00:07 in Beijing on 5 December, 16:07 UTC on the 4th: the standing line
    read the UTC day, the term's line the college's."""
    _confirm(client, login, db, recovered, at=datetime(2026, 12, 4, 16, 7))
    login(recovered["user"])
    for url in ("/warnings/widget", f"/warnings/students/{recovered['student'].id}"):
        words = _words(client.get(url).get_data(as_text=True))
        assert "2026-12-04" not in words
        assert words.count("已于 2026-12-05 解除") == 2, words  # the standing, the term


def test_a_lifted_student_is_told_so_and_asked_nothing_more(client, login, db, recovered):
    _confirm(client, login, db, recovered)
    pages = _student_pages(client, login, recovered)
    card, why, plan = (_words(pages[u]) for u in list(pages)[:3])
    for words in (card, why):
        assert LIFTED in words and "Warning lifted:" in words
        assert "Standing now" not in words
        assert "Next:" not in words and "what to do next" not in words
        assert CONFIRM_BUTTON not in words
    assert "Open the notice" in why
    assert why.count("no confirmation needed: the warning has been lifted") == 2
    assert "No study plan is needed this term." in plan and "Write your study plan" not in plan
    for notice in recovered["notices"]:
        page = pages[f"/warnings/notices/{notice.id}"]
        assert "/confirm" not in page and "/object" not in page
        assert "no confirmation needed: the warning has been lifted" in page


def test_the_staff_no_longer_chase_a_notice_whose_warning_was_lifted(client, login, db, recovered):
    """The list of notices not yet confirmed, and the roster's notice column, say what the
    student's pages say."""
    student_no = recovered["student"].student_no
    login(recovered["counselor"])
    assert student_no in client.get("/warnings/unconfirmed").get_data(as_text=True)
    _confirm(client, login, db, recovered)
    for user in (recovered["counselor"], recovered["secretary"]):
        login(user)
        client.post("/locale", data={"locale": "en"})
        assert student_no not in client.get("/warnings/unconfirmed").get_data(as_text=True)
        term = recovered["notices"][-1].run.term_id
        roster = _words(client.get(f"/warnings/?term={term}").get_data(as_text=True))
        assert "no confirmation needed: the warning has been lifted" in roster
        assert "waiting for the student's confirmation" not in roster
    assert {n.state for n in db.session.query(Notice)} == {"pending"}  # kept as stored


def test_a_lifting_only_proposed_keeps_the_warning_and_what_it_asks(client, login, recovered):
    pages = _student_pages(client, login, recovered)
    card, why, plan = (_words(pages[u]) for u in list(pages)[:3])
    for words in (card, why):
        assert "Standing now:" in words and "lifting proposed" in words
        assert "the teaching secretary will confirm it. Until then it stands" in words
        assert LIFTED not in words and "Warning lifted" not in words
    assert card.count(CONFIRM_BUTTON) == 2 and "Next: talk with your" in card
    assert "Read the notice and confirm it" in why
    assert "Write your study plan" in plan
    login(recovered["counselor"])
    unconfirmed = client.get("/warnings/unconfirmed").get_data(as_text=True)
    assert recovered["student"].student_no in unconfirmed


def test_one_warning_lifted_beside_one_that_stands(client, login, make, grades, db, liaoning):
    """liaoning: the 降级警示 lifted (under 20 credits owed), the 学位警示 given again: the
    card says one warning ended and the other stands, with its next step; the lifted
    warning's notice asks for nothing, the degree notices still do."""
    student = liaoning["student"]
    grades(student, "2025-2026-2", [("A", 12, 80, "retake"), ("E", 2, 30, "regular")])
    for record in db.session.query(GradeRecord).filter_by(student_id=student.id):
        record.degree_course = True
    _publish(make, liaoning["college"], "2025-2026-2", "liaoning")
    [lift] = db.session.query(Lift).all()
    assert lift.warning.category == "demotion"
    db.session.commit()
    login(liaoning["secretary"])
    client.post("/warnings/lifting/confirm", data={"lift": [str(lift.id)]})
    login(liaoning["user"])
    client.post("/locale", data={"locale": "en"})
    card = _words(client.get("/warnings/widget").get_data(as_text=True))
    assert "One of your academic warnings has been lifted." in card and LIFTED not in card
    assert "Standing now:" in card and "Warning lifted:" in card and "Next:" in card
    waiting = re.findall(r'href="/warnings/notices/(\d+)"', client.get("/warnings/widget").text)
    kinds = {db.session.get(Notice, int(n)).kind for n in waiting}
    assert kinds == {"degree"}
