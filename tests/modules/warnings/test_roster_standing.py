"""The roster row and the level counts ask the right places (issue 16): a liaoning student
with both notice kinds sees both notices on their roster rows; the staff widget and the
roster's per-level counts count the standing (§6), not the latest roster alone."""

import re

import pytest

from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.lifecycle import transition
from portal.modules.warnings.models import Notice, Warning


def _publish(run, make, college):
    secretary = make.user(role="secretary", scope=college)
    transition(run, "submit", user_id=secretary.id)
    transition(run, "approve", user_id=make.user(role="leader", scope=college).id)
    return secretary


def test_roster_row_shows_both_liaoning_notices_with_their_kind(client, login, liaoning, db):
    notices = {
        n.kind: n for n in db.session.query(Notice).filter_by(student_id=liaoning["student"].id)
    }
    assert set(notices) == {"standing", "degree"}
    login(liaoning["secretary"])
    page = client.get("/warnings/").get_data(as_text=True)
    for notice in notices.values():
        # once on each of the student's two rows (demotion and degree)
        assert page.count(f'/warnings/notices/{notice.id}"') == 2
    assert "降级、退学警示通知书" in page and "学位警示通知书" in page


def _count_of(html: str, name: str) -> int:
    found = re.search(re.escape(name) + r"\D{0,200}?(\d+)", html)
    assert found, name
    return int(found.group(1))


@pytest.fixture
def lanzhou_carried(make, grades, db):
    """A lanzhou student who still owes 8 failed credits and fails nothing new: the second
    roster does not warn them, the standing keeps them warned (§6 rule 2)."""
    college = make.college("兰州名单学院")
    rulesets.assign(college, "lanzhou")
    school_class = make.school_class(make.major(college))
    student = make.student(school_class, name="挂八学分")
    grades(student, "2024-2025-1", [("F0", 4, 20, "regular"), ("F1", 4, 20, "regular")])
    first = compute_run(make.term("2024-2025-1"), rulesets.load("lanzhou"), college_id=college.id)
    secretary = _publish(first, make, college)
    grades(student, "2024-2025-2", [("C", 2, 90, "regular")])
    second = compute_run(make.term("2024-2025-2"), rulesets.load("lanzhou"), college_id=college.id)
    _publish(second, make, college)
    db.session.flush()
    assert not db.session.query(Warning).filter_by(run_id=second.id, student_id=student.id).count()
    return dict(
        student=student,
        secretary=secretary,
        college=college,
        school_class=school_class,
        term=make.term("2024-2025-2"),
    )


def test_widget_counts_a_carried_warning_the_latest_roster_does_not_give(
    client, login, lanzhou_carried
):
    login(lanzhou_carried["secretary"])
    widget = client.get(f"/warnings/widget?term={lanzhou_carried['term'].id}").get_data(
        as_text=True
    )
    assert _count_of(widget, "书面警示") == 1


def test_roster_level_counts_ask_the_standing(client, login, lanzhou_carried):
    login(lanzhou_carried["secretary"])
    term = lanzhou_carried["term"].id
    page = client.get(f"/warnings/?term={term}").get_data(as_text=True)
    counts = page[page.index('class="badge') :]
    assert _count_of(counts, "书面警示") == 1
    # Student filters narrow the standing too.
    other = client.get(f"/warnings/?term={term}&q=nobody-matches").get_data(as_text=True)
    assert "书面警示 1" not in other


def test_widget_queries_do_not_grow_with_the_students(
    app, client, login, make, grades, db, lanzhou_carried
):
    from sqlalchemy import event

    from portal.modules.warnings import cohort

    login(lanzhou_carried["secretary"])
    counts = []
    for extra in (0, 20):
        for _ in range(extra):
            s = make.student(lanzhou_carried["school_class"])
            grades(s, "2024-2025-2", [("G", 8, 20, "regular")])
        run = compute_run(
            lanzhou_carried["term"],
            rulesets.load("lanzhou"),
            college_id=lanzhou_carried["college"].id,
        )
        _publish(run, make, lanzhou_carried["college"])
        db.session.flush()
        cohort._CACHE.clear()
        statements = []

        def count(*args, seen=statements, **kwargs):
            seen.append(1)

        event.listen(db.session.get_bind(), "before_cursor_execute", count)
        widget = client.get(f"/warnings/widget?term={lanzhou_carried['term'].id}")
        event.remove(db.session.get_bind(), "before_cursor_execute", count)
        counts.append(len(statements))
    html = widget.get_data(as_text=True)
    assert (_count_of(html, "书面警示"), _count_of(html, "口头警示")) == (1, 20)
    assert counts[0] == counts[1]


def test_a_level_carried_from_another_ruleset_is_named(client, login, make, grades, db):
    """A college changes its ruleset (anshan, then liaoning, which does not evaluate a first
    term): the roster of the new term counts the anshan warning it carries under that
    level's name, never its raw code, and offers it in the level filter (issue 16: a level
    is named by the ruleset that gave it)."""
    college = make.college("换规则学院")
    rulesets.assign(college, "anshan")
    student = make.student(make.school_class(make.major(college)), name="换规则生")
    grades(student, "2024-2025-2", [("F0", 4, 20, "regular"), ("F1", 4, 20, "regular")])
    first = compute_run(make.term("2024-2025-2"), rulesets.load("anshan"), college_id=college.id)
    secretary = _publish(first, make, college)
    level = db.session.query(Warning).filter_by(run_id=first.id).one().level
    rulesets.assign(college, "liaoning")
    second = compute_run(make.term("2025-2026-1"), rulesets.load("liaoning"), college_id=college.id)
    _publish(second, make, college)
    db.session.flush()
    login(secretary)
    page = client.get(f"/warnings/?term={make.term('2025-2026-1').id}").get_data(as_text=True)
    counts = page[page.index('class="badge') :]
    name = {"red": "红色预警", "orange": "橙色预警", "yellow": "黄色预警"}[level]
    assert _count_of(counts, name) == 1
    assert not re.search(r">\s*(red|orange|yellow)\s+\d", counts)
    assert f"学业预警 · {name}</option>" in page


def test_roster_lists_the_carried_warning_its_counts_count(client, login, lanzhou_carried):
    """The count "书面警示 1" opens a list with that student in it, marked as carried from the
    earlier roster (not as a change of this one); the summary export lists them too."""
    login(lanzhou_carried["secretary"])
    term = lanzhou_carried["term"].id
    page = client.get(f"/warnings/?term={term}").get_data(as_text=True)
    level = re.search(r'href="[^"]*level=([^"&]+)[^"]*"[^>]*>[^<]*书面警示', page)
    assert level, "the count links to its level"
    listed = client.get(f"/warnings/?term={term}&level={level.group(1)}").get_data(as_text=True)
    rows = listed[listed.index("<tbody>") : listed.index("</tbody>")]
    assert lanzhou_carried["student"].student_no in rows
    assert "carried, since" not in rows  # zh page
    assert "延续，自2024-2025学年第1学期" in rows
    nobody = client.get(f"/warnings/?term={term}&q=nobody-matches").get_data(as_text=True)
    assert lanzhou_carried["student"].student_no not in nobody
