"""The term-end report opens near the term's end, not as soon as the plan is signed off:
before then the student's page says when it opens, and a report sent early is refused
with nothing written. The number of weeks is a setting; a plan signed off in a holiday
reports at the end of the next term."""

from datetime import date, datetime

from portal.core.models import Notification
from portal.modules.plans.models import Plan

from ...followup import pin_today
from .test_plans import AUTUMN_ENDS, REPORT_OPENS, signed, signed_in_autumn

REPORT = {"goals-0-outcome": "已清除", "courses-0-outcome": "重修通过", "summary": "基本完成。"}
FORM = 'action="/plans/mine/report"'


def test_a_signed_plan_says_when_the_report_opens_and_offers_no_form_yet(
    client, login, make, db, followup, monkeypatch
):
    signed_in_autumn(client, login, make, db, followup, monkeypatch)
    page = client.get("/plans/mine").get_data(as_text=True)
    assert FORM not in page
    assert "你可以从 2026年12月20日 起填写期末执行情况报告（本学期 2027年1月17日 结束）。" in page
    pin_today(monkeypatch, date(2026, 12, 19))
    assert FORM not in client.get("/plans/mine").get_data(as_text=True)


def test_the_report_form_opens_four_weeks_before_the_term_ends(
    client, login, make, db, followup, monkeypatch
):
    signed_in_autumn(client, login, make, db, followup, monkeypatch)
    pin_today(monkeypatch, REPORT_OPENS)
    page = client.get("/plans/mine").get_data(as_text=True)
    assert FORM in page and "你可以从" not in page


def test_an_early_report_is_refused_and_nothing_is_written(
    client, login, make, db, followup, monkeypatch
):
    mentor, plan = signed_in_autumn(client, login, make, db, followup, monkeypatch)
    told = db.session.query(Notification).filter_by(user_id=mentor.id).count()
    pin_today(monkeypatch, date(2026, 12, 19))
    response = client.post("/plans/mine/report", data=REPORT)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "期末执行情况报告尚未开放，本次未提交任何内容。" in page and FORM not in page
    db.session.refresh(plan)
    assert plan.status == "signed" and plan.signed.report is None
    assert plan.signed.reported_at is None
    assert db.session.query(Notification).filter_by(user_id=mentor.id).count() == told


def test_the_early_refusal_and_the_opening_day_in_english(
    client, login, make, db, followup, monkeypatch
):
    signed_in_autumn(client, login, make, db, followup, monkeypatch)
    client.post("/locale", data={"locale": "en", "next": "/"})
    page = client.get("/plans/mine").get_data(as_text=True)
    assert (
        "You can write your term-end report from Dec 20, 2026; the term ends on Jan 17, 2027."
        in page
    )
    refused = client.post("/plans/mine/report", data=REPORT).get_data(as_text=True)
    assert "It is too early for the term-end report; nothing was sent." in refused


def test_the_weeks_before_the_term_end_are_a_setting(
    app, client, login, make, db, followup, monkeypatch
):
    monkeypatch.setitem(app.config, "PLAN_REPORT_WEEKS_BEFORE_TERM_END", 2)
    signed_in_autumn(client, login, make, db, followup, monkeypatch)
    pin_today(monkeypatch, REPORT_OPENS)
    assert FORM not in client.get("/plans/mine").get_data(as_text=True)
    pin_today(monkeypatch, date(2027, 1, 3))
    assert client.post("/plans/mine/report", data=REPORT).status_code == 303
    assert db.session.query(Plan).one().status == "reported"


def test_a_plan_signed_off_in_the_holiday_reports_at_the_end_of_the_next_term(
    app, client, login, make, db, followup, monkeypatch
):
    spring = make.term("2025-2026-2")
    spring.start_date, spring.end_date = date(2026, 2, 23), date(2026, 7, 5)
    _mentor, plan = signed_in_autumn(client, login, make, db, followup, monkeypatch)
    plan.signed.signed_at = datetime(2026, 8, 25, 2)  # between the spring and autumn terms
    from portal.modules.plans.report_window import report_window

    with app.test_request_context():
        window = report_window(plan)
    assert (window.opens, window.term_ends) == (REPORT_OPENS, AUTUMN_ENDS)


def test_a_term_without_its_last_day_ends_by_the_portals_convention(
    app, client, login, make, db, followup, monkeypatch
):
    """Autumn terms run to the end of February when the administrator gave no last day
    (binder.term_span): the report opens four weeks before."""
    _mentor, plan = signed(client, login, make, db, followup, monkeypatch)
    plan.signed.signed_at = datetime(2026, 9, 10, 2)
    from portal.modules.plans.report_window import report_window

    with app.test_request_context():
        window = report_window(plan)
    assert (window.opens, window.term_ends) == (date(2027, 1, 31), date(2027, 2, 28))
