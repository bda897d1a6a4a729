"""Issue 17, a user's first week: what broke when every role was walked through in a real
browser, each with the test that failed before the fix."""

import re

from .conftest import log_in, use_language
from .test_foundation_flows import shot
from .test_talks_flow import _published_weeks_ago


def _student_id(live_app, student_no=None):
    from portal.core.models import Student
    from portal.extensions import db

    with live_app.app_context():
        query = db.session.query(Student)
        if student_no:
            query = query.filter_by(student_no=student_no)
        return query.order_by(Student.id).first().id


def _first_due(page, path):
    page.goto(path)
    href = page.locator("ul.dues li a:not(.button)").first.get_attribute("href")
    return int(href.rstrip("/").split("/")[-1])


def test_saving_the_full_talk_form_keeps_the_page_whole(page, live_app):
    _published_weeks_ago(live_app)
    log_in(page, "counselor")
    student_id = _first_due(page, "/talks/due")
    page.goto(f"/talks/students/{student_id}/new")
    page.fill("#content", "谈了本周的学习安排。")
    page.click("form button.primary")
    page.wait_for_selector(".flash.success")
    assert page.locator("header.top nav").count() == 1
    assert page.locator("h1").count() == 1
    assert "谈话已保存" in page.locator(".flash.success").first.inner_text()
    shot(page, "talk-full-form-saved")


def test_saving_the_full_parent_contact_form_keeps_the_page_whole(page, live_app):
    _published_weeks_ago(live_app)
    log_in(page, "counselor")
    student_id = _first_due(page, "/parents/due")
    page.goto(f"/parents/students/{student_id}/new")
    page.fill("#content", "电话告知预警情况与帮扶安排。")
    page.click("form button.primary")
    page.wait_for_selector(".flash.success")
    assert page.locator("header.top nav").count() == 1
    assert page.locator("h1").count() == 1
    assert "家长联系记录已保存" in page.locator(".flash.success").first.inner_text()
    shot(page, "parent-full-form-saved")


def test_a_parent_contact_saved_from_the_dashboard_is_announced_once(page, live_app):
    _published_weeks_ago(live_app)
    log_in(page, "counselor")
    page.locator("ul.dues li a.button[href*='/parents/']").first.click()
    page.wait_for_selector("h1 >> text=记录家长联系")
    page.fill("#content", "电话告知预警情况与帮扶安排。")
    page.click("form button.primary")
    page.wait_for_selector(".flash.success")
    assert page.locator("text=家长联系记录已保存").count() == 1
    assert page.locator("header.top nav").count() == 1
