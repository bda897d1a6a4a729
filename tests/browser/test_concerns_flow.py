"""Mid-term concerns in a real browser, in Chinese and in English: the secretary imports a
course roster (who teaches which class), opens a survey and takes its courses from that
course data → the teacher marks three students → the counselor sees the due talks, records
one and closes the concern → the teacher sees "followed up"."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from flask_babel import force_locale

from portal.core.templating import term_label

from ..followup import pin_today
from .conftest import log_in, use_language
from .test_foundation_flows import shot

WORDS = {
    "zh_CN": {
        "saved": "已保存",
        "other": "选择“其他”时请用简短备注说明。",
        "closed": "已关闭对",
        "imported": "新增 1",
        "followed": "已跟进",
        "h1_due": "待谈话的学情关注",
    },
    "en": {
        "saved": "Saved.",
        "other": "Say in a short note what “other” means.",
        "closed": "closed.",
        "imported": "1 new",
        "followed": "followed up",
        "h1_due": "Concerns to talk about",
    },
}


def _advisors_class(live_app) -> str:
    from sqlalchemy import select

    from portal.core.models import RoleGrant, SchoolClass, User
    from portal.extensions import db

    with live_app.app_context():
        return db.session.scalar(
            select(SchoolClass.name)
            .join(RoleGrant, RoleGrant.scope_id == SchoolClass.id)
            .join(User, User.id == RoleGrant.user_id)
            .where(User.username == "advisor", RoleGrant.scope_kind == "class")
        )


def _talks_with(live_app, text: str) -> int:
    from sqlalchemy import column, func, select, table

    from portal.extensions import db

    with live_app.app_context():
        talks = table("talks_talk", column("content"))
        return db.session.scalar(
            select(func.count()).select_from(talks).where(talks.c.content.contains(text))
        )


def _as(page, username, locale):
    log_in(page, username)
    use_language(page, locale)


def _latest_term(live_app) -> str:
    """A term the demo already has: the course data adds no term other flows would see."""
    from sqlalchemy import select

    from portal.core.models import Term
    from portal.extensions import db

    with live_app.app_context():
        return db.session.scalar(select(Term.code).order_by(Term.start_year.desc(), Term.n.desc()))


def _course_roster(tmp_path, term: str, course: str, class_name: str):
    from ..xlsx_files import write_xlsx

    return write_xlsx(
        tmp_path / "courses.xlsx",
        [
            ["学年学期", "课程代码", "课程名称", "教师工号", "任课教师", "班级"],
            [term, f"BT-{course[-8:]}", course, "teacher", "吴老师", class_name],
        ],
    )


def _a_day_of_term(live_app, monkeypatch):
    """The portal's day for the flow: today, or in a holiday (when no survey may run) a day
    five weeks into the next term."""
    from portal.core import clock
    from portal.modules.concerns.survey_dates import term_under_way

    with live_app.app_context():
        today = clock.today()
        term = term_under_way(today)
    if today < term.first:
        today = term.first + timedelta(weeks=5)
        pin_today(monkeypatch, today)
    return today


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_survey_marks_due_talk_and_followed_up(page, live_app, locale, tmp_path, monkeypatch):
    words = WORDS[locale]
    course = f"浏览器测试课-{locale}-{'js' if page.js else 'nojs'}"
    class_name = _advisors_class(live_app)
    term = _latest_term(live_app)
    today = _a_day_of_term(live_app, monkeypatch)

    # The secretary imports the course roster: who teaches which course to which class.
    _as(page, "secretary", locale)
    page.goto("/imports/")
    page.set_input_files("#file-courses", str(_course_roster(tmp_path, term, course, class_name)))
    page.click("form:has(#file-courses) button")
    page.wait_for_selector(f"text={words['imported']}")

    # She opens a survey and takes its courses, classes and teachers from the course data.
    page.goto("/concerns/")
    page.fill("input[name=title]", course)
    page.fill("input[name=opens_on]", (today - timedelta(days=1)).isoformat())
    page.fill("input[name=closes_on]", (today + timedelta(days=14)).isoformat())
    page.locator("form[action$='/concerns/surveys'] button.primary").first.click()
    page.wait_for_selector(f"h1 >> text={course}")
    with live_app.test_request_context(), force_locale(locale):
        page.select_option("#term_id", label=term_label(term))  # terms read as words
    page.click("form[action$='/fill'] button.primary")
    page.wait_for_selector(f"td >> text={course}")
    row = page.locator("tr", has_text=course)
    assert row.filter(has_text=class_name).filter(has_text="吴老师").count() == 1
    shot(page, f"concerns-survey-{locale}")

    # The teacher marks three students of the class.
    _as(page, "teacher", locale)
    assert page.locator("text=" + course).count() >= 1  # the dashboard reminds him
    page.goto("/concerns/teach")
    shot(page, f"concerns-teach-{locale}")
    page.locator("tr", has_text=course).locator("a.button").click()
    page.wait_for_selector(f"h1 >> text={course}")
    rows = page.locator("tbody tr")
    names = [rows.nth(i).locator("td").first.inner_text() for i in range(3)]
    # "Other" without a note is refused: the page says why, keeps the ticks, saves nothing.
    rows.nth(0).locator("input[type=checkbox]").nth(4).check()
    page.click("form button.primary")
    page.wait_for_selector("div.summary[role=alert]")
    assert page.locator("div.summary").inner_text().count(words["other"]) == 1
    shot(page, f"concerns-mark-refused-{locale}")
    rows = page.locator("tbody tr")
    assert rows.nth(0).locator("input[type=checkbox]").nth(4).is_checked()
    rows.nth(0).locator("input[type=checkbox]").nth(4).uncheck()
    for i in range(3):
        rows.nth(i).locator("input[type=checkbox]").nth(i).check()
    rows.nth(0).locator("input[name$=note]").fill("连续三次缺课")
    shot(page, f"concerns-mark-{locale}")
    page.click("form button.primary")
    page.wait_for_selector(f"text={words['saved']}")

    # The counselor sees the three due talks, records one and closes its concern.
    _as(page, "counselor", locale)
    page.goto("/concerns/due")
    assert page.locator("h1").inner_text() == words["h1_due"]
    mine = page.locator("tr", has_text=course)
    assert mine.count() == 3
    for name in names:
        assert mine.filter(has_text=name).count() == 1
    shot(page, f"concerns-due-{locale}")
    row = mine.filter(has_text=names[0])
    row.locator("a.button").click()
    page.wait_for_selector("#content")
    box = page.locator("aside.occasion")  # the concern the talk follows up
    assert course in box.inner_text() and "连续三次缺课" in box.inner_text()
    page.fill("#content", "了解缺课原因，约定按时上课。")
    page.click("form button.primary")
    # Back where the concern is closed (the form's own URL ends with next=/concerns/due).
    page.wait_for_url(lambda url: urlsplit(url).path == "/concerns/due")
    assert _talks_with(live_app, "了解缺课原因") >= 1  # the talks module saved it
    row = page.locator("tr", has_text=course).filter(has_text=names[0])
    row.locator("select[name=outcome]").select_option("talked_improving")
    row.locator("form button").click()
    page.wait_for_selector(f"text={words['closed']}")
    assert page.locator("tr", has_text=course).count() == 2

    # The teacher sees that it was followed up, and nothing of the talk.
    _as(page, "teacher", locale)
    page.goto("/concerns/teach")
    page.locator("tr", has_text=course).locator("a.button").click()
    page.wait_for_selector(f"h1 >> text={course}")
    followed = page.locator("span.followed")
    assert followed.count() == 1 and followed.inner_text() == words["followed"]
    assert page.locator("tr", has_text=names[0]).locator("span.followed").count() == 1
    assert "约定按时上课" not in page.content()
    shot(page, f"concerns-followed-{locale}")
    assert not page.csp_violations
    use_language(page, "zh_CN")


def _demo_students(live_app):
    """A demo student with an open concern, and the demo class's information officer."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.modules.concerns.models import Concern, Officer

    with live_app.app_context():
        concerned = db.session.scalar(
            select(Concern).where(Concern.closed_on.is_(None)).order_by(Concern.id)
        )
        officer = db.session.scalar(select(Officer))
        return concerned.student.student_no, officer.student.student_no


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_the_modules_pages_read_in_both_languages(page, live_app, locale):
    concerned, officer = _demo_students(live_app)
    heads = {
        ("secretary", "/concerns/"): ("期中学情调查", "Progress surveys"),
        ("secretary", "/concerns/surveys/1"): (
            "期中学情调查（第6–9周）",
            "期中学情调查（第6–9周）",
        ),
        ("leader", "/concerns/watch"): ("重点关注名单", "Watch list"),
        ("leader", "/concerns/review"): ("预防是否奏效？", "Did prevention work?"),
        ("counselor", "/concerns/officers"): ("班级教学信息员", "Class information officers"),
        (concerned, "/concerns/mine"): ("老师的关心", "Your teachers"),
        (officer, "/concerns/report"): ("班级学情报告", "Class report"),
    }
    for (who, url), (zh, en) in heads.items():
        _as(page, who, locale)
        page.goto(url)
        assert page.locator("h1").first.inner_text().startswith(zh if locale == "zh_CN" else en)
        shot(page, f"concerns{url.replace('/', '-').rstrip('-')}-{locale}")
    _as(page, concerned, locale)
    assert (
        page.locator(
            "text=" + ("现在还来得及赶上" if locale == "zh_CN" else "There is time to catch up")
        ).count()
        == 1
    )
    shot(page, f"concerns-student-dashboard-{locale}")
    assert not page.csp_violations
    use_language(page, "zh_CN")
