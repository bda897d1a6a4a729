"""A study plan in a real browser: the student writes it (saved as they type; text typed
while saving fails comes back), the class advisor returns it with a comment, the student
revises, the advisor signs off, the student reports at term end. With JavaScript in
Chinese, without it in English."""

from .conftest import log_in, use_language
from .test_foundation_flows import shot


def _setup(live_app):
    """The class advisor reviews every year here, and a warned student of the advisor's
    class without a plan yet."""
    from portal.core import standing
    from portal.core.models import College, RoleGrant, Student, User
    from portal.extensions import db
    from portal.modules.plans.models import Plan, PlanSetting

    with live_app.test_request_context():
        for college in db.session.query(College):
            setting = db.session.get(PlanSetting, college.id) or PlanSetting(college_id=college.id)
            setting.mentor_from_year, setting.due_days = 8, 14
            db.session.add(setting)
        advisor_class = (
            db.session.query(RoleGrant.scope_id)
            .join(User, User.id == RoleGrant.user_id)
            .filter(User.username == "advisor")
            .scalar()
        )
        warned = standing.current(Student.class_id == advisor_class)
        student = (
            db.session.query(Student)
            .join(User, User.username == Student.student_no)
            .filter(Student.id.in_(warned))
            .order_by(Student.student_no.desc())
            .first()
        )
        for plan in db.session.query(Plan).filter_by(student_id=student.id):
            db.session.delete(plan)  # the demo may have started one; this test starts afresh
        db.session.commit()
        return student.student_no


def _plan(live_app, number):
    from portal.core.models import Student
    from portal.extensions import db
    from portal.modules.plans.models import Plan

    with live_app.app_context():
        plan = db.session.query(Plan).join(Student).filter(Student.student_no == number).one()
        return plan.id, plan.status, len(plan.versions), plan.current.content


def as_student(page, number, english):
    log_in(page, number)
    if english:
        use_language(page, "en")


def sent_to_the_advisor(page, english):
    """The message once the plan is sent names whom it went to (the class advisor)."""
    page.wait_for_selector(".flash.success >> text=黄班主任")
    if english:
        assert "Your plan was sent to Class advisor 黄班主任" in page.inner_text(".flash.success")


def _write(page):
    page.fill("#analysis", "上学期作息不规律，基础课程没有跟上。")
    for select in page.locator("select[name$='-how']").all():
        select.select_option("retake")
    for when in page.locator("input[name$='-when']").all():
        when.fill("下学期")
    page.select_option("#weekly-0-day", "mon")
    page.fill("#weekly-0-time", "19:00-21:00")
    page.fill("#weekly-0-what", "复习高等数学")
    page.fill("#goals-0-text", "清除全部不及格学分")


def _at_report_opening(live_app, number, monkeypatch):
    """Move the portal's day to when the signed plan's term-end report opens (a few weeks
    before its term ends; the sign-off was today)."""
    from portal.core import clock
    from portal.core.models import Student
    from portal.extensions import db
    from portal.modules.plans.models import Plan
    from portal.modules.plans.report_window import report_window

    with live_app.app_context():
        plan = db.session.query(Plan).join(Student).filter(Student.student_no == number).one()
        opens = report_window(plan).opens
    monkeypatch.setattr(clock, "today", lambda: opens)


def test_plan_written_returned_revised_signed_and_reported(page, live_app, monkeypatch):
    number = _setup(live_app)
    english = not page.js
    as_student(page, number, english)
    page.goto("/plans/mine")
    _write(page)
    if page.js:
        page.wait_for_selector("#save-status >> text=草稿已于")
        assert _plan(live_app, number)[3]["analysis"].startswith("上学期")
        # Saving fails (lost connection): the text stays in the browser and comes back.
        page.route("**/plans/mine/save", lambda route: route.abort())
        page.fill("#analysis", "网络断开时输入的内容。")
        page.wait_for_selector("#save-status >> text=尚未保存")
        page.unroute("**/plans/mine/save")
        page.goto("/")
        page.goto("/plans/mine")
        page.wait_for_selector("[data-draft-restored]:visible")
        assert page.input_value("#analysis") == "网络断开时输入的内容。"
        page.wait_for_selector("#save-status >> text=草稿已于")
        assert _plan(live_app, number)[3]["analysis"] == "网络断开时输入的内容。"
    page.click("button[value=submit]")
    sent_to_the_advisor(page, english)
    plan_id, status, _n, _c = _plan(live_app, number)
    assert status == "submitted"
    shot(page, "plan-submitted")

    log_in(page, "advisor")
    page.goto("/plans/")
    page.click(f"a[href='/plans/{plan_id}']")
    page.select_option("#part", "weekly")
    page.fill("#text", "每周只安排一次学习，太少了，请增加。")
    page.click("button[value=return]")
    page.wait_for_selector("text=计划已退回")
    assert _plan(live_app, number)[1] == "returned"

    as_student(page, number, english)
    page.goto("/plans/mine")
    page.wait_for_selector("text=每周只安排一次学习，太少了，请增加。")
    page.click("form[action='/plans/mine/revise'] button")
    page.select_option("#weekly-1-day", "thu")
    page.fill("#weekly-1-time", "19:00-21:00")
    page.fill("#weekly-1-what", "英语阅读")
    page.click("button[value=submit]")
    sent_to_the_advisor(page, english)

    log_in(page, "advisor")
    page.goto(f"/plans/{plan_id}")
    page.fill("#text", "计划可行，同意。")
    page.click("button[value=sign]")
    page.wait_for_selector("text=计划已签字")
    shot(page, "plan-signed")

    as_student(page, number, english)
    _at_report_opening(live_app, number, monkeypatch)
    page.goto("/plans/mine")
    page.fill("#summary", "高等数学重修通过，英语阅读坚持了下来。")
    page.click("form[action='/plans/mine/report'] button")
    page.wait_for_selector(".flash.success >> text=黄班主任")
    if english:
        assert "term-end report was sent to Class advisor" in page.inner_text(".flash.success")
    _id, status, versions, content = _plan(live_app, number)
    assert (status, versions, len(content["weekly"])) == ("reported", 2, 2)
    shot(page, "plan-reported")
    assert not page.csp_violations
