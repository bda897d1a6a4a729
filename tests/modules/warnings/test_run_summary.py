"""Issue 17 missing 7: a term's first roster calls a student warned at the previous term
"continuing" (or escalated, or eased), not new; the run page totals warnings per level and per reason, most severe
first."""

import re

import pytest

from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.explain import catalogue_of


@pytest.fixture
def two_terms(make, grades, db, client, login):
    college = make.college("延续学院")
    school_class = make.school_class(make.major(college))
    again = make.student(school_class, name="连续生")
    first = make.student(school_class, name="首次生")
    rising = make.student(school_class, name="升级生")
    carried = make.student(school_class, name="未考生")  # no grades next term: carried
    grades(carried, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 10, 90, "regular")])
    grades(again, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 10, 90, "regular")])
    grades(rising, "2024-2025-1", [("A", 1, 20, "regular"), ("B", 10, 90, "regular")])  # yellow
    earlier = compute_run(make.term("2024-2025-1"), rulesets.load("anshan"), college_id=college.id)
    secretary = make.user("CT1", role="secretary", scope=college)
    leader = make.user("CT2", role="leader", scope=college)
    db.session.commit()
    login(secretary)
    client.post(f"/warnings/runs/{earlier.id}/submit")
    login(leader)
    client.post(f"/warnings/runs/{earlier.id}/approve", data={"confirm": "1"})
    assert earlier.status == "published"
    grades(again, "2024-2025-2", [("C", 4, 30, "regular"), ("D", 10, 90, "regular")])
    grades(rising, "2024-2025-2", [("C", 4, 30, "regular"), ("D", 10, 90, "regular")])  # red
    grades(
        first,
        "2024-2025-2",
        [("C", 4, 30, "regular"), ("D", 10, 90, "regular"), ("E", 6, 10, "regular")],
    )
    run = compute_run(make.term("2024-2025-2"), rulesets.load("anshan"), college_id=college.id)
    db.session.commit()
    return dict(
        run=run, again=again, first=first, rising=rising, secretary=secretary, leader=leader
    )


def _row(page, name):
    return re.search(rf"<tr><td>[^<]*</td><td[^>]*>{name}</td><td>([^<]*)</td>", page).group(1)


def test_issue17_m7_a_student_warned_last_term_is_continuing_not_new(client, login, two_terms):
    login(two_terms["secretary"])
    page = client.get(f"/warnings/runs/{two_terms['run'].id}").get_data(as_text=True)
    assert _row(page, "连续生") == "上学期延续"
    assert _row(page, "首次生") == "新增"
    assert _row(page, "升级生") == "加重"
    counts = re.search(r"<tbody><tr>((?:<td class=\"num\">\d+</td>)+)</tr></tbody>", page).group(1)
    assert re.findall(r"\d+", counts)[:3] == ["1", "1", "1"]  # new, continuing, escalated


def test_the_roster_lists_and_filters_by_the_same_change_as_the_run_page(client, login, two_terms):
    """The roster's change column agrees with the run page (a walk found 'new' on one and
    'continuing' on the other for the same student)."""
    run = two_terms["run"]
    login(two_terms["secretary"])
    client.post(f"/warnings/runs/{run.id}/submit")
    login(two_terms["leader"])
    client.post(f"/warnings/runs/{run.id}/approve", data={"confirm": "1"})
    listed = client.get(f"/warnings/?term={run.term_id}&change=escalated").get_data(as_text=True)
    assert "升级生" in listed and "连续生" not in listed and "首次生" not in listed
    listed = client.get(f"/warnings/?term={run.term_id}&change=continuing").get_data(as_text=True)
    assert "连续生" in listed and "升级生" not in listed


