"""Which roster a proposal changes, and what it says (walk findings 1, 9, 10): a proposal is
for the newest term with a roster, a draft included, and the form and the secretary's list
name it; accepted into a draft it is published with it (and kept when the draft is
computed again); accepted into a published roster the student's follow-up counts from that
day; a proposal overtaken by a later term's roster cannot be accepted. The proposals page
names levels and the term; a student added by proposal is told why, the explanation kept
for staff."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from portal.core import dues
from portal.core.models import Notification
from portal.core.standing import of_student
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.lifecycle import transition
from portal.modules.warnings.models import DroppedWarning, Lift, Notice, Proposal, Warning

from ...followup import PUBLISHED, pin_today

T1, T2 = "2024-2025-1", "2024-2025-2"
EXPLANATION = "本学期多次旷课，家中有变故，请勿告诉学生本人"


class Terms:
    """An anshan college: T1's roster published; `draft()` computes T2's."""

    def __init__(self, make, grades, db, client, login):
        self.make, self.db, self.client, self.login = make, db, client, login
        self.college = make.college("提议学期学院")
        rulesets.assign(self.college, "anshan")
        self.school_class = make.school_class(make.major(self.college), "提议1班")
        self.quiet = make.student(self.school_class, name="唐雨")  # never warned by rules
        self.warned = make.student(self.school_class, name="红同学")  # warned in both terms
        for student, score in ((self.quiet, 90), (self.warned, 20)):
            grades(student, T1, [("A", 4, score, "regular"), ("B", 10, 90, "regular")])
            grades(student, T2, [("C", 4, score, "regular"), ("D", 10, 90, "regular")])
        self.secretary = make.user(role="secretary", scope=self.college)
        self.leader = make.user(role="leader", scope=self.college)
        self.advisor = make.user(role="class_advisor", scope=self.school_class, name="黄班主任")
        self.quiet_user = make.student_user(self.quiet)
        self.first = self.compute(T1)
        self.publish(self.first)

    def compute(self, code):
        run = compute_run(self.make.term(code), rulesets.load("anshan"), college_id=self.college.id)
        self.db.session.flush()
        return run

    def publish(self, run):
        transition(run, "submit", user_id=self.secretary.id)
        transition(run, "approve", user_id=self.leader.id)
        self.db.session.flush()

    def term_id(self, code):
        return self.make.term(code).id

    def page(self, user, url, locale="zh_CN"):
        self.login(user)
        self.client.post("/locale", data={"locale": locale})
        return self.client.get(url).get_data(as_text=True)

    def propose(self, student, term_code, **fields):
        self.login(self.advisor)
        data = {
            "action": "add",
            "level": "academic:yellow",
            "reason": "attendance",
            "explanation": EXPLANATION,
            "term": self.term_id(term_code),
        }
        return self.client.post(f"/warnings/students/{student.id}/propose", data={**data, **fields})

    def decide(self, decision="accept", locale="zh_CN"):
        proposal = self.db.session.scalars(select(Proposal).order_by(Proposal.id.desc())).first()
        self.login(self.secretary)
        self.client.post("/locale", data={"locale": locale})
        response = self.client.post(
            f"/warnings/proposals/{proposal.id}/decide",
            data={"decision": decision, "note": "同意，加入本学期名单。"},
            follow_redirects=True,
        )
        self.db.session.expire_all()
        return proposal, response.get_data(as_text=True)


@pytest.fixture
def terms(make, grades, db, client, login):
    return Terms(make, grades, db, client, login)


def _on(run, student):
    return (
        select(Warning)
        .where(Warning.run_id == run.id, Warning.student_id == student.id)
        .where(Warning.removed_at.is_(None))
    )


# -- finding 1: the roster a proposal is for --------------------------------------------------


def test_finding_1_a_proposal_while_the_next_roster_is_a_draft_goes_into_that_draft(terms, app, db):
    draft = terms.compute(T2)
    form = terms.page(terms.advisor, f"/warnings/students/{terms.quiet.id}/propose")
    # The form names the term whose roster is being drawn up, not last term's published one.
    assert "2024-2025学年第2学期" in form and "2024-2025学年第1学期" not in form
    assert f'name="term" type="hidden" value="{draft.term_id}"' in form
    english = terms.page(terms.advisor, f"/warnings/students/{terms.quiet.id}/propose", "en")
    assert "which the college is drawing up" in english

    assert terms.propose(terms.quiet, T2).status_code == 303
    terms.decide()
    # Into the draft, not onto the published roster of the term before.
    added = db.session.scalars(_on(draft, terms.quiet)).one()
    assert added.source == "proposal" and added.added_by_proposal_id is not None
    assert db.session.scalars(_on(terms.first, terms.quiet)).first() is None
    assert not db.session.query(Notice).filter_by(student_id=terms.quiet.id).count()

    # Published with the draft: a notice with everyone's, warned at T2, nothing to lift.
    terms.publish(draft)
    notice = db.session.query(Notice).filter_by(student_id=terms.quiet.id).one()
    assert notice.run_id == draft.id
    with app.test_request_context():
        [standing] = of_student(terms.quiet.id)
    assert (standing.state, standing.since_term) == ("warned", T2)
    assert not db.session.scalar(
        select(Lift.id).join(Warning).where(Warning.student_id == terms.quiet.id)
    )
    assert "唐雨" not in terms.page(terms.secretary, "/warnings/lifting")


def test_finding_1_a_proposal_overtaken_by_a_later_terms_roster_cannot_be_accepted(terms, db):
    assert terms.propose(terms.quiet, T1).status_code == 303  # T1 is the newest roster
    terms.compute(T2)  # then the next term's roster is computed
    page = terms.page(terms.secretary, "/warnings/proposals", "en")
    assert "can only be rejected" in page and 'value="accept"' not in page
    proposal, said = terms.decide(locale="en")
    assert "a roster that no longer counts" in said
    assert proposal.decision == "pending"
    assert not db.session.query(Warning).filter_by(source="proposal").count()
    proposal, _said = terms.decide("reject")
    assert proposal.decision == "rejected"


def test_finding_1_the_form_refuses_a_proposal_for_a_term_it_no_longer_names(terms, db):
    terms.login(terms.advisor)
    terms.client.post("/locale", data={"locale": "en"})
    terms.compute(T2)  # computed while the advisor had the form for T1 open
    response = terms.propose(terms.quiet, T1)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "the proposal is now for the term named above" in page
    assert f'value="{terms.term_id(T2)}"' in page  # sending again proposes for T2
    assert not db.session.query(Proposal).count()
    assert terms.propose(terms.quiet, T2).status_code == 303


def test_finding_1_a_student_added_to_a_published_roster_is_followed_up_from_that_day(
    app, make, login, client, db, followup, monkeypatch
):
    """Added weeks after publication: the first talk is not overdue at once, and the warning
    dates from the day it was accepted (core.standing, the due lists)."""
    added_on = PUBLISHED + timedelta(days=70)
    newcomer = make.student(followup.school_class, name="补充同学")
    make.grade(newcomer, followup.run.term, "A", 20, 90)
    secretary = make.user(role="secretary", scope=followup.school_class.major.college)
    login(followup.advisor)
    client.post(
        f"/warnings/students/{newcomer.id}/propose",
        data={
            "action": "add",
            "level": "academic:yellow",
            "reason": "attendance",
            "explanation": "x",
            "term": followup.run.term_id,
        },
    )
    proposal = db.session.query(Proposal).one()
    login(secretary)
    client.post(f"/warnings/proposals/{proposal.id}/decide", data={"decision": "accept"})
    db.session.refresh(proposal)
    proposal.decided_at = datetime.combine(added_on, datetime.min.time()) + timedelta(hours=3)
    db.session.flush()
    pin_today(monkeypatch, added_on + timedelta(days=1))
    with app.test_request_context():
        [standing] = of_student(newcomer.id)
        assert standing.since == added_on and standing.renewed == added_on
        owed = {
            o.student.id: o.due
            for o in dues.due_for(followup.counselor, "talk", today=added_on + timedelta(days=1))
            + dues.upcoming_for(followup.counselor, "talk", today=added_on + timedelta(days=1))
        }
        # The students of the roster's publication owe theirs from then; the newcomer from
        # the day added, so nothing of theirs is overdue the day after.
        assert owed[newcomer.id].due_on > added_on
        assert owed[newcomer.id].state != "overdue"
        assert owed[followup.red.id].state == "overdue"  # published in September


def test_a_roster_computed_again_keeps_the_terms_accepted_proposals(terms, db):
    """Accepted into a draft that is then computed again (make-up grades): the decision
    stands for the term, rather than being dropped without a word."""
    draft = terms.compute(T2)
    terms.propose(terms.quiet, T2)
    terms.decide()
    terms.propose(
        terms.warned, T2, action="remove", level="", reason="status_changed", explanation="已转专业"
    )
    terms.decide()
    again = terms.compute(T2)
    carried = db.session.scalars(_on(again, terms.quiet)).one()
    assert carried.source == "proposal" and carried.level == "yellow"
    assert carried.change == "same"  # as the previous run of the term gave it
    assert db.session.scalars(_on(again, terms.warned)).first() is None
    assert db.session.query(Warning).filter_by(run_id=again.id, student_id=terms.warned.id).count()
    dropped = db.session.query(DroppedWarning).filter_by(run_id=again.id).all()
    assert terms.quiet.id not in {d.student_id for d in dropped}
    assert draft.id != again.id


def test_a_removal_from_a_draft_is_checked_when_accepted_not_shown_to_the_proposer(terms, db):
    """The advisor reads no draft: a refusal would tell them who is on it."""
    terms.compute(T2)
    response = terms.propose(
        terms.quiet, T2, action="remove", level="", reason="grades_corrected", explanation="x"
    )
    assert response.status_code == 303
    proposal, said = terms.decide(locale="en")
    assert "not on the roster" in said and proposal.decision == "pending"


def test_a_student_warned_last_term_and_added_again_is_continuing_not_new(terms, make, db):
    """Warned at T1, not by T2's rules (passed), added at the same level by proposal."""
    passed = make.student(terms.school_class, name="回升同学")
    make.grade(passed, make.term(T1), "A", 1, 40)
    make.grade(passed, make.term(T1), "B", 19, 90)
    make.grade(passed, make.term(T2), "C", 20, 90)
    first = terms.compute(T1)  # a corrected T1 roster warning them yellow
    terms.publish(first)
    draft = terms.compute(T2)
    terms.propose(passed, T2)
    terms.decide()
    added = db.session.scalars(_on(draft, passed)).one()
    assert added.since_last_term == "continuing"


