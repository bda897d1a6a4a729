"""Log in, dashboard, language switch, student profile — with JavaScript on and off."""

from pathlib import Path

from .conftest import log_in

SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{'js' if page.js else 'nojs'}.png"), full_page=True)


def test_counselor_logs_in_switches_language_and_opens_a_profile(page):
    log_in(page, "counselor")
    assert page.locator("h1").inner_text().endswith("您好")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    shot(page, "dashboard-zh")
    page.click("text=学生")
    page.wait_for_selector("table")
    first = page.locator("tbody tr td a").first
    number = first.inner_text()
    first.click()
    page.wait_for_selector(f"h1 >> text={number}")
    assert page.locator("text=基本信息").count() >= 1
    shot(page, "profile-zh")
    page.click("button[lang=en]")
    page.wait_for_selector("text=Basic information")
    assert page.locator("html").get_attribute("lang") == "en"
    assert number in page.locator("h1").inner_text()
    shot(page, "profile-en")
    assert page.csp_violations == []


def test_student_sees_own_record_and_not_another(page, live_app):
    from portal.core.models import Student, User
    from portal.extensions import db

    with live_app.app_context():
        mine, other = (
            db.session.query(Student)
            .join(User, User.student_id == Student.id)
            .filter(User.username == Student.student_no)
            .order_by(Student.id)
            .limit(2)
            .all()
        )
        mine_no, other_id, other_no = mine.student_no, other.id, other.student_no
    log_in(page, mine_no)
    page.click("text=我的档案")
    page.wait_for_selector(f"h1 >> text={mine_no}")
    response = page.goto(f"/students/{other_id}")
    assert response.status == 404
    assert other_no not in page.content()


def test_search_filters_the_student_list(page, live_app):
    from portal.core.models import SchoolClass
    from portal.extensions import db

    with live_app.app_context():  # the demo's oldest intake (it counts back from today)
        year = str(min(c.grade_year for c in db.session.query(SchoolClass)))
    log_in(page, "secretary")
    page.goto("/students/")
    page.fill("#q", year)
    if not page.js:
        page.click("form.filters button")
    page.wait_for_url(f"**q={year}**")
    page.wait_for_selector("#results p.count")
    rows = page.locator("tbody tr td:first-child").all_inner_texts()
    assert rows and all(r.startswith(year) for r in rows)
