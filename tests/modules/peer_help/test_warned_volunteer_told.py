"""A volunteer warned after being selected (walk finding 19 flagged them on staff pages): the
staff who manage them (peer_help.manage over them: their counselor, the college's
secretary) are told in the portal when the roster that warns them is published, once a
term; not for a draft or a submitted roster, not again when the term's roster is published
again; nobody else hears (warnings publishes, peer help listens: the core's signal)."""

import pytest

from portal.core.models import Notification
from portal.modules.peer_help.models import Volunteer
from portal.modules.peer_help.volunteers import WARNED_VOLUNTEER
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.models import Run

from .conftest import activate

ENGLISH = (
    "Peer volunteer 志愿者甲 is on the academic warning roster of 2025–2026 term 2: please "
    "look in on their peer-help arrangements."
)


def told(db) -> list[Notification]:
    return db.session.query(Notification).filter_by(message=WARNED_VOLUNTEER).all()


class Roster:
    """The followup term's roster computed again (the volunteer's failed course among its
    grades), submitted by the secretary and approved by the college's leader, by their pages."""

    def __init__(self, make, db, client, login, followup, peer):
        self.db, self.client, self.login = db, client, login
        self.followup, self.peer = followup, peer
        self.college = followup.school_class.major.college
        self.leader = make.user(role="leader", scope=self.college)

    def compute(self) -> Run:
        run = compute_run(
            self.followup.run.term, rulesets.load("anshan"), college_id=self.college.id
        )
        self.db.session.commit()
        return run

    def submit(self, run: Run) -> None:
        self.login(self.peer.secretary)
        self.client.post(f"/warnings/runs/{run.id}/submit")

    def approve(self, run: Run) -> None:
        self.login(self.leader)
        self.client.post(f"/warnings/runs/{run.id}/approve", data={"confirm": "1"})
        self.db.session.expire_all()
        assert self.db.session.get(Run, run.id).status == "published"


@pytest.fixture
def roster(make, db, client, login, followup, peer):
    """An active volunteer who has since failed a course of the followup term."""
    activate(client, login, db, followup, peer)
    make.grade(peer.volunteer_student, followup.run.term, "C", credits=10, score=30)
    db.session.commit()
    return Roster(make, db, client, login, followup, peer)


def test_their_staff_are_told_when_the_roster_is_published_not_before(db, roster):
    run = roster.compute()
    assert not told(db)  # a draft tells no one
    roster.submit(run)
    assert not told(db)  # nor a roster waiting for approval
    roster.approve(run)
    notes = told(db)
    assert {n.user_id for n in notes} == {roster.followup.counselor.id, roster.peer.secretary.id}
    volunteer = db.session.query(Volunteer).one()
    for note in notes:
        assert note.params == {"name": "志愿者甲", "term": "2025-2026-2"}
        assert note.link == f"/peer-help/volunteers/{volunteer.id}"


def test_nobody_else_hears(db, roster):
    run = roster.compute()
    roster.submit(run)
    roster.approve(run)
    others = {
        roster.followup.advisor.id,  # reads volunteers (peer_help.staff), does not manage them
        roster.leader.id,
        roster.peer.volunteer_user.id,
        roster.peer.mentee_user.id,
    }
    assert not {n.user_id for n in told(db)} & others


def test_a_roster_of_the_term_published_again_tells_nobody_twice(db, roster):
    first = roster.compute()
    roster.submit(first)
    roster.approve(first)
    again = roster.compute()  # a correction of the same term, the volunteer still on it
    roster.submit(again)
    roster.approve(again)
    assert len(told(db)) == 2


def test_the_staff_read_supportive_words_in_their_language(db, client, roster):
    run = roster.compute()
    roster.submit(run)
    roster.approve(run)
    roster.login(roster.followup.counselor)
    client.post("/locale", data={"locale": "en"})
    page = client.get("/notifications/").get_data(as_text=True)
    assert ENGLISH in page


def test_a_volunteer_not_on_the_roster_is_not_mentioned(db, make, roster):
    """Their failed course corrected before the roster is computed again: not warned."""
    from portal.core.models import GradeRecord

    failed = db.session.query(GradeRecord).filter_by(course_name="课程C").one()
    failed.score, failed.score_text, failed.passed = 80, "80", True
    db.session.commit()
    run = roster.compute()
    roster.submit(run)
    roster.approve(run)
    assert not told(db)