# -- finding 9: the proposals page in words --------------------------------------------------


def test_finding_9_proposals_name_the_level_and_the_term(terms, db):
    terms.compute(T2)
    terms.propose(terms.quiet, T2)
    page = terms.page(terms.secretary, "/warnings/proposals")
    assert "学业预警 · 黄色预警" in page and "academic/yellow" not in page
    assert "2024-2025学年第2学期" in page
    english = terms.page(terms.secretary, "/warnings/proposals", "en")
    assert "Academic warning · Yellow warning" in english
    assert "not yet published: accepted, the change becomes part of it" in english
    terms.decide()
    decided = terms.page(terms.secretary, "/warnings/proposals")
    assert "学业预警 · 黄色预警" in decided and "2024-2025学年第2学期" in decided
    mine = terms.page(terms.advisor, "/warnings/proposals/mine")
    assert "学业预警 · 黄色预警" in mine and "2024-2025学年第2学期" in mine


def test_finding_9_a_proposal_for_a_published_roster_says_it_applies_at_once(terms):
    terms.propose(terms.quiet, T1)
    english = terms.page(terms.secretary, "/warnings/proposals", "en")
    assert "For the published roster of" in english and "applies at once" in english


# -- finding 10: why a student added by proposal is warned -----------------------------------


@pytest.fixture
def added(terms, db):
    """唐雨 added to T1's published roster for attendance."""
    terms.propose(terms.quiet, T1)
    terms.decide()
    terms.notice = db.session.query(Notice).filter_by(student_id=terms.quiet.id).one()
    return terms


