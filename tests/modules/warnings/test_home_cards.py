"""The home cards keep up with the objection and the plan: the secretary's home names the
objections waiting for their answer (in their scope) and the answer form leads to the
student's grades; the student's card says their objection is with the secretary, asks for a
study plan only while none is begun, and offers every notice still waiting, of any term."""

import re
from datetime import datetime, timedelta

from portal.modules.warnings.models import Notice

from ...followup import PUBLISHED, pin_today
from ..plans.test_plans import plan_data, reviewer, student_of
from .test_objection_answers import (  # noqa: F401  (college, other_college: fixtures)
    answer,
    college,
    in_english,
    object_to,
    other_college,
)

OBJECTED_AT = datetime(2026, 3, 1, 2, 0)  # UTC: 1 March 2026 in Beijing
CARD = "等待您答复的异议"


def objected(client, login, college, db, which=0, reason="补考成绩未录入"):
    """The student `which` of the college objects, on a known day."""
    notice, user = college["notices"][which], college["users"][which]
    object_to(client, login, user, notice, reason)
    db.session.refresh(notice)
    notice.objected_at = OBJECTED_AT
    db.session.flush()
    return notice


def test_the_secretarys_home_names_each_objection_waiting_for_an_answer(client, login, college, db):
    login(college["secretary"])
    assert CARD not in client.get("/").get_data(as_text=True)  # none waits: no card
    notice = objected(client, login, college, db)
    login(college["secretary"])
    home = client.get("/").get_data(as_text=True)
    assert CARD in home and "1 条异议等待您答复。" in home
    card = home.split(CARD)[1]
    assert "甲同学" in card and "异议学院1班" in card and "2026-03-01" in card
    assert f'href="/warnings/notices/{notice.id}?from=objections#answer-form"' in card
    assert 'href="/warnings/objections"' in card
    in_english(client)
    home = client.get("/").get_data(as_text=True)
    assert "Objections waiting for your answer" in home
    assert "1 objection waits for your answer." in home and "All objections" in home
    answer(client, login, college["secretary"], notice, "uphold", "已核对", db)
    assert "Objections waiting for your answer" not in client.get("/").get_data(as_text=True)


def test_the_card_lists_only_the_objections_in_the_secretarys_scope(
    client, login, college, other_college, db
):
    objected(client, login, college, db, 0)
    objected(client, login, college, db, 1)
    objected(client, login, other_college, db, 0, reason="别院异议")
    login(other_college["secretary"])
    card = client.get("/").get_data(as_text=True).split(CARD)[1]
    assert "1 条异议等待您答复。" in card and "丙同学" in card
    assert "甲同学" not in card and "乙同学" not in card
    login(college["secretary"])
    card = client.get("/").get_data(as_text=True).split(CARD)[1]
    assert "2 条异议等待您答复。" in card and "丙同学" not in card


def test_the_answer_form_leads_to_the_students_grades(client, login, college, db):
    notice = objected(client, login, college, db)
    student = college["students"][0]
    login(college["secretary"])
    form = client.get(f"/warnings/notices/{notice.id}?from=objections").get_data(as_text=True)
    why = f'href="/warnings/students/{student.id}"'
    assert why in form.split('id="answer-form"')[1]
    assert "甲同学的成绩与警示原因" in form
    grades = client.get(f"/warnings/students/{student.id}")
    assert grades.status_code == 200 and "未通过" in grades.get_data(as_text=True)
    login(college["users"][0])  # the student answers nothing: no such link for them
    assert why not in client.get(f"/warnings/notices/{notice.id}").get_data(as_text=True)


def test_the_students_card_says_their_objection_is_with_the_secretary(client, login, college, db):
    notice = objected(client, login, college, db)
    login(college["users"][0])
    home = client.get("/").get_data(as_text=True)
    assert "你的异议已于 2026年3月1日 提交，教学秘书会答复你。" in home
    assert f'href="/warnings/notices/{notice.id}"' not in home  # nothing to confirm yet
    in_english(client)
    home = client.get("/").get_data(as_text=True)
    assert (
        "Your objection was sent on March 1, 2026; the teaching secretary will answer you." in home
    )


