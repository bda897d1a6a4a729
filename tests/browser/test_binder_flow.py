"""Issue 18 in a real browser, in Chinese: a course teacher records a talk; the counselor
prints the class's term binder — an A4 PDF with exactly one page per record — and the
student's archive export holds every record kind."""

import io
import re

from openpyxl import load_workbook

from .conftest import log_in
from .test_foundation_flows import shot

PDF_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")


def _warned_student_of_the_counselors_major(live_app):
    from sqlalchemy import select

    from portal.core import standing
    from portal.core.models import Major, RoleGrant, Student, User
    from portal.extensions import db

    with live_app.app_context():
        grant = db.session.scalar(
            select(RoleGrant)
            .join(User, User.id == RoleGrant.user_id)
            .where(User.username == "counselor")
        )
        major = db.session.get(Major, grant.scope_id)
        warned = standing.current(Student.major_id == major.id)
        student = db.session.scalar(
            select(Student)
            .where(Student.id.in_(warned))
            .order_by(Student.class_id, Student.student_no)
        )
        return student.id, student.class_id, student.name


def _archive(staff, student_id: int):
    """The student's archive workbook, exported as staff do."""
    staff.goto(f"/students/{student_id}/archive")
    with staff.expect_download() as download:
        staff.click("text=导出为 .xlsx")
    with open(download.value.path(), "rb") as handle:
        return load_workbook(io.BytesIO(handle.read()), read_only=True)


def _the_mentee(live_app) -> int:
    from sqlalchemy import select

    from portal.extensions import db
    from portal.modules.peer_help.models import Mentee

    with live_app.app_context():
        return db.session.scalar(select(Mentee.student_id).order_by(Mentee.id))


def _forget(live_app, marker: str) -> None:
    """Leave the shared demo as it was: the talk this test added goes."""
    from portal.extensions import db
    from portal.modules.talks.models import Talk

    with live_app.app_context():
        for talk in db.session.query(Talk).filter(Talk.content == marker):
            db.session.delete(talk)
        db.session.commit()


def test_a_course_teacher_talks_and_the_class_binder_prints_one_record_a_page(
    page, live_app, browser, base_url
):
    from portal.core import binder, clock

    student_id, class_id, name = _warned_student_of_the_counselors_major(live_app)
    marker = f"任课教师谈话：{'js' if page.js else 'nojs'} 课堂缺勤与作业。"
    try:
        log_in(page, "teacher")
        page.goto(f"/talks/students/{student_id}/new")
        assert page.locator("#talker_role option:checked").inner_text() == "任课教师"
        page.fill("#place", "教学楼 A203")
        page.fill("#content", marker)
        page.fill("#student_feedback", "我会补交作业。")
        page.click("button.primary")
        page.wait_for_selector(f"text=与{name}的谈话已保存")
        shot(page, "teacher-talk-saved")

        context = browser.new_context(
            base_url=base_url, locale="zh-CN", java_script_enabled=page.js
        )
        staff = context.new_page()
        staff.js = page.js
        log_in(staff, "counselor")
        with live_app.app_context():
            term = binder.current_code(clock.today())
        staff.goto(f"/binder/?class_id={class_id}&term={term}")
        assert staff.locator("h1").inner_text() == "班级学期归档册"
        staff.click("text=打开归档册打印")
        staff.wait_for_selector(".form-page")
        records = staff.locator("section.form-page").count()
        assert staff.locator("section.talk-page", has_text=marker).count() == 1
        assert staff.locator("section.talk-page", has_text="任课教师").count() >= 1
        assert staff.locator("section.pairing-list-page").count() == 1
        pdf = staff.pdf(format="A4", print_background=False)
        assert len(PDF_PAGE.findall(pdf)) == records > 1
        shot(staff, "binder-print")

        book = _archive(staff, student_id)
        titles = {ws.title for ws in book.worksheets}
        assert {
            "基本信息",
            "谈话",
            "家长联系",
            "通知书与家长回执",
            "学习计划",
            "学业警示",
        } <= titles, titles
        talks = " ".join(
            str(v) for row in book["谈话"].iter_rows(values_only=True) for v in row if v
        )
        assert "教学楼 A203" in talks and "我会补交作业。" in talks
        # The volunteer's mentee (of the same major) has the peer help received too.
        titles = {ws.title for ws in _archive(staff, _the_mentee(live_app)).worksheets}
        assert "接受的朋辈帮扶" in titles, titles
        context.close()
    finally:
        _forget(live_app, marker)