def test_finding_10_the_student_is_told_the_reason_not_the_advisors_explanation(added):
    url = f"/warnings/students/{added.quiet.id}"
    own = added.page(added.quiet_user, url)
    assert "考勤" in own and EXPLANATION not in own
    assert "触发的条件" not in own  # no empty list of conditions
    english = added.page(added.quiet_user, url, "en")
    assert "Added by the college after review" in english and "Attendance" in english
    assert "so that you get help early" in english and "not a punishment" in english
    notice = added.page(added.quiet_user, f"/warnings/notices/{added.notice.id}")
    assert "经学院审核后列入名单。" in notice and "考勤" in notice
    assert EXPLANATION not in notice


def test_finding_10_staff_who_propose_and_decide_read_the_explanation(added):
    url = f"/warnings/students/{added.quiet.id}"
    for user in (added.advisor, added.secretary, added.leader):
        page = added.page(user, url, "en")
        assert "Added by the college after review" in page and EXPLANATION in page, user
        assert "Attendance" in page and "Conditions that applied" not in page
    roster = added.page(added.secretary, "/warnings/?q=唐雨", "en")
    assert "Added by the college after review: Attendance" in roster


def test_finding_10_the_parent_copy_gives_the_reason(added):
    printed = added.page(added.secretary, f"/warnings/notices/{added.notice.id}/print")
    assert "经学院审核后列入名单。" in printed and "考勤" in printed
    assert EXPLANATION not in printed


# -- the migration ---------------------------------------------------------------------------


def test_migration_links_warnings_added_by_proposal_to_their_proposal(app, added, db):
    from ...migration_step import migration, run_step

    warning = db.session.query(Warning).filter_by(source="proposal").one()
    proposal_id = warning.added_by_proposal_id
    warning.added_by_proposal_id = None
    db.session.flush()
    run_step(db, migration(app, "a5d3e1f7c902")._backfill)
    assert db.session.get(Warning, warning.id).added_by_proposal_id == proposal_id


def test_the_proposer_still_hears_the_decision(terms, db):
    terms.compute(T2)
    terms.propose(terms.quiet, T2)
    terms.decide()
    told = db.session.query(Notification).filter_by(user_id=terms.advisor.id).one()
    assert "accepted" in told.message
