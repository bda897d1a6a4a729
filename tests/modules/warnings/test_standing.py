"""The warnings module tells the core who is warned now: each college's latest published
roster, whatever the other colleges have published since."""

from portal.core import standing
from portal.core.models import Student
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run

from ...followup import PUBLISHED


def current(app, student):
    with app.test_request_context():
        return standing.current(Student.id == student.id).get(student.id, [])


def test_a_published_warning_is_current_with_its_publication_date(app, followup):
    [held] = current(app, followup.red)
    assert (held.level, held.label, held.most_severe, held.since) == (
        "red",
        "红色预警",
        True,
        PUBLISHED,
    )
    assert [s.most_severe for s in current(app, followup.orange)] == [False]


def test_another_colleges_newer_term_does_not_hide_this_colleges_roster(
    app, make, db, grades, followup
):
    other = make.student(make.school_class(make.major(make.college())))
    grades(other, "2026-2027-1", [("A", 10, 30, "regular")])
    with app.test_request_context():
        compute_run(
            make.term("2026-2027-1"), rulesets.load("anshan"), college_id=other.college_id
        ).status = "published"
        db.session.flush()
    assert [s.level for s in current(app, followup.red)] == ["red"]
    assert current(app, other) != []


def test_drafts_are_not_current(app, make, db, followup):
    with app.test_request_context():
        followup.run.status = "draft"
        db.session.flush()
    assert current(app, followup.red) == []
