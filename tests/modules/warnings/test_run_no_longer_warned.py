"""A term's first roster counts and lists, as "no longer warned", the students warned at last
evaluation term it no longer warns — as new, continuing, escalated and eased compare with
last term — and says what publishing it makes of each; a later roster of the term compares
with the one before it (walk finding 5: "不再警示 0" while six of last term's students were
off the new roster). The page says which it compares with. Only who leaves the roster is
"no longer warned": a student it carries (not evaluated, or the lifting rule does not hold)
is counted and listed apart, still warned (an outside tester: "不再预警 54" beside "本学期未参加
评估：仍保持预警 53")."""

import html
import re
from functools import partial

import pytest

from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.lifecycle import transition

from ...followup import statements_during

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


def _carried_rows(page: str) -> list[tuple[str, str, str]]:
    """(name, why the standing stays, level) of each row under "Still warned, carried over"."""
    section = re.search(
        r'<h2 id="carried">Still warned, carried over</h2>(.*?)</table>', page, re.S
    )
    return re.findall(
        r'<td class="name">([^<]*)</td><td>([^<]*)</td><td><span class="badge[^"]*">([^<]*)</span>',
        section.group(1) if section else "",
    )


def test_a_terms_first_run_counts_and_lists_who_last_term_warned_and_it_no_longer_does(
    client, login, first_run
):
    login(first_run["secretary"])
    page = _page(client, first_run["run"])
    counts = _counts(page)
    assert counts["New"] == 1 and counts["Continuing from last term"] == 1
    assert counts["No longer warned"] == 1  # 回升生; main said 0, then 2 with 未考生
    assert counts["Still warned, carried over"] == 1  # 未考生
    assert "Compared with the last evaluation term, 2024–2025 term 1" in page
    recovered = _row(page, "回升生")
    assert "no longer warned" in recovered and "badge red" in recovered
    assert "its lifting is proposed once this roster is published" in recovered
    assert _carried_rows(page) == [("未考生", "not evaluated this term", "Red warning")]
    assert 'id="fate-counts">Of those no longer warned: its lifting is proposed' in page
    assert 'id="carried-counts">Of those still warned: not evaluated this term 1<' in page


def test_a_student_not_evaluated_is_never_called_no_longer_warned(client, login, first_run):
    """The outside tester's finding: every carried row read "不再预警 / 本学期未参加评估：仍保持
    预警", and the headline counted them; in neither language do they read so now."""
    login(first_run["secretary"])
    page = _page(client, first_run["run"])
    absent = _row(page, "未考生")
    assert "no longer warned" not in absent and "stays warned" not in absent
    client.post("/locale", data={"locale": "zh_CN"})
    chinese = client.get(f"/warnings/runs/{first_run['run'].id}").get_data(as_text=True)
    assert "不再预警" not in _row(chinese, "未考生")
    assert _counts(chinese)["不再预警"] == 1


def test_a_later_run_of_the_term_compares_with_the_run_before_it(
    client, login, make, db, first_run
):
    again = compute_run(
        make.term("2024-2025-2"), rulesets.load("anshan"), college_id=first_run["college"].id
    )
    db.session.commit()
    login(first_run["secretary"])
    page = _page(client, again)
    assert _counts(page)["No longer warned"] == 0  # the same as the run before it
    assert f"Compared with this term's previous roster, run {first_run['run'].id}" in page
    assert "回升生" not in page


def test_each_column_says_what_it_compares_with(client, login, make, db, first_run):
    """ "上学期延续" is against last term, "不变" against the term's previous roster: a term's
    first roster has no "unchanged" column (it has no such roster); a later one names it."""
    login(first_run["secretary"])
    first = _counts(_page(client, first_run["run"]))
    assert "Continuing from last term" in first and not any("Unchanged" in h for h in first)
    again = compute_run(
        make.term("2024-2025-2"), rulesets.load("anshan"), college_id=first_run["college"].id
    )
    db.session.commit()
    later = _counts(_page(client, again))
    assert later[f"Unchanged since run {first_run['run'].id}"] == 2  # 连续生 and 新生
    assert "Unchanged" not in later


