"""The leader's home says how the follow-up stands in their colleges: a card per kind of
obligation, missing and done, each figure what the compliance page counts and opens."""

import re
from datetime import datetime, timedelta

from ..followup import PUBLISHED, build, pin_today, statements_during

HTMX = {"HX-Request": "true"}
CELL = r'<td class="num">(?:<a href="([^"]*)">)?(?:<strong class="err">)?(\d+)'


def card_figures(page: str) -> dict[str, dict]:
    """The card's rows by kind ("" for all kinds): missing and done, with where each leads."""
    found = {}
    for kind, row in re.findall(r'<tr data-kind="(\w*)">(.*?)</tr>', page, re.S):
        (missing_at, missing), (done_at, done) = re.findall(CELL, row)
        found[kind] = {
            "missing": int(missing),
            "done": int(done),
            "missing_at": missing_at.replace("&amp;", "&"),
            "done_at": done_at.replace("&amp;", "&"),
        }
    return found


def page_figures(client, kind: str) -> tuple[int, int]:
    """What the compliance pages count of one kind: the rows of its missing list, and done
    (on time and late) in its per-class table."""
    listed = client.get(f"/cadence/compliance/missing?kind={kind}").get_data(as_text=True)
    missing = listed[listed.index("<tbody>") : listed.index("</tbody>")].count('class="err"')
    page = client.get(f"/cadence/compliance?kind={kind}").get_data(as_text=True)
    per_class = page[page.rindex("<tbody>") : page.rindex("</tbody>")]
    done = sum(
        int(a) + int(b)
        for a, b in re.findall(r'<td class="num">(\d+)</td><td class="num">(\d+)', per_class)
    )
    return missing, done


def talk_on_day(make, student, day: int):
    return make.talk(
        student, held_at=datetime.combine(PUBLISHED + timedelta(days=day), datetime.min.time())
    )


def leader_of(make, followup):
    return make.user(role="leader", scope=followup.school_class.major.college)


def test_the_leaders_home_counts_each_kind_as_the_compliance_page_does(
    client, login, make, followup, monkeypatch
):
    pin_today(monkeypatch, PUBLISHED + timedelta(days=30))
    talk_on_day(make, followup.orange, 6)
    talk_on_day(make, followup.red, 20)  # late
    make.contact(followup.red, contacted_at=datetime(2026, 9, 8, 9))
    login(leader_of(make, followup))
    home = client.get("/").get_data(as_text=True)
    figures = card_figures(home)
    assert {"talk", "parent"} <= set(figures) and figures["talk"]["done"] == 2
    for kind, shown in figures.items():
        if kind:
            assert (shown["missing"], shown["done"]) == page_figures(client, kind), kind
            assert shown["missing_at"] == f"/cadence/compliance/missing?kind={kind}"
            assert shown["done_at"] == f"/cadence/compliance?kind={kind}"
    whole = figures[""]
    assert whole["missing"] == sum(f["missing"] for k, f in figures.items() if k)
    listed = client.get(whole["missing_at"]).get_data(as_text=True)
    assert listed.count('<strong class="err">') == whole["missing"] > 0
    assert 'href="/cadence/compliance"' in home


def test_a_counselor_has_no_compliance_card(client, login, make, followup, monkeypatch):
    pin_today(monkeypatch, PUBLISHED + timedelta(days=30))
    login(followup.counselor)
    assert card_figures(client.get("/").get_data(as_text=True)) == {}
    assert client.get("/cadence/compliance/widget", headers=HTMX).status_code == 403


def test_a_secretary_sees_the_card_too(client, login, make, followup, monkeypatch):
    pin_today(monkeypatch, PUBLISHED + timedelta(days=30))
    login(make.user(role="secretary", scope=followup.school_class.major.college))
    assert card_figures(client.get("/").get_data(as_text=True))["talk"]["missing"] > 0


def test_each_leader_reads_their_own_colleges_figures(
    app, client, login, make, db, followup, monkeypatch
):
    other = build(app, make, db)  # the same roster in another college, nothing done there
    pin_today(monkeypatch, PUBLISHED + timedelta(days=30))
    for student in (followup.yellow, followup.orange, followup.red):
        talk_on_day(make, student, 6)
    login(leader_of(make, followup))
    mine = card_figures(client.get("/").get_data(as_text=True))["talk"]
    assert (mine["missing"], mine["done"]) == page_figures(client, "talk")
    login(leader_of(make, other))
    theirs = card_figures(client.get("/").get_data(as_text=True))["talk"]
    assert (theirs["missing"], theirs["done"]) == page_figures(client, "talk")
    assert mine["done"] == 3 and theirs["done"] == 0
    assert theirs["missing"] > mine["missing"]


def test_nothing_due_yet_says_so(client, login, make, followup, monkeypatch):
    pin_today(monkeypatch, PUBLISHED + timedelta(days=1))
    login(leader_of(make, followup))
    response = client.get("/cadence/compliance/widget", headers=HTMX)
    card = response.get_data(as_text=True)
    assert response.status_code == 200 and "<table" not in card and "<nav" not in card
    assert 'href="/cadence/compliance"' in card


def test_the_card_costs_the_same_queries_for_many_students(
    client, login, make, db, followup, monkeypatch
):
    pin_today(monkeypatch, PUBLISHED + timedelta(days=30))
    login(leader_of(make, followup))
    url, counts, card = "/cadence/compliance/widget", [], []
    for batch in (2, 18):
        for student in [make.student(followup.school_class) for _ in range(batch)]:
            make.warning(followup.run, student)
            talk_on_day(make, student, 6)
            make.contact(student, contacted_at=datetime(2026, 9, 8, 9))
        counts.append(statements_during(db, lambda: card.append(client.get(url, headers=HTMX))))
    assert counts[0] == counts[1]
    assert card_figures(card[-1].get_data(as_text=True))["talk"]["done"] >= 20
