"""The leader's home says how the follow-up stands in their colleges: a card per kind of
obligation, students behind, missed and done, each figure what the compliance page counts
and opens (students behind: the rows of the missing list one row a student)."""

import re
from datetime import datetime, timedelta

from ..followup import PUBLISHED, build, pin_today, statements_during

HTMX = {"HX-Request": "true"}
CELL = r'<td class="num">(?:<a href="([^"]*)">)?(?:<strong class="err">)?(\d+)'


def card_figures(page: str) -> dict[str, dict]:
    """The card's rows by kind ("" for all kinds): students behind, missing (missed) and
    done, with where each leads."""
    found = {}
    for kind, row in re.findall(r'<tr data-kind="(\w*)">(.*?)</tr>', page, re.S):
        (behind_at, behind), (missing_at, missing), (done_at, done) = re.findall(CELL, row)
        found[kind] = {
            "behind": int(behind),
            "missing": int(missing),
            "done": int(done),
            "behind_at": behind_at.replace("&amp;", "&"),
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


def students_listed(client, url: str) -> list[str]:
    """The students a list shows, a row each (the same student twice would be two rows)."""
    page = client.get(url).get_data(as_text=True)
    rows = page[page.index("<tbody>") : page.index("</tbody>")]
    return re.findall(r'<a href="/students/(\d+)">', rows)


def red_behind_on_talks(make, followup, monkeypatch) -> None:
    """Thirty days on, nothing done but one talk with the yellow student: the red student
    has missed more than one talk, and students are behind on other kinds too."""
    pin_today(monkeypatch, PUBLISHED + timedelta(days=30))
    talk_on_day(make, followup.yellow, 6)


def test_students_behind_is_the_rows_of_its_list_for_each_reader(
    app, client, login, make, db, followup, monkeypatch
):
    other = build(app, make, db)  # another college, nothing done there, one student more
    make.warning(other.run, make.student(other.school_class))
    red_behind_on_talks(make, followup, monkeypatch)
    college = followup.school_class.major.college
    readers = {
        "secretary of the college": make.user(role="secretary", scope=college),
        "secretary of one class elsewhere": make.user(role="secretary", scope=other.school_class),
        "leader of the school": make.user(role="leader"),
    }
    shown = {}
    for name, reader in readers.items():
        login(reader)
        figures = card_figures(client.get("/").get_data(as_text=True))
        for kind, row in figures.items():
            assert row["behind_at"] == (
                f"/cadence/compliance/missing?kind={kind}&per=student"
                if kind
                else "/cadence/compliance/missing?per=student"
            )
            listed = students_listed(client, row["behind_at"])
            assert row["behind"] == len(listed) == len(set(listed)), (name, kind)
            assert row["missing_at"] == row["behind_at"].replace("per=student", "").rstrip("&?")
        shown[name] = figures["talk"]
    college_wide, elsewhere, school = shown.values()
    # One student misses a talk every fortnight: fewer students behind than talks missed.
    assert 0 < college_wide["behind"] < college_wide["missing"]
    assert school["behind"] == college_wide["behind"] + elsewhere["behind"]
    assert (college_wide["behind"], elsewhere["behind"]) == (2, 3)


def test_all_kinds_counts_a_student_behind_on_two_kinds_once(
    client, login, make, followup, monkeypatch
):
    red_behind_on_talks(make, followup, monkeypatch)
    login(make.user(role="secretary", scope=followup.school_class.major.college))
    figures = card_figures(client.get("/").get_data(as_text=True))
    kinds = {kind: row for kind, row in figures.items() if kind}
    assert len(kinds) > 1
    students = {s for row in kinds.values() for s in students_listed(client, row["behind_at"])}
    whole = figures[""]
    assert whole["behind"] == len(students) == len(students_listed(client, whole["behind_at"]))
    assert whole["behind"] < sum(row["behind"] for row in kinds.values())
    assert whole["missing"] == sum(row["missing"] for row in kinds.values())


def test_the_card_and_its_list_say_students_behind_in_both_languages(
    client, login, make, followup, monkeypatch
):
    red_behind_on_talks(make, followup, monkeypatch)
    login(make.user(role="secretary", scope=followup.school_class.major.college))
    words = {
        "zh_CN": ("待跟进学生", "未完成", "已完成", "每人只计一次", "待跟进学生 2 名"),
        "en": ("Students behind", "Missed", "Done", "counted once", "2 students behind"),
    }
    for locale, (behind, missed, done, once, listed) in words.items():
        client.post("/locale", data={"locale": locale})
        card = client.get("/cadence/compliance/widget", headers=HTMX).get_data(as_text=True)
        head = card[card.index("<thead>") : card.index("</thead>")]
        assert re.findall(r"<th[^>]*>([^<]*)</th>", head)[1:] == [behind, missed, done], locale
        assert once in card
        page = client.get(card_figures(card)["talk"]["behind_at"]).get_data(as_text=True)
        assert f"<h1>{behind}</h1>" in page and listed in page, locale


def test_the_missing_list_turns_to_one_row_a_student_and_back(
    client, login, make, followup, monkeypatch
):
    red_behind_on_talks(make, followup, monkeypatch)
    login(make.user(role="secretary", scope=followup.school_class.major.college))
    every = "/cadence/compliance/missing?kind=talk"
    page = client.get(every).get_data(as_text=True)
    assert 'href="/cadence/compliance/missing?kind=talk&amp;per=student"' in page
    assert len(students_listed(client, every)) > len(set(students_listed(client, every)))
    one_each = client.get(f"{every}&per=student").get_data(as_text=True)
    assert f'href="{every}"' in one_each
    assert client.get(f"{every}&per=class").status_code == 404