def _heads(page: str) -> list[str]:
    """The text of every column head on the page."""
    heads = re.findall(r"<th[^>]*>(.*?)</th>", page, re.S)
    return [re.sub(r"<[^>]+>", "", h).strip() for h in heads]


def test_the_column_heads_are_in_sentence_case_and_say_预警_in_chinese(
    client, login, make, db, first_run
):
    """An outside tester's finding: the changes table was headed "new", "continuing from last
    term"… in lower case beside "Name" and "Level"; in Chinese its "no longer warned" read
    不再警示 where every other page says 预警."""
    login(first_run["secretary"])
    again = compute_run(
        make.term("2024-2025-2"), rulesets.load("anshan"), college_id=first_run["college"].id
    )
    db.session.commit()
    for run in (first_run["run"], again):
        heads = _heads(_page(client, run))
        assert heads and all(h[:1].isupper() for h in heads), heads
    assert "is compared with the last evaluation term." in _page(client, again)
    client.post("/locale", data={"locale": "zh_CN"})
    chinese = client.get(f"/warnings/runs/{first_run['run'].id}").get_data(as_text=True)
    assert "不再预警" in _heads(chinese)
    assert "不再警示" not in chinese and "保持警示" not in chinese


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
    assert _counts(page)["No longer warned"] == 0
    assert _counts(page)["Still warned, carried over"] == 1
    assert _carried_rows(page) == [("欠学分", "the lifting rule does not hold yet", "Oral warning")]


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
    assert _counts(page)["No longer warned"] == 0


def _no_longer_rows(page: str) -> list[tuple[str, str, str]]:
    """(name, what publishing makes of the standing, level) of each "no longer warned" row."""
    return re.findall(
        r'<td class="name">([^<]*)</td><td>no longer warned(?:<br><span class="hint">([^<]*)'
        r'</span>)?</td><td><span class="badge[^"]*">([^<]*)</span>',
        page,
    )


@pytest.fixture
def every_fate(make, grades, db):
    """lanzhou (a lifting rule: under 6 failed credits owed) warns five students at
    2024-2025-1 (published); at 2024-2025-2 回升生 has passed their retake (lifted), 欠学分
    still owes 8 credits (kept), 未考生 has no grades (kept), 离校生 has withdrawn, 连续生
    fails again (continuing, not listed)."""
    college = make.college("四种去向学院")
    rulesets.assign(college, "lanzhou")
    school_class = make.school_class(make.major(college))
    names = ("回升生", "欠学分", "未考生", "离校生", "连续生")
    students = {name: make.student(school_class, name=name) for name in names}
    for student in students.values():
        grades(student, "2024-2025-1", [("F0", 4, 20, "regular"), ("F1", 4, 20, "regular")])
    leader = make.user(role="leader", scope=college)
    earlier = compute_run(make.term("2024-2025-1"), rulesets.load("lanzhou"), college_id=college.id)
    transition(earlier, "submit", user_id=leader.id)
    transition(earlier, "approve", user_id=leader.id)
    grades(
        students["回升生"],
        "2024-2025-2",
        [("C", 2, 90, "regular"), ("F0", 4, 80, "retake"), ("F1", 4, 80, "retake")],
    )
    grades(students["欠学分"], "2024-2025-2", [("C", 2, 90, "regular")])
    grades(students["连续生"], "2024-2025-2", [("C", 4, 20, "regular"), ("D", 4, 20, "regular")])
    students["离校生"].status = "withdrawn"
    run = compute_run(make.term("2024-2025-2"), rulesets.load("lanzhou"), college_id=college.id)
    db.session.commit()
    return dict(run=run, college=college, leader=leader)


