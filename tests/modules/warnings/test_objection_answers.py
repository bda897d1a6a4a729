"""An objection answered closes its loop: the student hears the outcome where they look
(their home card, their notice), and the secretary answers from the objections page and
keeps its history, in their own scope only."""

from datetime import datetime

import pytest

from portal.core.models import Notification
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.lifecycle import transition
from portal.modules.warnings.models import Notice

from ...followup import statements_during

ANSWERED_AT = datetime(2026, 3, 2, 4, 0)  # UTC: 2 March 2026 at noon in Beijing


def publish(make, grades, db, college_name, names):
    """A college whose published roster warns each named student (a notice each)."""
    college = make.college(college_name)
    school_class = make.school_class(make.major(college), college_name + "1班")
    students = [make.student(school_class, name=name) for name in names]
    for student in students:
        grades(student, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 10, 90, "regular")])
    run = compute_run(make.term("2024-2025-1"), rulesets.load("anshan"), college_id=college.id)
    secretary = make.user(role="secretary", scope=college, name=college_name + "秘书")
    transition(run, "submit", user_id=secretary.id)
    transition(run, "approve", user_id=make.user(role="leader", scope=college).id)
    db.session.flush()
    notices = {n.student_id: n for n in db.session.query(Notice).filter_by(run_id=run.id)}
    return dict(
        secretary=secretary,
        students=students,
        users=[make.student_user(s) for s in students],
        notices=[notices[s.id] for s in students],
        school_class=school_class,
    )


@pytest.fixture
def college(make, grades, db):
    return publish(make, grades, db, "异议学院", ["甲同学", "乙同学"])


@pytest.fixture
def other_college(make, grades, db):
    return publish(make, grades, db, "别的学院", ["丙同学", "丁同学"])


def object_to(client, login, user, notice, reason):
    login(user)
    client.post(f"/warnings/notices/{notice.id}/object", data={"reason": reason})


def answer(client, login, secretary, notice, decision, text, db, **extra):
    login(secretary)
    response = client.post(
        f"/warnings/notices/{notice.id}/answer",
        data={"decision": decision, "answer": text, **extra},
    )
    db.session.refresh(notice)
    notice.answered_at = ANSWERED_AT  # a known day to read back
    db.session.flush()
    return response


def in_english(client):
    client.post("/locale", data={"locale": "en", "next": "/"})


UPHELD_READS = {
    "zh_CN": (
        "异议已得到答复：维持警示。",  # the card names the notice's term before it
        "教学秘书于 2026年3月2日 答复",
        "帮助你赶上来；它不是处分",
    ),
    "en": (
        "has been answered: the warning stays.",
        "The teaching secretary answered on March 2, 2026",
        "can help you catch up; it is not a punishment",
    ),
}


HOME_UPHELD = {
    "zh_CN": "你对2024-2025学年第1学期通知书的异议已得到答复：维持警示。",
    "en": "Your objection to the notice of 2024",
}


