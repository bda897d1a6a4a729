"""A term's first roster counts and lists, as "no longer warned", the students warned at last
evaluation term it no longer warns — as new, continuing, escalated and eased compare with
last term — and says what publishing it makes of each; a later roster of the term compares
with the one before it (walk finding 5: "不再警示 0" while six of last term's students were
off the new roster). The page says which it compares with."""

import html
import re

import pytest

from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.lifecycle import transition

RED = [("A", 4, 20, "regular"), ("B", 10, 90, "regular")]


@pytest.fixture
def first_run(make, grades, db):
    """anshan: three students red at 2024-2025-1 (published); at 2024-2025-2 回升生 passes,
    连续生 fails again, 未考生 has no grades; 新生 is warned for the first time."""
    college = make.college("比较学院")
    rulesets.assign(college, "anshan")
    school_class = make.school_class(make.major(college))
    names = ("回升生", "连续生", "未考生", "新生")
    students = {name: make.student(school_class, name=name) for name in names}
    for name in names[:3]:
        grades(students[name], "2024-2025-1", RED)
    grades(students["新生"], "2024-2025-1", [("B", 10, 90, "regular")])
    secretary = make.user(role="secretary", scope=college)
    leader = make.user(role="leader", scope=college)
    earlier = compute_run(make.term("2024-2025-1"), rulesets.load("anshan"), college_id=college.id)
    transition(earlier, "submit", user_id=secretary.id)
    transition(earlier, "approve", user_id=leader.id)
    grades(students["回升生"], "2024-2025-2", [("C", 4, 90, "regular"), ("A", 4, 80, "retake")])
    grades(students["连续生"], "2024-2025-2", [("C", 4, 20, "regular"), ("D", 4, 90, "regular")])
    grades(students["新生"], "2024-2025-2", [("C", 4, 20, "regular"), ("D", 4, 90, "regular")])
    run = compute_run(make.term("2024-2025-2"), rulesets.load("anshan"), college_id=college.id)
    db.session.commit()
    return dict(run=run, college=college, secretary=secretary, students=students)


def _page(client, run) -> str:
    client.post("/locale", data={"locale": "en"})
    return html.unescape(client.get(f"/warnings/runs/{run.id}").get_data(as_text=True))


def _counts(page: str) -> dict[str, int]:
    table = re.search(r'<table class="compact" id="run-changes">(.*?)</table>', page, re.S)
    heads = re.findall(r'<th class="num" scope="col">\s*([^<]*)</th>', table.group(1))
    cells = re.findall(r'<td class="num">(\d+)</td>', table.group(1))
    return dict(zip([h.strip() for h in heads], map(int, cells), strict=True))


def _row(page: str, name: str) -> str:
    return re.search(rf'<td class="name">{name}</td>(.*?)</tr>', page, re.S).group(1)


def test_a_terms_first_run_counts_and_lists_who_last_term_warned_and_it_no_longer_does(
    client, login, first_run
):
    login(first_run["secretary"])
    page = _page(client, first_run["run"])
    counts = _counts(page)
    assert counts["new"] == 1 and counts["continuing from last term"] == 1
    assert counts["no longer warned"] == 2  # 回升生 and 未考生; main said 0
    assert "Compared with last evaluation term, 2024–2025 term 1" in page
    recovered, absent = _row(page, "回升生"), _row(page, "未考生")
    assert "no longer warned" in recovered and "badge red" in recovered
    assert "its lifting is proposed once this roster is published" in recovered
    assert "not evaluated this term: stays warned" in absent


def test_a_later_run_of_the_term_compares_with_the_run_before_it(
    client, login, make, db, first_run
):
    again = compute_run(
        make.term("2024-2025-2"), rulesets.load("anshan"), college_id=first_run["college"].id
    )
    db.session.commit()
    login(first_run["secretary"])
    page = _page(client, again)
    assert _counts(page)["no longer warned"] == 0  # the same as the run before it
    assert f"Compared with this term's previous roster, run {first_run['run'].id}" in page
    assert "回升生" not in page


def test_each_column_says_what_it_compares_with(client, login, make, db, first_run):
    """ "上学期延续" is against last term, "不变" against the term's previous roster: a term's
    first roster has no "unchanged" column (it has no such roster); a later one names it."""
    login(first_run["secretary"])
    first = _counts(_page(client, first_run["run"]))
    assert "continuing from last term" in first and not any("unchanged" in h for h in first)
    again = compute_run(
        make.term("2024-2025-2"), rulesets.load("anshan"), college_id=first_run["college"].id
    )
    db.session.commit()
    later = _counts(_page(client, again))
    assert later[f"unchanged since run {first_run['run'].id}"] == 2  # 连续生 and 新生
    assert "unchanged" not in later


def test_a_submitted_roster_is_not_called_a_draft(client, login, make, db, first_run):
    login(first_run["secretary"])
    run = first_run["run"]
    assert "See this draft's students in the roster list" in _page(client, run)
    transition(run, "submit", user_id=first_run["secretary"].id)
    db.session.commit()
    words = re.sub(r"<[^>]+>", " ", _page(client, run))  # the words, not the links' query
    assert "See this roster's students in the roster list" in words
    assert "draft" not in words.lower()


def test_a_lifting_rule_that_does_not_hold_keeps_the_student_warned(
    client, login, make, grades, db
):
    """lanzhou: a student no longer failing this term but still owing 8 credits stays warned
    (warning-rules.md §6 rule 2): listed, and said so."""
    college = make.college("兰州比较学院")
    rulesets.assign(college, "lanzhou")
    school_class = make.school_class(make.major(college))
    owing, clear = make.student(school_class, name="欠学分"), make.student(school_class)
    grades(owing, "2024-2025-1", [("A", 8, 20, "regular")])
    grades(clear, "2024-2025-1", [("A", 8, 90, "regular")])
    leader = make.user(role="leader", scope=college)
    earlier = compute_run(make.term("2024-2025-1"), rulesets.load("lanzhou"), college_id=college.id)
    transition(earlier, "submit", user_id=leader.id)
    transition(earlier, "approve", user_id=leader.id)
    grades(owing, "2024-2025-2", [("C", 2, 90, "regular")])
    run = compute_run(make.term("2024-2025-2"), rulesets.load("lanzhou"), college_id=college.id)
    login(make.user(role="secretary", scope=college))
    db.session.commit()
    page = _page(client, run)
    assert _counts(page)["no longer warned"] == 1
    assert "stays warned: the lifting rule does not hold yet" in _row(page, "欠学分")


def test_the_first_evaluation_term_says_there_is_nothing_to_compare_with(
    client, login, make, grades, db
):
    college = make.college("首学期学院")
    student = make.student(make.school_class(make.major(college)))
    grades(student, "2024-2025-1", RED)
    run = compute_run(make.term("2024-2025-1"), rulesets.load("anshan"), college_id=college.id)
    login(make.user(role="secretary", scope=college))
    db.session.commit()
    page = _page(client, run)
    assert "there is no earlier term to compare with" in page
    assert _counts(page)["no longer warned"] == 0
