"""A roster recomputed after publication (grade corrections): the published roster and its
notices stay the one listed until a leader approves the newer draft, which is one click away
for who reads drafts; students and their staff never see it."""

from datetime import date

import pytest

from portal.core.models import GradeRecord
from portal.modules.warnings import roster, rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.lifecycle import transition
from portal.modules.warnings.models import Notice

WAITING = "的新名单。下表仍显示已发布的名单"


@pytest.fixture
def recomputed(make, grades, db):
    """甲 and 乙 warned on a published roster (甲 confirmed the notice, 乙's parent copy went
    out); then 甲's make-up is entered and 丙's failed course is corrected: the newer draft
    warns 乙 and 丙, no longer 甲."""
    college = make.college("复算学院")
    school_class = make.school_class(make.major(college), "复算1班")
    jia, yi, bing = (make.student(school_class, name=n) for n in ("甲复算", "乙复算", "丙复算"))
    term = make.term("2024-2025-1")
    for student, score in ((jia, 20), (yi, 30), (bing, 90)):
        grades(student, "2024-2025-1", [("A", 4, score, "regular"), ("B", 10, 90, "regular")])
    secretary = make.user("DV1", role="secretary", scope=college)
    leader = make.user("DV2", role="leader", scope=college)
    published = compute_run(term, rulesets.load("anshan"), college_id=college.id)
    transition(published, "submit", user_id=secretary.id)
    transition(published, "approve", user_id=leader.id)
    db.session.flush()
    notices = {n.student_id: n for n in db.session.query(Notice).filter_by(run_id=published.id)}
    notices[jia.id].state = "confirmed"
    notices[yi.id].parent_sent_on = date(2024, 10, 8)
    grades(jia, "2024-2025-1", [("A", 4, 75, "makeup")])
    bing_a = db.session.query(GradeRecord).filter_by(student_id=bing.id, course_code="A").one()
    bing_a.score, bing_a.score_text, bing_a.passed = 10, "10", False
    db.session.flush()
    draft = compute_run(term, rulesets.load("anshan"), college_id=college.id)
    db.session.flush()
    return dict(
        college=college,
        school_class=school_class,
        term=term,
        published=published,
        draft=draft,
        secretary=secretary,
        leader=leader,
        jia=jia,
        yi=yi,
        bing=bing,
    )


def _page(client, url="/warnings/"):
    return client.get(url).get_data(as_text=True)


def test_secretary_keeps_the_published_roster_and_its_notices_after_a_recompute(
    client, login, recomputed
):
    assert recomputed["draft"].status == "draft"
    login(recomputed["secretary"])
    page = _page(client)
    assert "甲复算" in page and "乙复算" in page and "丙复算" not in page
    assert "学生已确认" in page  # 甲 confirmed the published notice
    assert "家长联已送达" in page  # 乙's parent copy went out
    assert WAITING in page and "roster=draft" in page
    assert "（草稿）的新名单" in page  # says where the newer roster stands
    assert f"/warnings/runs/{recomputed['draft'].id}" in page  # the newest run, one click away


def test_the_draft_is_one_click_away_for_the_secretary(client, login, recomputed):
    login(recomputed["secretary"])
    page = _page(client, "/warnings/?roster=draft")
    assert "丙复算" in page and "乙复算" in page and "甲复算" not in page
    assert WAITING not in page
    assert "显示已发布的名单" in page
    assert "/warnings/notices/print" not in page  # a draft has no notices to print yet
    sorted_page = _page(client, "/warnings/?roster=draft&sort=name")
    assert "丙复算" in sorted_page and "甲复算" not in sorted_page
    fragment = client.get("/warnings/?roster=draft&q=丙复算", headers={"HX-Request": "true"})
    assert "丙复算" in fragment.get_data(as_text=True)


def test_the_draft_run_page_links_to_its_rows(client, login, recomputed):
    login(recomputed["secretary"])
    page = _page(client, f"/warnings/runs/{recomputed['draft'].id}")
    assert "roster=draft" in page
    assert "roster=draft" not in _page(client, f"/warnings/runs/{recomputed['published'].id}")


def test_a_leader_approving_the_draft_makes_it_the_listed_roster(client, login, recomputed):
    draft = recomputed["draft"]
    login(recomputed["secretary"])
    assert client.post(f"/warnings/runs/{draft.id}/submit").status_code == 303
    login(recomputed["leader"])
    page = _page(client)
    assert "甲复算" in page and "丙复算" not in page and WAITING in page
    client.post(f"/warnings/runs/{draft.id}/approve", data={"confirm": "1"})
    assert draft.status == "published"
    login(recomputed["secretary"])
    page = _page(client)
    assert "丙复算" in page and "乙复算" in page and WAITING not in page


def test_a_college_with_only_a_draft_lists_the_draft(client, login, make, grades, recomputed):
    other = make.college("初稿学院")
    student = make.student(make.school_class(make.major(other)), name="丁初稿")
    grades(student, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 10, 90, "regular")])
    compute_run(recomputed["term"], rulesets.load("anshan"), college_id=other.id)
    login(make.user("DV5", role="secretary", scope=other))
    page = _page(client)
    assert "丁初稿" in page and WAITING not in page


def test_students_and_advisors_see_the_published_roster_only(client, login, make, recomputed):
    advisor = make.user("DV3", role="class_advisor", scope=recomputed["school_class"])
    login(advisor)
    for url in ("/warnings/", "/warnings/?roster=draft"):
        page = _page(client, url)
        assert "甲复算" in page and "丙复算" not in page
        assert WAITING not in page and 'name="roster"' not in page
    login(make.student_user(recomputed["bing"]))
    page = client.get("/warnings/?roster=draft", follow_redirects=True).get_data(as_text=True)
    assert "没有学业警示记录" in page


def test_the_profile_shows_the_published_warning_to_the_secretary(client, login, recomputed):
    login(recomputed["secretary"])
    page = _page(client, f"/warnings/students/{recomputed['jia'].id}")
    assert "没有学业警示记录" not in page
    page = _page(client, f"/warnings/students/{recomputed['bing'].id}")
    assert "没有学业警示记录" in page


def test_export_follows_the_roster_shown(client, login, recomputed):
    from io import BytesIO

    from openpyxl import load_workbook

    login(recomputed["secretary"])
    for url, shown, hidden in (
        ("/warnings/export", "甲复算", "丙复算"),
        ("/warnings/export?roster=draft", "丙复算", "甲复算"),
    ):
        response = client.get(url)
        names = {
            row[1]
            for row in load_workbook(BytesIO(response.data)).active.iter_rows(values_only=True)
        }
        assert shown in names and hidden not in names


@pytest.mark.parametrize(
    ("found", "current"),
    [
        # a college's published run stays before its newer draft; a first draft is read
        ({1: (3, 5), 2: (None, 4)}, {1: 3, 2: 4}),
        # a published run over all students stays before a college's own draft
        ({None: (2, 2), 1: (None, 6)}, {None: 2}),
        # a college's published run stays before a newer draft over all students
        ({None: (None, 8), 1: (3, 3)}, {None: 8, 1: 3}),
        # the newer published run wins, whichever it is
        ({None: (7, 9), 1: (3, 3)}, {None: 7}),
        ({None: (2, 2), 1: (5, 6)}, {None: 2, 1: 5}),
        # newest first (no published run asked for): as ever
        ({None: (None, 8), 1: (None, 6)}, {None: 8}),
    ],
)
def test_current_runs_resolve_published_before_drafts(found, current):
    assert roster._resolve(found) == current