@pytest.mark.parametrize("locale", sorted(UPHELD_READS))
def test_student_reads_an_upheld_answer_on_their_home_card_and_notice(
    client, login, college, db, locale
):
    notice, user = college["notices"][0], college["users"][0]
    object_to(client, login, user, notice, "补考成绩未录入")
    answer(client, login, college["secretary"], notice, "uphold", "已核对，补考成绩无误", db)
    login(user)
    client.post("/locale", data={"locale": locale, "next": "/"})
    for url in ("/", f"/warnings/notices/{notice.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "已核对，补考成绩无误" in page, url  # the secretary's words, as written
        assert all(words in page for words in UPHELD_READS[locale]), url
    home = client.get("/").get_data(as_text=True)
    assert HOME_UPHELD[locale] in home
    assert f'href="/warnings/notices/{notice.id}"' in home  # to read it and confirm
    assert ("阅读答复并确认通知书" if locale == "zh_CN" else "Read the answer") in home


def test_a_withdrawn_warning_is_still_told_on_the_home_card(client, login, college, db):
    """The withdrawn warning leaves the roster, and with it the card's story of the term:
    the card still says the objection was accepted, and why."""
    notice, user = college["notices"][1], college["users"][1]
    object_to(client, login, user, notice, "成绩有误")
    answer(client, login, college["secretary"], notice, "withdraw", "成绩已更正，警示撤销", db)
    login(user)
    for url, said in (
        ("/", "你对2024-2025学年第1学期通知书的异议已被采纳，该警示已撤销。"),
        (f"/warnings/notices/{notice.id}", "你的异议已被采纳，警示已撤销。"),
    ):
        page = client.get(url).get_data(as_text=True)
        assert said in page, url
        assert "成绩已更正，警示撤销" in page, url
        assert "2026年3月2日" in page, url
    in_english(client)
    home = client.get("/").get_data(as_text=True)
    assert "Your objection to the notice of 2024" in home
    assert "was accepted; that warning has been withdrawn." in home
    assert "Nothing more is asked of you for this notice." in home


def test_the_notification_takes_the_student_to_the_answer(client, login, college, db):
    notice, user = college["notices"][0], college["users"][0]
    object_to(client, login, user, notice, "补考成绩未录入")
    answer(client, login, college["secretary"], notice, "uphold", "已核对", db)
    [told] = db.session.query(Notification).filter_by(user_id=user.id).all()
    assert told.link == f"/warnings/notices/{notice.id}"


def test_a_student_never_reads_another_students_answer(client, login, college, db):
    first, second = college["notices"]
    object_to(client, login, college["users"][0], first, "补考成绩未录入")
    answer(client, login, college["secretary"], first, "uphold", "甲的答复内容", db)
    login(college["users"][1])
    assert "甲的答复内容" not in client.get("/").get_data(as_text=True)
    assert client.get(f"/warnings/notices/{first.id}").status_code == 404
    own = client.get(f"/warnings/notices/{second.id}").get_data(as_text=True)
    assert "甲的答复内容" not in own and "你的异议" not in own


def test_each_waiting_objection_has_its_answer_button(client, login, college, db):
    for user, notice in zip(college["users"], college["notices"], strict=True):
        object_to(client, login, user, notice, "请复核")
    login(college["secretary"])
    page = client.get("/warnings/objections").get_data(as_text=True)
    for notice in college["notices"]:
        answer_url = f"/warnings/notices/{notice.id}?from=objections#answer-form"
        assert f'class="button primary" href="{answer_url}"' in page
    form = client.get(f"/warnings/notices/{college['notices'][0].id}?from=objections")
    form = form.get_data(as_text=True)
    assert 'id="answer-form"' in form and 'name="next" value="objections"' in form


def test_answering_from_the_list_comes_back_to_it_with_the_answer_in_the_history(
    client, login, college, db
):
    first, second = college["notices"]
    object_to(client, login, college["users"][0], first, "补考成绩未录入")
    object_to(client, login, college["users"][1], second, "成绩有误")
    response = answer(
        client, login, college["secretary"], second, "withdraw", "成绩更正", db, next="objections"
    )
    assert response.status_code in (302, 303)
    assert response.headers["Location"].endswith("/warnings/objections")
    page = client.get("/warnings/objections").get_data(as_text=True)
    waiting, history = page.split("近期已答复")
    assert "甲同学" in waiting and "乙同学" not in waiting
    assert "乙同学" in history and "甲同学" not in history
    for shown in ("成绩有误", "撤销警示", "成绩更正", "异议学院秘书", "2026-03-02 12:00"):
        assert shown in history, shown
    notice_page = client.get(f"/warnings/notices/{second.id}").get_data(as_text=True)
    assert "撤销警示" in notice_page and "异议学院秘书于 2026-03-02 12:00 答复" in notice_page
    in_english(client)
    history = client.get("/warnings/objections").get_data(as_text=True).split("Answered recently")
    assert "warning withdrawn" in history[1] and "Answered by" in history[1]


def test_another_colleges_secretary_sees_neither_the_waiting_nor_the_answered(
    client, login, college, other_college, db
):
    first, second = college["notices"]
    object_to(client, login, college["users"][0], first, "补考成绩未录入")
    object_to(client, login, college["users"][1], second, "成绩有误")
    answer(client, login, college["secretary"], second, "uphold", "维持的答复", db)
    own = other_college["notices"]
    object_to(client, login, other_college["users"][0], own[0], "别院异议")
    object_to(client, login, other_college["users"][1], own[1], "别院另一异议")
    answer(client, login, other_college["secretary"], own[1], "uphold", "别院的答复", db)
    page = client.get("/warnings/objections").get_data(as_text=True)
    waiting, history = page.split("近期已答复")
    assert "别院异议" in waiting and "别院的答复" in history  # their own, in both
    for hidden in ("甲同学", "乙同学", "补考成绩未录入", "成绩有误", "维持的答复"):
        assert hidden not in page, hidden


def test_the_objections_page_costs_the_same_queries_for_more_rows(client, login, make, college, db):
    """Waiting and answered rows name the student, class, term and who answered: loaded with
    the rows, not a query each."""
    run_id = college["notices"][0].run_id
    login(college["secretary"])
    counts = []
    for batch in (1, 5):
        for n in range(batch):
            for state in ("objected", "upheld"):  # one student waiting, another answered
                student = make.student(college["school_class"], name=f"{state}{batch}同学{n}")
                notice = Notice(
                    run_id=run_id,
                    student_id=student.id,
                    state=state,
                    objection="请复核",
                    objected_at=ANSWERED_AT,
                )
                if state == "upheld":
                    notice.answer, notice.answered_at = "维持", ANSWERED_AT
                    notice.answered_by_id = make.user(name=f"答复人{batch}{n}").id
                db.session.add(notice)
        db.session.flush()
        client.get("/warnings/objections")  # what a first visit reads once
        db.session.expunge_all()  # as a request's own session: nothing loaded yet
        counts.append(statements_during(db, lambda: client.get("/warnings/objections")))
    assert counts[0] == counts[1]
    page = client.get("/warnings/objections").get_data(as_text=True)
    assert page.count("?from=objections#answer-form") == 6 and "答复人54" in page


@pytest.mark.parametrize("decision", ["bogus", None])
def test_an_answer_without_a_decision_of_the_two_is_refused_and_writes_nothing(
    client, login, college, db, decision
):
    """A missing or forged decision was taken as "upheld": an answer that cannot be taken
    back, and the student told of it."""
    notice, user = college["notices"][0], college["users"][0]
    object_to(client, login, user, notice, "补考成绩未录入")
    login(college["secretary"])
    data = {"answer": "已核对"} | ({"decision": decision} if decision else {})
    response = client.post(
        f"/warnings/notices/{notice.id}/answer", data=data, follow_redirects=True
    )
    assert "请选择维持还是撤销警示" in response.get_data(as_text=True)
    db.session.refresh(notice)
    assert notice.state == "objected" and notice.answered_at is None
    assert not db.session.query(Notification).filter_by(user_id=user.id).count()


def test_the_card_names_the_term_of_a_withdrawn_notice_below_another_terms_warning(
    client, login, make, grades, db
):
    """Warned in one term, and an objection to a later term's notice withdrawn: the card
    tells the earlier term's warning, which stands, and the answer names its own term, so
    it does not read as if the warning above were withdrawn."""
    college = make.college("两学期学院")
    student = make.student(make.school_class(make.major(college), "两学期1班"), name="戊同学")
    secretary = make.user(role="secretary", scope=college)
    leader = make.user(role="leader", scope=college)
    notices = {}
    for code, failed in (("2024-2025-1", 10), ("2024-2025-2", 4)):
        grades(student, code, [("A", failed, 20, "regular"), ("B", 10, 90, "regular")])
        run = compute_run(make.term(code), rulesets.load("anshan"), college_id=college.id)
        transition(run, "submit", user_id=secretary.id)
        transition(run, "approve", user_id=leader.id)
        db.session.flush()
        notices[code] = db.session.query(Notice).filter_by(run_id=run.id).one()
    user = make.student_user(student)
    later = notices["2024-2025-2"]
    object_to(client, login, user, later, "成绩有误")
    answer(client, login, secretary, later, "withdraw", "成绩已更正", db)
    login(user)
    home = client.get("/").get_data(as_text=True)
    assert "2024-2025学年第1学期：" in home  # the earlier warning, still standing
    assert "你对2024-2025学年第2学期通知书的异议已被采纳，该警示已撤销。" in home
    assert "你的异议已被采纳，警示已撤销。" not in home
