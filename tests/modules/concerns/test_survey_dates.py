"""A progress survey runs within the term under way (in a holiday, the next one), starts at
most a week ago and ends on or after its start: else 422, the words at the date that is
wrong, the form as typed, nothing written (outside tester's findings: 2020-01-01 to
2020-02-01 and 2026-12-10 to 2031-01-01 were both opened). In English: the Chinese words
are the catalogue's, added by the lead."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.modules.concerns import services
from portal.modules.concerns.models import Survey

from ...followup import pin_today
from .conftest import TODAY


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Survey))


def post(client, world, opens_on, closes_on):
    return client.post(
        "/concerns/surveys",
        data={
            "college_id": world.college.id,
            "title": "期中调查（第6–9周）",
            "opens_on": str(opens_on),
            "closes_on": str(closes_on),
        },
    )


def secretary(client, login, world):
    login(world.secretary)
    client.post("/locale", data={"locale": "en"})


def refused_at(response, field: str, words: str) -> str:
    """The page sent back: 422, `words` at the field, the form as typed."""
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<small class="err" id="{field}-err">{words}' in page, page
    assert 'value="期中调查（第6–9周）"' in page
    return page


def test_a_survey_long_past_is_refused_at_its_start(client, login, db, world):
    secretary(client, login, world)
    before = count(db)
    page = refused_at(
        post(client, world, "2020-01-01", "2020-02-01"),
        "opens_on",
        "Start the survey on 2026-10-13 or later: it may begin at most 7 days ago.",
    )
    assert 'value="2020-01-01"' in page and 'value="2020-02-01"' in page
    assert count(db) == before


def test_a_survey_running_past_the_end_of_the_term_is_refused_at_its_end(client, login, db, world):
    """No term dates entered: the portal's convention, the first term to the end of
    February."""
    secretary(client, login, world)
    before = count(db)
    refused_at(
        post(client, world, "2026-12-10", "2031-01-01"),
        "closes_on",
        "End the survey by 2027-02-28, the last day of 2026–2027 term 1.",
    )
    assert count(db) == before


def test_the_term_dates_the_administrator_entered_bound_the_survey(client, login, db, make, world):
    term = make.term("2026-2027-1")
    term.start_date, term.end_date = date(2026, 9, 7), date(2027, 1, 17)
    secretary(client, login, world)
    refused_at(
        post(client, world, TODAY, "2027-01-20"),
        "closes_on",
        "End the survey by 2027-01-17, the last day of 2026–2027 term 1.",
    )
    assert post(client, world, TODAY, "2027-01-17").status_code == 303


def test_in_the_holiday_a_survey_is_for_the_next_term(client, login, db, make, world, monkeypatch):
    term = make.term("2026-2027-1")
    term.start_date, term.end_date = date(2026, 9, 7), date(2027, 1, 17)
    pin_today(monkeypatch, date(2027, 1, 25))
    secretary(client, login, world)
    refused_at(
        post(client, world, "2027-01-26", "2027-02-20"),
        "opens_on",
        "Start the survey within 2026–2027 term 2, which runs from 2027-03-01 to 2027-08-31.",
    )
    assert post(client, world, "2027-03-30", "2027-04-20").status_code == 303


def test_a_survey_may_start_up_to_a_week_ago(client, login, db, world):
    secretary(client, login, world)
    week_ago = TODAY - timedelta(days=7)
    assert post(client, world, week_ago, TODAY + timedelta(days=14)).status_code == 303
    refused_at(
        post(client, world, week_ago - timedelta(days=1), TODAY),
        "opens_on",
        "Start the survey on 2026-10-13 or later",
    )


def test_both_dates_wrong_are_both_said(client, login, db, world):
    secretary(client, login, world)
    response = post(client, world, "2020-01-01", "2031-01-01")
    refused_at(response, "opens_on", "Start the survey on 2026-10-13")
    refused_at(response, "closes_on", "End the survey by 2027-02-28")


def test_on_a_chinese_page_the_term_is_named_in_chinese(client, login, db, world):
    login(world.secretary)
    response = post(client, world, "2026-12-10", "2031-01-01")
    assert response.status_code == 422
    said = response.get_data(as_text=True).split('<small class="err" id="closes_on-err">')[1]
    assert "2027-02-28" in said.split("</small>")[0]
    assert "2026-2027学年第1学期" in said.split("</small>")[0]


@pytest.mark.parametrize(
    ("opens_on", "closes_on"),
    [
        (date(2020, 1, 1), date(2020, 2, 1)),
        (TODAY, date(2031, 1, 1)),
        (TODAY, TODAY.replace(day=1)),
    ],
)
def test_the_service_refuses_such_dates_too(db, world, opens_on, closes_on):
    with pytest.raises(services.Refused) as refused:
        services.open_survey(world.college.id, "期中", opens_on, closes_on, world.secretary)
    assert refused.value.problems[0][0] in ("opens_on", "closes_on")
    assert count(db) == 1  # the world's own survey only
