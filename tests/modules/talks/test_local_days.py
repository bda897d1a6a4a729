"""A talk the student confirmed, a support team's plan set up, after 16:00 UTC
(tests/local_days.py): the talk's pages and the archive say 5 December, and the due lists
count the plan as set up that day."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import true

from portal.modules.talks.models import SupportPlan, Talk
from portal.modules.talks.records import support_plan_dates

from ...local_days import DAY, ISO, STAMPED, UTC_ISO
from .test_meetings_and_support import plan
from .test_talks import form


def test_a_talk_confirmed_after_16_utc_is_dated_alike_on_its_pages_and_in_the_archive(
    client, login, make, db, followup
):
    login(followup.counselor)
    client.post(f"/talks/students/{followup.red.id}/new", data=form())
    talk = db.session.query(Talk).one()
    login(make.student_user(followup.red))
    client.post(f"/talks/mine/{talk.id}/acknowledge")
    talk.acknowledged_at = STAMPED
    db.session.flush()
    assert ISO in client.get("/talks/mine").get_data(as_text=True)
    login(followup.counselor)
    listed = client.get(f"/talks/students/{followup.red.id}").get_data(as_text=True)
    shown = client.get(f"/talks/{talk.id}").get_data(as_text=True)
    assert ISO in listed and f"{ISO} 00:30" in shown
    assert UTC_ISO not in listed + shown
    response = client.get(f"/students/{followup.red.id}/archive.xlsx")
    [row] = load_workbook(BytesIO(response.data))["谈话"].iter_rows(min_row=2, values_only=True)
    assert row[-1] == ISO  # confirmed by the student


def test_a_support_plan_set_up_after_16_utc_meets_the_due_list_on_the_colleges_day(
    app, client, login, db, followup
):
    login(followup.counselor)
    client.post(f"/talks/students/{followup.red.id}/support/edit", data=plan())
    db.session.query(SupportPlan).one().created_at = STAMPED
    db.session.flush()
    with app.test_request_context():
        assert support_plan_dates(true()) == {(followup.red.id, ""): [DAY]}