def test_the_students_card_asks_for_a_study_plan_only_until_one_is_begun(
    client, login, make, db, followup, monkeypatch
):
    pin_today(monkeypatch, PUBLISHED + timedelta(days=3))
    login(student_of(make, followup))
    assert "并制定你的学习计划" in client.get("/").get_data(as_text=True)
    client.get("/plans/mine")
    assert client.post("/plans/mine/save", data=plan_data(action="submit")).status_code == 303
    home = client.get("/").get_data(as_text=True)
    assert "制定你的学习计划" not in home and "你的学习计划正在进行中" in home
    plan_id = _plan_id(db)
    login(reviewer(make, followup))
    client.post(f"/plans/{plan_id}/review", data={"action": "sign", "part": "general"})
    login(student_of(make, followup))
    home = client.get("/").get_data(as_text=True)
    assert "制定你的学习计划" not in home and "按已签字的学习计划坚持下去" in home
    in_english(client)
    home = client.get("/").get_data(as_text=True)
    assert "keep to your signed study plan" in home and "write your study plan" not in home


def _plan_id(db):
    from portal.modules.plans.models import Plan

    return db.session.query(Plan.id).scalar()


def test_without_a_module_keeping_plans_the_card_asks_for_none(
    app, client, login, make, followup, monkeypatch
):
    # A copy without it, not a deletion: restoring a deleted key would move it to the end,
    # and the review lists the facts in their declared order.
    facts = {code: fact for code, fact in app.extensions["portal.facts"].items() if code != "plan"}
    monkeypatch.setitem(app.extensions, "portal.facts", facts)
    login(student_of(make, followup))
    card = client.get("/").get_data(as_text=True).split(">学业警示</h2>")[1].split("</section>")[0]
    assert "下一步：和班主任或辅导员谈一谈。" in card and "学习计划" not in card


def _warned_two_terms(term_history, grades, db, name):
    """An anshan student warned at two terms in a row: (student, older notice, newer)."""
    anshan = term_history.college("anshan")
    student = term_history.student(anshan, name=name)
    for code in ("2024-2025-1", "2024-2025-2"):
        grades(student, code, [("A" + code, 4, 20, "regular"), ("B" + code, 10, 90, "regular")])
        term_history.publish(anshan, code)
    older, newer = db.session.query(Notice).filter_by(student_id=student.id).order_by(Notice.id)
    return student, older, newer


def test_an_older_terms_notice_still_waiting_is_offered_on_the_card(
    client, login, make, db, grades, term_history
):
    student, older, newer = _warned_two_terms(term_history, grades, db, "两学期同学")
    login(make.student_user(student))
    client.post(f"/warnings/notices/{newer.id}/confirm")
    home = client.get("/").get_data(as_text=True)
    assert f'href="/warnings/notices/{older.id}"' in home
    assert "阅读并确认此前学期2024-2025学年第1学期的通知书" in home
    assert f'href="/warnings/notices/{newer.id}"' not in home  # confirmed: nothing asked
    client.post(f"/warnings/notices/{older.id}/object", data={"reason": "已补考通过"})
    home = client.get("/").get_data(as_text=True)
    assert "你对2024-2025学年第1学期通知书的异议已于" in home
    assert f'href="/warnings/notices/{older.id}"' not in home


def test_two_notices_waiting_each_name_their_term_the_current_first(
    client, login, make, db, grades, term_history
):
    """Two terms' notices to confirm: each button names its term, the current term's comes
    first (and is the primary one), the other says it is an earlier term's — in both
    languages."""
    student, older, newer = _warned_two_terms(term_history, grades, db, "两张通知书同学")
    login(make.student_user(student))

    def buttons() -> list[tuple[str, str]]:
        home = client.get("/").get_data(as_text=True)
        found = re.findall(
            r'<a class="(button[^"]*)" href="/warnings/notices/(\d+)">([^<]+)</a>', home
        )
        return [(f"{css} {notice}", words.strip()) for css, notice, words in found]

    assert buttons() == [
        (f"button primary {newer.id}", "阅读并确认2024-2025学年第2学期的通知书"),
        (f"button {older.id}", "阅读并确认此前学期2024-2025学年第1学期的通知书"),
    ]
    client.post("/locale", data={"locale": "en", "next": "/"})
    assert buttons() == [
        (f"button primary {newer.id}", "Read and confirm the notice of 2024–2025 term 2"),
        (f"button {older.id}", "Read and confirm the notice of an earlier term, 2024–2025 term 1"),
    ]
