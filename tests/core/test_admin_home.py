"""Tester's finding: the administrator's home was empty. It has a card for each thing they
keep — accounts (locked now, never signed in, students without an account), terms (the
one under way), the organisation, cadence policies, rulesets (the warnings module's own
card), retention, the audit trail — each linking to its page; no student's record on it.
A secretary, who edits the cadence too, keeps the students' home without these cards."""

from datetime import date, datetime

from portal.core.models import AuditEvent, LoginFailure
from portal.core.models.base import utcnow

from ..followup import pin_today

CARD_LINKS = {
    "/admin/users",
    "/students/accounts",
    "/admin/terms",
    "/cadence/policies",
    "/warnings/rulesets",
    "/admin/retention",
    "/admin/audit",
}


def cards(page: str) -> str:
    """The dashboard's cards, without the menu (which links to the same pages)."""
    return page[page.index('<div class="cards">') :]


def test_the_administrators_home_has_a_card_for_each_thing_they_keep(
    client, make, login, db, monkeypatch
):
    pin_today(monkeypatch, date(2026, 10, 20))
    college = make.college("机电学院")
    student = make.student(make.school_class(make.major(college)), name="卡片里不该有的名字")
    term = make.term("2026-2027-1")
    term.start_date, term.end_date = date(2026, 9, 1), date(2027, 1, 20)
    make.term("2027-2028-1")  # no dates yet
    admin = make.user("ADM1", role="admin", name="管理员", locale="en")
    make.user("T100", role="counselor", scope=college)  # never signed in
    locked = make.user("T200", role="counselor", scope=college)
    db.session.add_all(LoginFailure(key="t200|10.0.0.9", at=utcnow()) for _ in range(5))
    db.session.add(AuditEvent(action="login", user_id=locked.id, at=datetime(2026, 1, 1)))
    db.session.commit()
    login(admin)
    response = client.get("/")
    assert response.status_code == 200
    home = cards(response.get_data(as_text=True))
    for link in CARD_LINKS:
        assert f'href="{link}' in home, link
    assert "1 locked now after failed log-ins" in home
    assert 'href="/admin/users?show=locked"' in home
    # The administrator's own sign-in counts: T100 and the student account never did.
    assert "1 never signed in" in home
    assert "1 student without an account" in home
    assert "Under way: 2026–2027 term 1" in home
    assert "1 term without its dates: 2027–2028 term 1" in home
    assert "机电学院" in home and student.name not in home
    # A count of nothing is words, not a link to an empty list.
    assert "0 failed log-ins" in home and "action=login_failed" not in home
    assert "1 log-in" in home and 'href="/admin/audit?action=login"' in home

    # Each figure opens what it counts.
    listed = client.get("/admin/users?show=locked").get_data(as_text=True)
    assert "T200" in listed and "T100" not in listed and "ADM1" not in listed
    listed = client.get("/admin/users?show=never").get_data(as_text=True)
    assert "T100" in listed and "T200" not in listed and "ADM1" not in listed


def test_a_secretarys_home_has_not_the_administrators_cards(client, make, login, db):
    college = make.college()
    login(make.user("S1", role="secretary", scope=college, locale="en"))
    home = cards(client.get("/").get_data(as_text=True))
    for link in ("/cadence/policies", "/warnings/rulesets", "/admin/users", "/admin/audit"):
        assert f'href="{link}' not in home, link


def test_an_unknown_filter_lists_every_account(client, make, login):
    login(make.user("ADM2", role="admin", locale="en"))
    make.user("T300", role="counselor")
    listed = client.get("/admin/users?show=nonsense").get_data(as_text=True)
    assert "T300" in listed and "ADM2" in listed
