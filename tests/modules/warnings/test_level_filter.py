"""The roster's Level filter offers the levels the user's colleges can give: a counselor of
a college on the guangxi rules (预警, 试读) was offered another college's yellow, orange
and red warnings too."""

import re

import pytest


@pytest.fixture
def two_rulesets(term_history, grades, make, db):
    anshan = term_history.college("anshan")
    guangxi = term_history.college("guangxi")
    for college, name in ((anshan, "三色生"), (guangxi, "广西生")):
        student = term_history.student(college, name=name)
        grades(student, "2024-2025-1", [("A", 12, 20, "regular"), ("B", 4, 90, "regular")])
        term_history.publish(college, "2024-2025-1")
    db.session.commit()
    return dict(anshan=anshan, guangxi=guangxi, term=make.term("2024-2025-1"))


def _offered(page: str) -> list[str]:
    select = re.search(r'<select id="level" name="level">(.*?)</select>', page, re.S).group(1)
    return [v for v in re.findall(r'<option value="([^"]*)"', select) if v]


def test_a_counselor_is_offered_only_the_levels_of_their_colleges_rules(
    client, login, make, db, two_rulesets
):
    counselor = make.user(role="counselor", scope=two_rulesets["guangxi"].school_class)
    db.session.commit()
    login(counselor)
    page = client.get(f"/warnings/?term={two_rulesets['term'].id}").get_data(as_text=True)
    assert sorted(_offered(page)) == ["academic:probation", "academic:warning"]


def test_a_school_wide_user_is_offered_every_one_of_their_colleges_levels(
    client, login, make, db, two_rulesets
):
    leader = make.user(role="leader")
    db.session.commit()
    login(leader)
    offered = _offered(client.get(f"/warnings/?term={two_rulesets['term'].id}").get_data(True))
    assert {"academic:probation", "academic:warning"} <= set(offered)
    assert {"academic:yellow", "academic:orange", "academic:red"} <= set(offered)


def test_a_level_not_offered_is_ignored_like_any_unknown_filter_value(
    client, login, make, db, two_rulesets
):
    counselor = make.user(role="counselor", scope=two_rulesets["guangxi"].school_class)
    db.session.commit()
    login(counselor)
    term = two_rulesets["term"].id
    page = client.get(f"/warnings/?term={term}&level=academic:red").get_data(as_text=True)
    assert "广西生" in page and "三色生" not in page
    assert not re.search(r"<option value=\"academic:red\"", page)
