"""The roster and the "why" tab in a real browser: both languages, JavaScript on and off."""

from .conftest import log_in, use_language
from .test_foundation_flows import shot


def test_secretary_filters_the_roster_and_opens_why(page):
    log_in(page, "secretary")
    page.click("nav >> text=学业警示")
    page.wait_for_selector("h1 >> text=学业警示名单")
    assert page.locator(".levels .badge").count() >= 3  # 黄/橙/红 with counts
    shot(page, "roster-zh")
    page.click(".levels .badge >> nth=0")  # the count of the most severe level
    page.wait_for_url("**level=**")
    page.wait_for_selector("#results tbody tr")
    levels = set(page.locator("#results tbody td:nth-child(4)").all_inner_texts())
    assert len(levels) == 1
    page.locator("#results tbody tr td a").first.click()
    page.wait_for_selector("text=触发的条件")
    assert page.locator(".term-story .badge").count() >= 1
    shot(page, "why-zh")
    use_language(page, "en")
    page.wait_for_selector("text=Conditions that applied")
    shot(page, "why-en")
    assert page.csp_violations == []


def test_roster_in_english_sorts_by_name(page):
    log_in(page, "secretary")
    use_language(page, "en")
    page.goto("/warnings/")
    page.select_option("#sort", "name")
    if not page.js:
        page.click("form.filters button")
    page.wait_for_url("**sort=name**")
    page.wait_for_selector("#results tbody tr")
    assert "Academic warning roster" in page.locator("h1").inner_text()
    shot(page, "roster-en")
    use_language(page, "zh_CN")


def test_student_sees_only_their_own_why(page, live_app):
    from portal.core.models import Student, User
    from portal.extensions import db
    from portal.modules.warnings.models import Warning

    with live_app.app_context():
        warned = (
            db.session.query(Student)
            .join(Warning, Warning.student_id == Student.id)
            .join(User, User.student_id == Student.id)
            .filter(User.username == Student.student_no)
            .first()
        )
        other = db.session.query(Warning).filter(Warning.student_id != warned.id).first()
        number, other_id = warned.student_no, other.student_id
    log_in(page, number)
    page.click("nav >> text=学业警示")
    page.wait_for_selector("text=触发的条件")
    assert "不是处分" in page.content()
    page.set_viewport_size({"width": 360, "height": 740})
    shot(page, "why-student-phone")
    response = page.goto(f"/warnings/students/{other_id}")
    assert response.status == 404
