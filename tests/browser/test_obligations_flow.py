"""Each kind of obligation counted apart, in a real browser and in Chinese: the counselor
records a group meeting and an individual talk; the meeting leaves the talk owed on the due
list, the talk meets it, and the compliance page counts each kind on its own."""

from .conftest import log_in
from .test_foundation_flows import shot
from .test_talks_flow import _published_weeks_ago


def _talk_row(page, student_id: str):
    return page.locator(
        f'section[data-kind="talk"] tr:has(a[href*="/talks/students/{student_id}/new"])'
    )


def test_a_group_meeting_is_not_a_talk_on_the_due_list_and_in_compliance(page, live_app):
    _published_weeks_ago(live_app)
    log_in(page, "counselor")
    page.goto("/cadence/due")
    assert page.locator("h1").inner_text() == "我的待办"
    first = page.locator('section[data-kind="talk"] tbody tr').first
    href = first.locator("a.button").get_attribute("href")
    student_id = href.split("/")[3]
    due_before = first.locator("td.due-on").inner_text()
    assert "《鞍山师范学院学生学业预警制度实施办法》" in first.inner_text()  # the clause it follows

    page.goto("/talks/meetings/new")
    page.fill("#organiser", "陈辅导员")
    page.fill("#content", "说明学业预警政策，了解各自的困难。")  # the minutes are required
    page.check(f"#present-{student_id}")
    page.click("form button.primary")
    page.wait_for_selector("text=座谈会记录已保存")
    page.goto("/cadence/due")
    row = _talk_row(page, student_id)
    assert row.count() == 1 and row.locator("td.due-on").inner_text() == due_before
    shot(page, "due-after-group-meeting")

    page.goto(href)
    page.fill("#content", "面谈学习计划与困难。")
    page.click("form button.primary")
    page.wait_for_selector("text=谈话已保存")
    page.goto("/cadence/due")
    row = _talk_row(page, student_id)
    assert row.count() == 0 or row.locator("td.due-on").inner_text() != due_before
    assert not page.csp_violations

    log_in(page, "leader")
    page.goto("/cadence/compliance")
    captions = page.locator("table.by-kind caption").all_inner_texts()
    assert "个别谈话" in captions and "家长联系" in captions
    shot(page, "compliance-by-kind")