def test_issue17_m7_run_page_totals_per_level_and_reason_most_severe_first(
    client, login, two_terms
):
    from portal.modules.warnings.explain import catalogue_of, run_totals

    run = two_terms["run"]
    totals = run_totals(run, catalogue_of(run.ruleset_snapshot))
    catalogue = catalogue_of(run.ruleset_snapshot)
    ranks = [catalogue[key].rank for key, _n in totals["level_totals"]]
    assert ranks == sorted(ranks, reverse=True) and sum(n for _k, n in totals["level_totals"]) == 3
    assert totals["reason_totals"]
    login(two_terms["secretary"])
    client.post("/locale", data={"locale": "en"})
    page = client.get(f"/warnings/runs/{run.id}").get_data(as_text=True)
    assert "Warned per level" in page and "Warned per reason" in page
    assert "continuing from last term" in page
    levels = re.search(r'id="level-totals".*?</table>', page, re.S).group(0)
    shown = re.findall(r'class="badge [^"]*">([^<]*)</span>', levels)
    assert shown == [catalogue[key].names["en"] for key, _n in totals["level_totals"]]


def test_printing_a_terms_notices_prints_the_notices_its_roster_issued(client, login, two_terms):
    """A warning carried from last term had its notice then: printing the new term's
    notices does not print last term's again (a walk got 55 notices for 2 new ones)."""
    run = two_terms["run"]
    login(two_terms["secretary"])
    client.post(f"/warnings/runs/{run.id}/submit")
    login(two_terms["leader"])
    client.post(f"/warnings/runs/{run.id}/approve", data={"confirm": "1"})
    login(two_terms["secretary"])
    assert "未考生" in client.get(f"/warnings/?term={run.term_id}").get_data(as_text=True)
    printed = client.get(f"/warnings/notices/print?term={run.term_id}").get_data(as_text=True)
    assert "升级生" in printed and "首次生" in printed
    assert "未考生" not in printed


def test_the_dashboard_counts_the_published_roster_not_a_draft_waiting(client, login, two_terms):
    """A leader's dashboard showed a draft's counts while it waited for approval."""
    run = two_terms["run"]
    login(two_terms["secretary"])
    client.post(f"/warnings/runs/{run.id}/submit")
    login(two_terms["leader"])
    card = client.get("/warnings/widget").get_data(as_text=True)
    # last term's published roster: 连续生 and 未考生 red, 升级生 yellow
    assert re.findall(r"(红色预警|橙色预警|黄色预警) (\d+)", card) == [
        ("红色预警", "2"),
        ("黄色预警", "1"),
    ]
    client.post(f"/warnings/runs/{run.id}/approve", data={"confirm": "1"})
    card = client.get("/warnings/widget").get_data(as_text=True)
    assert ("红色预警", "4") in re.findall(r"(红色预警|橙色预警|黄色预警) (\d+)", card)


def test_the_run_page_names_the_level_of_a_warning_it_dropped(make, grades, db, client, login):
    """A walk saw the raw code `orange` in "What changed" for a student no longer warned,
    on the Chinese and the English page alike."""
    from portal.core.models import GradeRecord
    from portal.modules.warnings.models import DroppedWarning

    college = make.college("撤销学院")
    student = make.student(make.school_class(make.major(college)), name="撤下生")
    grades(student, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 10, 90, "regular")])
    term = make.term("2024-2025-1")
    first = compute_run(term, rulesets.load("anshan"), college_id=college.id)
    db.session.query(GradeRecord).filter_by(student_id=student.id, course_code="A").update(
        {"score": 80, "score_text": "80", "passed": True}
    )
    run = compute_run(term, rulesets.load("anshan"), college_id=college.id)
    dropped = db.session.query(DroppedWarning).filter_by(run_id=run.id).one()
    names = catalogue_of(first.ruleset_snapshot)[(dropped.category, dropped.level)].names
    login(make.user(role="secretary", scope=college))
    db.session.commit()
    for locale in ("zh_CN", "en"):
        client.post("/locale", data={"locale": locale})
        page = client.get(f"/warnings/runs/{run.id}").get_data(as_text=True)
        row = re.search(r"撤下生.*?</tr>", page, re.S).group(0)
        shown = re.search(r'class="badge [^"]*">([^<]*)</span>', row)
        assert shown and shown.group(1) == names["en" if locale == "en" else "zh"], row
