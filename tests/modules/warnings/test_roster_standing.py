"""The roster row and the level counts ask the right places (issue 16): a liaoning student
with both notice kinds sees both notices on their roster rows; the staff widget and the
roster's per-level counts count the standing (§6), not the latest roster alone."""

import re

import pytest

from portal.core.models import GradeRecord
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.lifecycle import transition
from portal.modules.warnings.models import Notice


def _publish(run, make, college):
    secretary = make.user(role="secretary", scope=college)
    transition(run, "submit", user_id=secretary.id)
    transition(run, "approve", user_id=make.user(role="leader", scope=college).id)
    return secretary


@pytest.fixture
def liaoning(make, grades, db):
    college = make.college("辽宁名单学院")
    rulesets.assign(college, "liaoning")
    school_class = make.school_class(make.major(college))
    student = make.student(school_class, name="两单同学")
    # 22 credits outstanding (demotion) and a degree-course GPA below 1.6 (degree).
    grades(student, "2024-2025-1", [("A", 12, 30, "regular"), ("B", 4, 90, "regular")])
    grades(student, "2024-2025-2", [("C", 10, 40, "regular"), ("D", 2, 95, "regular")])
    for record in db.session.query(GradeRecord).filter_by(student_id=student.id):
        record.degree_course = True
    run = compute_run(make.term("2024-2025-2"), rulesets.load("liaoning"), college_id=college.id)
    secretary = _publish(run, make, college)
    db.session.flush()
    return dict(student=student, run=run, secretary=secretary, college=college)


def test_roster_row_shows_both_liaoning_notices_with_their_kind(client, login, liaoning, db):
    notices = {n.kind: n for n in db.session.query(Notice).filter_by(
        student_id=liaoning["student"].id)}
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
