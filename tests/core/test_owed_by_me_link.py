"""The "Owed by me" link is offered to whoever something can be owed by: a role the college's
cadence policy names. A course teacher holds the right to the page but no preset names
teachers, so the link would open a list that can never fill."""

from portal.core.cadence import CadenceRule
from portal.core.cadence_policies import policy_of

LINK = 'href="/cadence/due"'


def _nav(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return page[page.index("<nav") : page.index("</nav>")]


def test_a_course_teacher_has_no_owed_by_me_link_while_the_counselor_keeps_it(
    client, login, make, followup
):
    login(make.user(role="teacher", scope=followup.school_class, name="吴老师"))
    assert LINK not in _nav(client)
    for who in (followup.counselor, followup.advisor):
        login(who)
        assert LINK in _nav(client) and "我的待办" in _nav(client)


def test_the_link_comes_once_the_colleges_policy_names_teachers(client, login, make, db, followup):
    college = followup.school_class.major.college
    policy = policy_of(college.id)
    policy.rules = [
        *policy.rules,
        CadenceRule("red", "teacher", "talk", first_within_days=21, clause="test").stored(),
    ]
    db.session.flush()
    login(make.user(role="teacher", scope=followup.school_class))
    assert LINK in _nav(client)
    # The rule is that college's: a teacher of another college owes nothing under it.
    login(make.user(role="teacher", scope=make.school_class()))
    assert LINK not in _nav(client)


def test_the_cards_of_what_one_owes_are_left_off_for_one_who_can_owe_nothing(
    client, login, make, followup
):
    """A leader's dashboard said "no talk due, none overdue" while the counselors had forty
    overdue: a card of one's own dues is shown only to someone the policy names."""
    cards = ("待办谈话", "待办家长联系")
    login(make.user(role="leader", scope=followup.school_class.major.college))
    home = client.get("/").get_data(as_text=True)
    assert not [card for card in cards if card in home]
    login(followup.counselor)
    home = client.get("/").get_data(as_text=True)
    assert all(card in home for card in cards)