def test_the_list_and_each_fate_are_the_standings_before_and_after_publishing(
    client, login, make, db, every_fate
):
    """Who the page lists, what it says becomes of each and at which level, as a draft and
    once published (a student who has left stands warned at last term no more while last
    term is the latest roster; once this one is published, they are listed as left)."""
    run = every_fate["run"]
    login(make.user(role="secretary", scope=every_fate["college"]))
    carried = [
        ("未考生", "not evaluated this term", "Written warning"),
        ("欠学分", "the lifting rule does not hold yet", "Written warning"),
    ]
    draft = _page(client, run)
    assert _no_longer_rows(draft) == [
        ("回升生", "its lifting is proposed once this roster is published", "Written warning"),
    ]
    assert sorted(_carried_rows(draft)) == carried
    transition(run, "submit", user_id=every_fate["leader"].id)
    transition(run, "approve", user_id=every_fate["leader"].id)
    db.session.commit()
    published = _page(client, run)
    assert sorted(_no_longer_rows(published)) == [
        ("回升生", "lifting proposed", "Written warning"),
        ("离校生", "has left (graduated or withdrawn)", "Written warning"),
    ]
    assert sorted(_carried_rows(published)) == carried
    counts = _counts(published)
    assert (counts["No longer warned"], counts["Still warned, carried over"]) == (2, 2)


def _runs_of(make, grades, db, count: int):
    """A college's first and second run at 2024-2025-2, of `count` students warned at
    2024-2025-1 (published): the first warns half of them again, the second none (each
    passed the make-up exam), and the secretary."""
    college = make.college(f"{count}人学院")
    rulesets.assign(college, "anshan")
    school_class = make.school_class(make.major(college))
    students = [make.student(school_class) for _ in range(count)]
    for student in students:
        grades(student, "2024-2025-1", RED)
    leader = make.user(role="leader", scope=college)
    term = make.term("2024-2025-1")
    earlier = compute_run(term, rulesets.load("anshan"), college_id=college.id)
    transition(earlier, "submit", user_id=leader.id)
    transition(earlier, "approve", user_id=leader.id)
    for i, student in enumerate(students):
        grades(student, "2024-2025-2", RED if i % 2 else [("C", 4, 90, "regular")])
    term = make.term("2024-2025-2")
    first = compute_run(term, rulesets.load("anshan"), college_id=college.id)
    for student in students[1::2]:
        grades(student, "2024-2025-2", [("A", 4, 80, "makeup")])
    second = compute_run(term, rulesets.load("anshan"), college_id=college.id)
    db.session.commit()
    return first, second, make.user(role="secretary", scope=college)


def test_the_page_sends_as_many_statements_for_many_students_as_for_few(
    client, login, make, grades, db
):
    """Each listed student (warned again, or no longer) is read with the others, not by a
    statement of their own: on a term's first run, and on a later one."""
    counts = []
    for count in (2, 12):
        *runs, secretary = _runs_of(make, grades, db, count)
        login(secretary)
        urls = [f"/warnings/runs/{run.id}" for run in runs]
        client.get(urls[0])  # the first request of a login reads more
        counts.append([statements_during(db, partial(client.get, url)) for url in urls])
        assert _counts(_page(client, runs[1]))["No longer warned"] == count // 2
    assert counts[0] == counts[1]


def test_a_long_list_shows_its_first_rows_its_counts_and_a_link_to_all(
    client, login, make, db, first_run, monkeypatch
):
    """A whole school's first run no longer warns thousands (1.3 MB, bench): the page lists
    the first rows, counts every one per fate, and lists them all when asked."""
    from portal.modules.warnings import explain

    run = first_run["run"]
    login(first_run["secretary"])
    whole = _page(client, run)
    rows = whole.count('<td class="name">')  # changed, no longer warned, carried
    assert rows >= 4 and 'id="all-changes"' not in whole
    monkeypatch.setattr(explain, "LISTED", 1)
    short = _page(client, run)
    assert short.count('<td class="name">') < rows and 'id="all-changes"' in short
    assert _counts(short)["No longer warned"] == whole.count("<td>no longer warned")
    assert re.search(r'id="fate-counts">Of those no longer warned: .*\d', short)
    assert re.search(r'id="carried-counts">Of those still warned: .*\d', short)
    everything = client.get(f"/warnings/runs/{run.id}?all=1").get_data(as_text=True)
    everything = html.unescape(everything)
    assert everything.count('<td class="name">') == rows and 'id="all-changes"' not in everything
