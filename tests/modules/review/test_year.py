"""The academic year's review (warning-rules.md §6): each term's warnings judged at that
term's next(T), summed — not each warning once at its latest term, which left the second
term's warnings pending and judged only the first term's lifts (an outside tester read a
conversion of 100 % = 4 ÷ (59 − 55))."""

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from .test_review import grades, publish

YEAR = ("2025-2026-1", "2025-2026-2")


@pytest.fixture
def year(app, make, db):
    """anshan, 20 credits a term; both terms published, the next year's not yet.

    a: red in term 1, clean in term 2 (its failed course passed again): lifted at term 2.
    b: red in both terms: the same level at term 2, then pending.
    c: red in term 1, yellow in term 2: a milder level, then pending.
    d: yellow in term 1, red in term 2: a more severe level, then pending.
    e: red in term 2 only (every credit failed): pending."""
    school_class = make.school_class(name="年班")
    first, second = (make.term(code) for code in YEAR)
    make.term("2026-2027-1")  # graded nowhere yet, no roster: term 2's warnings are pending
    plan = {"a": (5, 0), "b": (5, 5), "c": (5, 1), "d": (1, 5), "e": (None, 20)}
    students = {}
    for name, (one, two) in plan.items():
        students[name] = make.student(school_class, name=name)
        if one is not None:
            grades(db, students[name], first, one)
        grades(db, students[name], second, two, course="C", retake=first if name == "a" else None)
    db.session.flush()
    college = school_class.major.college
    publish(app, db, college, "anshan", first, second)
    leader = make.user(role="leader", scope=college)
    db.session.commit()
    return students, leader, first, second


def _summary(page: str) -> str:
    summary = page[page.index('id="summary"') : page.index('id="per-group"')]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", summary))


def test_the_year_judges_each_terms_warnings_at_that_terms_next_term(client, login, year):
    _students, leader, first, second = year
    login(leader)
    one = _summary(client.get(f"/review/?term={first.id}").get_data(as_text=True))
    assert "转化率 25.0% = 已解除 1 ÷（预警 4 − 尚不可知 0 − 已毕业 0 − 休学 0）" in one
    page = client.get(f"/review/?term=y{first.start_year}&by=class").get_data(as_text=True)
    summary = _summary(page)
    # Term 1: a lifted, b same, c milder, d more severe (judged at term 2); term 2: b, c, d
    # and e pending (no roster after it yet). 1 ÷ (8 − 4), as term 1's own rate.
    assert "转化率 25.0% = 已解除 1 ÷（预警 8 − 尚不可知 4 − 已毕业 0 − 休学 0）" in summary
    for said in ("预警等级降低 1", "等级不变 1", "预警等级升高 1", "尚不可知 4"):
        assert said in summary, said
    table = page[page.index('<table id="groups">') :]
    row = table[table.index('<th scope="row">年班</th>') :]
    cells = [c.split("<")[0] for c in row[: row.index("</tr>")].split('<td class="num">')[1:]]
    assert cells[:10] == ["8", "1", "1", "1", "1", "0", "0", "0", "4", "25.0%"]


def test_the_year_s_before_and_after_compare_the_same_students(client, login, year):
    """Term 2's pending warnings have a figure before and none after: compared, they made
    "before" a median of other students than "after"."""
    _students, leader, first, _second = year
    login(leader)
    page = client.get(f"/review/?term=y{first.start_year}").get_data(as_text=True)
    summary = _summary(page)
    # Outstanding failed credits, before → after, of the four judged: 5, 5, 5, 1 → 0, 10, 6,
    # 6 (with term 2's pending 10, 6, 6 and 20 before it read 5.5 → 6).
    assert "未通过学分中位数 5 → 6" in summary
    client.post("/locale", data={"locale": "en", "next": "/"})
    page = client.get(f"/review/?term=y{first.start_year}").get_data(as_text=True)
    said = _summary(page)
    said = said[said.index("Median outstanding failed credits") :]
    assert said.startswith(
        "Median outstanding failed credits 5 → 6 (of the 4 with a figure both before and after)"
    )


def test_the_year_is_said_as_a_year_on_the_page_and_in_english(client, login, year):
    _students, leader, first, _second = year
    login(leader)
    page = client.get(f"/review/?term=y{first.start_year}").get_data(as_text=True)
    assert "本学期预警" not in page  # the year's heading is new: its Chinese comes with the .po
    client.post("/locale", data={"locale": "en", "next": "/"})
    page = client.get(f"/review/?term=y{first.start_year}").get_data(as_text=True)
    assert "Warnings at this term" not in page and "Warnings in this academic year" in page


def test_the_year_s_workbook_has_the_year_s_rate(client, login, year):
    _students, leader, first, _second = year
    login(leader)
    book = load_workbook(BytesIO(client.get(f"/review/export.xlsx?term=y{first.start_year}").data))
    classes = book["班级"]
    header = [c.value for c in classes[1]]
    row = dict(zip(header, [c.value for c in classes[2]], strict=True))
    assert row["预警人数"] == 8 and row["尚不可知"] == 4 and row["转化率"] == 0.25
    people = book["学生"]
    header = [c.value for c in people[1]]
    warnings = [dict(zip(header, r, strict=True)) for r in people.iter_rows(2, values_only=True)]
    # One row a warning: b, c and d warned in both terms have a row of each term's.
    terms = sorted(w["学期"] for w in warnings if w["学生"].endswith(" b"))
    assert terms == ["2025-2026学年第1学期", "2025-2026学年第2学期"] and len(warnings) == 8
