"""A study plan signed off after 16:00 UTC (tests/local_days.py): the student's page and
the archive's sheet, its sign-off and the reviewer's comment, say 5 December."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from ...local_days import ISO, STAMPED, UTC_ISO
from .test_plans import signed


def test_a_plan_signed_after_16_utc_is_dated_alike_on_its_page_and_in_the_archive(
    client, login, make, db, followup, monkeypatch
):
    mentor, plan = signed(client, login, make, db, followup, monkeypatch)
    plan.signed.signed_at = STAMPED
    [comment] = plan.signed.comments
    comment.at, comment.text = STAMPED, "同意。"
    db.session.flush()
    page = client.get("/plans/mine").get_data(as_text=True)
    assert "郑导师已于 2026年12月5日 签字。" in page and "2026年12月4日" not in page
    login(make.user(role="counselor", scope=followup.school_class))
    response = client.get(f"/students/{followup.red.id}/archive.xlsx")
    [row] = load_workbook(BytesIO(response.data))["学习计划"].iter_rows(min_row=2, values_only=True)
    assert row[4] == ISO  # signed off
    assert row[6] == f"{ISO} 郑导师: 同意。" and UTC_ISO not in row[6]
