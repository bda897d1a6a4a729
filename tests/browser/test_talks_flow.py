"""Talks and parent contacts in a real browser: a counselor logs a talk from the due list
(in place with JavaScript, through the full form without), a leader reads compliance, the
pages in English, and the student confirms the talk."""

from datetime import datetime, timedelta

from .conftest import log_in, use_language
from .test_foundation_flows import shot


def _published_weeks_ago(live_app):
    """Earlier browser tests may have published a fresh roster; the due lists need one that
    came out five weeks ago, as in the demo."""
    from portal.core.models.base import utcnow
    from portal.extensions import db
    from portal.modules.warnings.models import RunEvent

    with live_app.app_context():
        for event in db.session.query(RunEvent).filter(RunEvent.at > utcnow() - timedelta(days=2)):
            event.at -= timedelta(days=35)
        db.session.commit()


def test_logging_a_talk_from_the_due_list(page, live_app):
    _published_weeks_ago(live_app)
    log_in(page, "counselor")
    first = page.locator("#talk-dues li").first
    name = first.locator("a").first.inner_text()
    record = first.locator("a.button")
    if page.js:
        page.evaluate("window.sameDocument = true")
        record.click()
        page.wait_for_selector("#talk-dues form.quick")
        page.fill("#talk-dues form.quick textarea[name=content]", "谈了本周的学习安排。")
        page.click("#talk-dues form.quick button.primary")
        page.wait_for_selector(f"#talk-dues >> text=与{name}的谈话已保存")
        assert page.evaluate("window.sameDocument") is True  # no page load
        assert page.locator("#talk-dues form.quick").count() == 1  # the next one is open
    else:
        record.click()
        page.wait_for_selector("h1 >> text=记录谈话")
        page.fill("#content", "谈了本周的学习安排。")
        page.click("button.primary")
        page.wait_for_selector(f"text=与{name}的谈话已保存")
    listed = page.locator("#talk-dues li > a:not(.button)").all_inner_texts()
    assert name not in listed
    shot(page, "talk-due-list-after-save")
    assert not page.csp_violations


def test_leader_reads_compliance_and_pages_read_in_english(page, live_app):
    _published_weeks_ago(live_app)
    log_in(page, "leader")
    page.goto("/cadence/compliance")
    assert page.locator("h1").inner_text() == "谈话与家长联系落实情况"
    assert page.locator("table").first.locator("tbody tr").count() >= 1
    shot(page, "compliance-zh")
    use_language(page, "en")
    page.goto("/cadence/compliance")
    assert page.locator("h1").inner_text() == "Talk and contact compliance"
    shot(page, "compliance-en")
    page.goto("/talks/meetings/1")
    assert "Group meeting" in page.locator("h1").inner_text()
    use_language(page, "zh_CN")


def test_counselor_records_a_parent_contact_and_sees_the_phone_on_request(page, live_app):
    _published_weeks_ago(live_app)
    log_in(page, "counselor")
    page.goto("/parents/due")
    page.locator("ul.dues li a.button").first.click()
    page.wait_for_selector("h1 >> text=记录家长联系")
    page.fill("#content", "电话告知预警情况与帮扶安排。")
    page.click("button.primary")
    page.wait_for_selector("text=家长联系记录已保存")
    page.goto("/parents/")
    page.locator("#results tbody tr td a").nth(1).click()
    page.click("text=显示电话和地址")
    page.wait_for_selector("#phones table")
    shot(page, "parent-phones")


def test_student_confirms_a_talk_on_a_phone(browser, base_url, live_app):
    from portal.core.models import Student, User
    from portal.extensions import db
    from portal.modules.talks.models import Talk

    with live_app.app_context():
        student_no, student_id = (
            db.session.query(Student.student_no, Student.id)
            .join(User, User.username == Student.student_no)
            .first()
        )
        db.session.add(
            Talk(
                student_id=student_id,
                held_at=datetime(2026, 11, 20, 15),
                method="face",
                talker_role="counselor",
                talkers="陈辅导员",
                content="内容",
                measures="每周三次到图书馆自习。",
            )
        )
        db.session.commit()
    context = browser.new_context(
        base_url=base_url, locale="zh-CN", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.js = True
    log_in(page, student_no)
    page.click("nav >> text=我的谈话")
    page.click("text=确认本次谈话已进行")
    page.wait_for_selector("text=谢谢，你已确认本次谈话。")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "student-my-talks")
    context.close()


def test_a_stale_edit_shows_both_versions_in_place(page, live_app):
    """Someone saves the talk while the counselor's edit form is open: saving shows both
    versions in the form (in place with JavaScript), and nothing is overwritten."""
    from sqlalchemy import select, text

    from portal.extensions import db
    from portal.modules.talks.models import Talk

    with live_app.app_context():
        talk_id = db.session.scalar(select(Talk.id).order_by(Talk.id))
    log_in(page, "counselor")
    page.goto(f"/talks/{talk_id}/edit")
    with live_app.app_context():  # a colleague saves meanwhile
        db.session.execute(
            text(
                "UPDATE talks_talk SET content = '同事刚保存的内容', "
                f"version = version + 1 WHERE id = {talk_id}"
            )
        )
        db.session.commit()
    page.evaluate("window.sameDocument = true")
    page.fill("#content", "我的修改")
    page.click("button.primary")
    page.wait_for_selector(".conflict >> text=同事刚保存的内容")
    assert page.input_value("#content") == "我的修改"  # the form keeps mine
    if page.js:
        assert page.evaluate("window.sameDocument") is True
        # the notice takes the focus, so it is scrolled into view and read out
        assert page.evaluate("document.activeElement.classList.contains('conflict')")
    shot(page, "talk-edit-conflict")
    with live_app.app_context():
        assert db.session.get(Talk, talk_id).content == "同事刚保存的内容"
    assert not page.csp_violations


def test_the_tab_opened_on_a_students_record_is_the_one_marked(page, live_app):
    """With JavaScript the tab comes in place and the tabs with it (out of band); without, a
    whole page: either way the marked tab (aria-current) is the one shown."""
    log_in(page, "counselor")
    page.goto("/talks/due")
    page.locator("#talk-dues li a:not(.button)").first.click()
    page.wait_for_selector("#record-tabs")
    tab = page.locator("#record-tabs a", has_text="谈话")
    tab.click()
    page.wait_for_selector("#record-tabs a[aria-current=page] >> text=谈话")
    assert page.locator("#record-tabs a[aria-current=page]").count() == 1
    assert page.locator("#record-tabs").count() == 1
    assert not page.csp_violations
