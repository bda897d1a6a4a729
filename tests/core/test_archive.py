"""The archive (一生一档): every module's records of a student on one page and in one
workbook, for staff in scope; viewing and exporting are audited."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from portal.core.models import AuditEvent
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run


@pytest.fixture
def warned(make, db):
    student = make.student(name="档案生", family_situation="单亲家庭")
    make.guardian(student, phone="13911112222")
    term = make.term("2024-2025-1")
    make.grade(student, term, "MA1", credits=5, score=30, course_name="高等数学")
    compute_run(term, rulesets.load("anshan")).status = "published"
    return student


def test_counselor_sees_the_whole_archive_on_one_page(client, make, login, warned, db):
    login(make.user("AR1", role="counselor", scope=warned.school_class))
    page = client.get(f"/students/{warned.id}/archive").get_data(as_text=True)
    assert "基本信息" in page and "学业警示" in page and "高等数学" in page
    assert page.count('class="archive-part"') >= 2
    assert db.session.query(AuditEvent).filter_by(action="archive_view").count() == 1


def test_archive_workbook_has_a_sheet_per_record_type(client, make, login, warned, db):
    login(make.user("AR2", role="counselor", scope=warned.school_class))
    response = client.get(f"/students/{warned.id}/archive.xlsx")
    book = load_workbook(BytesIO(response.data))
    # The notices sheet (confirmation and parent receipt) follows the warnings (issue 18).
    assert book.sheetnames == [
        "基本信息",
        "成绩单",
        "家庭情况与家长联系方式",
        "学业警示",
        "通知书与家长回执",
        "谈话",
        "家长联系",
        "学习计划",
    ]
    assert book["成绩单"]["C2"].value == "高等数学"
    assert book["家庭情况与家长联系方式"]["D2"].value == "13911112222"
    event = db.session.query(AuditEvent).filter_by(action="archive_export").one()
    assert event.student_id == warned.id and event.detail.startswith("rows=")


def test_archive_is_staff_only_and_scoped(client, make, login, warned):
    login(make.user("AR4", role="class_advisor", scope=warned.school_class))
    assert client.get(f"/students/{warned.id}/archive").status_code == 403
    login(make.user("AR5", role="counselor", scope=make.school_class()))
    assert client.get(f"/students/{warned.id}/archive").status_code == 404
    # The archive is the college's file (存档备查); students see their records on their pages.
    login(make.student_user(warned))
    assert client.get(f"/students/{warned.id}/archive.xlsx").status_code == 403
