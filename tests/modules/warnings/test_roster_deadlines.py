"""Rosters with deadlines (issue 16): each ruleset carries its policy's deadline (LUT 二.3:
2 weeks after term start; ASNU 第八条: 1 month; USTL 第五条1: 4 weeks after the academic year
starts; the others a college setting); until the roster of an evaluation term is published
the secretary and leader see it as due, then overdue, on the dashboard and the compliance
page."""

from datetime import date

import pytest

from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.deadlines import deadline_of, due_rosters
from portal.modules.warnings.lifecycle import transition
from portal.modules.warnings.models import CollegeRuleset

from ...followup import pin_today


def _dated(make, code, start):
    term = make.term(code)
    term.start_date = start
    return term


@pytest.fixture
def lanzhou(make, grades, db):
    college = make.college("期限学院")
    rulesets.assign(college, "lanzhou")
    school_class = make.school_class(make.major(college))
    student = make.student(school_class)
    grades(student, "2024-2025-1", [("A", 4, 30, "regular")])
    _dated(make, "2024-2025-1", date(2024, 9, 2))
    _dated(make, "2024-2025-2", date(2025, 2, 24))
    db.session.flush()
    return dict(
        college=college,
        secretary=make.user(role="secretary", scope=college),
        leader=make.user(role="leader", scope=college),
        counselor=make.user(role="counselor", scope=school_class),
    )


def test_each_preset_carries_its_policys_roster_deadline(make, db):
    expected = {
        "lanzhou": (14, "term_start"),
        "anshan": (30, "term_start"),
        "liaoning": (28, "year_start"),
        "shaoxing": None,
        "guangxi": None,
    }
    for code, deadline in expected.items():
        college = make.college(f"{code}学院")
        rulesets.assign(college, code)
        assert deadline_of(college.id) == deadline, code


def test_a_college_sets_the_deadline_its_policy_leaves_open(make, db):
    college = make.college("绍兴期限")
    rulesets.assign(college, "shaoxing")
    db.session.get(CollegeRuleset, college.id).roster_deadline_days = 21
    assert deadline_of(college.id) == (21, "term_start")


def test_lanzhou_roster_is_due_then_overdue_two_weeks_after_the_next_term_starts(lanzhou):
    college = lanzhou["college"]
    assert due_rosters([college], date(2025, 2, 20)) == []  # next term not started
    [due] = due_rosters([college], date(2025, 3, 1))
    assert (due.term.code, due.due_on, due.state) == ("2024-2025-1", date(2025, 3, 10), "due")
    [late] = due_rosters([college], date(2025, 3, 11))
    assert late.state == "overdue"


def test_publishing_the_roster_takes_it_off_the_list(lanzhou, make, db):
    college = lanzhou["college"]
    run = compute_run(make.term("2024-2025-1"), rulesets.load("lanzhou"), college_id=college.id)
    assert due_rosters([college], date(2025, 3, 11))  # a draft does not count
    transition(run, "submit", user_id=lanzhou["secretary"].id)
    transition(run, "approve", user_id=lanzhou["leader"].id)
    assert due_rosters([college], date(2025, 3, 11)) == []


def test_liaoning_owes_only_the_second_terms_roster_four_weeks_into_the_next_year(make, db):
    college = make.college("辽宁期限")
    rulesets.assign(college, "liaoning")
    _dated(make, "2024-2025-1", date(2024, 9, 2))
    _dated(make, "2024-2025-2", date(2025, 2, 24))
    _dated(make, "2025-2026-1", date(2025, 9, 1))
    db.session.flush()
    assert due_rosters([college], date(2025, 3, 30)) == []  # the first term is never owed
    [due] = due_rosters([college], date(2025, 9, 10))
    assert (due.term.code, due.due_on, due.state) == ("2024-2025-2", date(2025, 9, 29), "due")
    assert due_rosters([college], date(2025, 9, 30))[0].state == "overdue"


def test_no_deadline_for_a_college_whose_policy_leaves_it_unset(make, db):
    college = make.college("广西期限")
    rulesets.assign(college, "guangxi")
    _dated(make, "2024-2025-1", date(2024, 9, 2))
    _dated(make, "2024-2025-2", date(2025, 2, 24))
    db.session.flush()
    assert due_rosters([college], date(2025, 4, 1)) == []
    db.session.get(CollegeRuleset, college.id).roster_deadline_days = 30
    assert due_rosters([college], date(2025, 4, 1))[0].state == "overdue"


@pytest.mark.parametrize("who", ["secretary", "leader"])
def test_dashboard_shows_the_roster_due_then_overdue(client, login, lanzhou, monkeypatch, who):
    login(lanzhou[who])
    pin_today(monkeypatch, date(2025, 3, 1))
    page = client.get("/").get_data(as_text=True)
    assert "待发布的学业警示名单" in page and "2024-2025学年第1学期" in page
    assert "待发布</td>" in page and "逾期" not in page.split("待发布的学业警示名单")[1][:600]
    pin_today(monkeypatch, date(2025, 3, 11))
    page = client.get("/").get_data(as_text=True)
    assert '<strong class="err">已逾期</strong>' in page


def test_counselors_see_no_roster_deadlines(client, login, lanzhou, monkeypatch):
    login(lanzhou["counselor"])
    pin_today(monkeypatch, date(2025, 3, 11))
    assert "待发布的学业警示名单" not in client.get("/").get_data(as_text=True)
    assert client.get("/warnings/deadlines").status_code == 403


def test_compliance_page_lists_the_overdue_roster(client, login, lanzhou, monkeypatch):
    login(lanzhou["leader"])
    pin_today(monkeypatch, date(2025, 3, 11))
    page = client.get("/cadence/compliance").get_data(as_text=True)
    assert 'id="roster-deadlines"' in page and "逾期" in page and "期限学院" in page


def test_another_colleges_roster_is_not_shown(client, login, lanzhou, make, monkeypatch):
    login(make.user(role="secretary", scope=make.college("无关学院")))
    pin_today(monkeypatch, date(2025, 3, 11))
    assert "期限学院" not in client.get("/").get_data(as_text=True)


def test_roster_settings_page_shows_the_policys_deadline(client, login, lanzhou):
    login(lanzhou["secretary"])
    page = client.get(f"/warnings/settings/{lanzhou['college'].id}").get_data(as_text=True)
    assert "下一学期开学后 14 天内" in page and 'name="roster_deadline_days"' not in page
