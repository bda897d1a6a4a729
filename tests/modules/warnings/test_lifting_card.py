"""The warnings card counts the students standing warned; those whose lifting is proposed
still owe talks and contacts (warning-rules.md §6), so the follow-up card counted more
students than the warnings card and nothing said why (a walk: 55 warned, 59 behind)."""

import re

import pytest

from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.lifecycle import transition
from portal.modules.warnings.models import Lift


@pytest.fixture
def one_lift_proposed(make, grades, db):
    college = make.college("提议学院")
    school_class = make.school_class(make.major(college))
    recovered, still = make.student(school_class), make.student(school_class)
    for student in (recovered, still):
        grades(student, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 10, 90, "regular")])
    leader = make.user(role="leader", scope=college)
    for term_code in ("2024-2025-1", "2024-2025-2"):
        if term_code == "2024-2025-2":
            grades(recovered, term_code, [("C", 4, 90, "regular"), ("A", 4, 80, "retake")])
            grades(still, term_code, [("C", 4, 20, "regular")])
        run = compute_run(make.term(term_code), rulesets.load("anshan"), college_id=college.id)
        transition(run, "submit", user_id=leader.id)
        transition(run, "approve", user_id=leader.id)
    secretary = make.user(role="secretary", scope=college)
    counselor = make.user(role="counselor", scope=school_class)
    db.session.commit()
    return dict(secretary=secretary, counselor=counselor)


def _card(client) -> str:
    client.post("/locale", data={"locale": "en"})
    return client.get("/warnings/widget").get_data(as_text=True)


def test_the_warnings_card_says_who_else_is_followed_up_and_links_the_secretary_to_the_list(
    client, login, one_lift_proposed
):
    login(one_lift_proposed["secretary"])
    card = _card(client)
    assert sum(int(n) for n in re.findall(r"warning (\d+)", card)) == 1
    line = re.search(r'<p class="hint">(.*?)</p>', card, re.S).group(1)
    assert "1 student has a lifting proposed that awaits your confirmation." in line
    assert 'href="/warnings/lifting"' in line


def test_a_counselor_reads_the_line_without_a_link_they_may_not_open(
    client, login, one_lift_proposed
):
    login(one_lift_proposed["counselor"])
    card = _card(client)
    assert "1 student has a lifting proposed that awaits the teaching secretary" in card
    assert "/warnings/lifting" not in card


def test_a_confirmed_lifting_is_no_longer_mentioned(client, login, db, one_lift_proposed):
    login(one_lift_proposed["secretary"])
    [lift] = db.session.query(Lift).all()
    client.post("/warnings/lifting/confirm", data={"lift": [str(lift.id)]})
    assert "lifting proposed" not in _card(client)
