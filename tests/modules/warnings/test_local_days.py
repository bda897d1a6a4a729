"""A warning lifted, a notice issued or confirmed after 16:00 UTC (tests/local_days.py): its
pages, the archive's sheets and the days left to confirm all count from its day in
Beijing, 5 December. An outside tester saw "已于 2026-12-04 解除" beside "已于 2026-12-05
解除" on one student's page."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from openpyxl import load_workbook

from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.models import Lift

from ...followup import pin_today
from ...local_days import DAY, ISO, STAMPED, UTC_ISO
from .test_lifting import approve, publish


def archive_sheet(client, student_id: int, title: str):
    response = client.get(f"/students/{student_id}/archive.xlsx")
    return load_workbook(BytesIO(response.data))[title]


def test_a_warning_lifted_after_16_utc_reads_the_same_day_on_its_page_and_in_the_archive(
    client, make, login, grades, db
):
    college = make.college("解除学院")
    school_class = make.school_class(make.major(college))
    student = make.student(school_class, name="已好转")
    grades(student, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 10, 90, "regular")])
    publish(compute_run(make.term("2024-2025-1"), rulesets.load("anshan"), college_id=college.id))
    grades(student, "2024-2025-2", [("C", 4, 90, "regular"), ("A", 4, 80, "retake")])
    make.user("LD0", role="leader", scope=college)
    approve(compute_run(make.term("2024-2025-2"), rulesets.load("anshan"), college_id=college.id))
    [lift] = db.session.query(Lift).all()
    login(make.user("LD1", role="secretary", scope=college))
    client.post("/warnings/lifting/confirm", data={"lift": [str(lift.id)]})
    lift.warning.lifted_at = STAMPED
    db.session.flush()
    login(make.user("LD2", role="counselor", scope=school_class))
    page = client.get(f"/warnings/students/{student.id}").get_data(as_text=True)
    assert f"已于 {ISO} 解除" in page and UTC_ISO not in page
    sheet = archive_sheet(client, student.id, "学业警示")
    assert [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)] == [ISO]


def test_a_notice_issued_and_confirmed_after_16_utc_is_dated_alike_on_its_page_and_sheet(
    client, login, published, db
):
    notice = published["notices"][published["first"].id]
    notice.state, notice.created_at, notice.confirmed_at = "confirmed", STAMPED, STAMPED
    db.session.flush()
    login(published["counselor"])
    page = client.get(f"/warnings/notices/{notice.id}").get_data(as_text=True)
    assert f"{ISO} 00:30" in page and UTC_ISO not in page
    sheet = archive_sheet(client, published["first"].id, "通知书与家长回执")
    [row] = sheet.iter_rows(min_row=2, values_only=True)
    assert (row[2], row[4]) == (ISO, ISO)  # issued on, confirmed on


def test_the_days_to_confirm_count_from_the_day_the_notice_was_issued_in_beijing(
    client, login, published, db, monkeypatch
):
    """Seven days (the default) from 5 December: still in time on the 12th, late on the
    13th; counted from the UTC day it was listed late on the 12th."""
    published["notices"][published["first"].id].created_at = STAMPED
    db.session.flush()
    login(published["counselor"])
    pin_today(monkeypatch, DAY + timedelta(days=7))
    assert "甲同学" not in client.get("/warnings/unconfirmed").get_data(as_text=True)
    pin_today(monkeypatch, DAY + timedelta(days=8))
    page = client.get("/warnings/unconfirmed").get_data(as_text=True)
    assert "甲同学" in page and ISO in page
