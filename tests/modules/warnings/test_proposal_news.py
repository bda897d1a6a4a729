"""Who hears of a proposal (an outside tester's findings 1 and 4): the teaching secretary who
decides is told of each proposal and finds those waiting on their home card, as they are of
an objection; the proposer opens the decision from its notification, and hears later when
the warning their accepted proposal gave is withdrawn after the student's objection or
dropped by a corrected roster, which 我的提议 (my proposals) then says."""

import pytest
from sqlalchemy import select

from portal.core.models import Notification
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.models import Notice, Proposal

from .test_objection_answers import answer, object_to
from .test_proposal_terms import T1, Terms

CARD = "Proposals waiting for your decision"
WITHDRAWN = "accepted; withdrawn after the student&#39;s objection"
DROPPED = "accepted; no longer on the corrected roster"


@pytest.fixture
def terms(make, grades, db, client, login):
    """T1's roster published; a counselor of the class, and a secretary of another college."""
    found = Terms(make, grades, db, client, login)
    found.counselor = make.user(role="counselor", scope=found.school_class, name="蓝辅导员")
    found.stranger = make.user(role="secretary", scope=make.college("别院"))
    return found


def counselor_proposes_removal(terms, reason="grades_corrected"):
    """The class's counselor proposes removing 红同学 from T1's roster, as the removal form
    posts it (no level)."""
    terms.login(terms.counselor)
    return terms.client.post(
        f"/warnings/students/{terms.warned.id}/propose",
        data={
            "action": "remove",
            "reason": reason,
            "explanation": "成绩录入有误，已更正",
            "term": terms.term_id(T1),
        },
    )


def _told(db, user) -> list[Notification]:
    """What the user was told of proposals (not of the roster's publication)."""
    return db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id, Notification.link.like("/warnings/proposals%"))
        .order_by(Notification.id)
    ).all()


def _newest(db) -> Proposal:
    return db.session.scalars(select(Proposal).order_by(Proposal.id.desc())).first()


# -- finding 1: the secretary is told, and finds them on the home page ---------------------


def test_the_secretary_is_told_of_each_proposal_and_nobody_else(terms, db):
    assert terms.propose(terms.quiet, T1).status_code == 303
    proposal = _newest(db)
    [told] = _told(db, terms.secretary)
    assert told.link == f"/warnings/proposals#proposal-{proposal.id}"
    for other in (terms.stranger, terms.leader, terms.advisor, terms.counselor):
        assert not _told(db, other), other
    page = terms.page(terms.secretary, "/notifications/", "en")
    assert (
        "黄班主任 (Class advisor) proposes adding 唐雨 to the warning roster of 2024–2025 term 1."
        in page
    )
    chinese = terms.page(terms.secretary, "/notifications/")
    assert "2024-2025学年第1学期" in chinese and "班主任" in chinese
    # Opened, it leads to the proposal on the secretary's list.
    listed = terms.page(terms.secretary, "/warnings/proposals")
    assert f'id="proposal-{proposal.id}"' in listed


def test_one_notification_a_proposal_and_the_removal_in_its_own_words(terms, db):
    terms.propose(terms.quiet, T1)
    assert counselor_proposes_removal(terms).status_code == 303
    assert len(_told(db, terms.secretary)) == 2
    page = terms.page(terms.secretary, "/notifications/", "en")
    assert "蓝辅导员 (Counselor) proposes removing 红同学 from the warning roster of" in page


def test_the_secretarys_home_card_lists_the_proposals_waiting(terms, db):
    assert CARD not in terms.page(terms.secretary, "/", "en")  # none waits: no card
    terms.propose(terms.quiet, T1)
    first = _newest(db)
    terms.propose(terms.warned, T1, action="remove", reason="makeup_passed", level="")
    home = terms.page(terms.secretary, "/", "en")
    assert CARD in home and "2 proposals wait for your decision." in home
    card = home.split(CARD)[1]
    assert "唐雨" in card and "红同学" in card and "提议1班" in card
    assert "Add to the roster" in card and "Remove from the roster" in card
    assert "黄班主任 (Class advisor)" in card
    assert f'href="/warnings/proposals#proposal-{first.id}"' in card
    assert 'href="/warnings/proposals"' in card
    # Only in the secretary's scope, and only for those who decide.
    assert CARD not in terms.page(terms.stranger, "/", "en")
    assert CARD not in terms.page(terms.advisor, "/", "en")
    terms.decide("reject")
    assert "1 proposal waits for your decision." in terms.page(terms.secretary, "/", "en")
    terms.login(terms.secretary)
    terms.client.post(f"/warnings/proposals/{first.id}/decide", data={"decision": "reject"})
    assert CARD not in terms.page(terms.secretary, "/", "en")


# -- finding 4: the proposer opens the decision and hears what became of it ----------------


@pytest.fixture
def added(terms, db):
    """唐雨 added to T1's published roster on the advisor's proposal, and given a notice."""
    terms.propose(terms.quiet, T1)
    terms.proposal, _said = terms.decide()
    terms.notice = db.session.scalars(
        select(Notice).where(Notice.student_id == terms.quiet.id)
    ).one()
    return terms


def test_the_decision_links_to_the_proposal(added, db):
    [told] = _told(db, added.advisor)
    assert told.link == f"/warnings/proposals/mine#proposal-{added.proposal.id}"
    page = added.page(added.advisor, "/notifications/", "en")
    assert "Your proposal to add 唐雨 to the roster of 2024–2025 term 1 was accepted." in page
    assert "Open" in page
    mine = added.page(added.advisor, "/warnings/proposals/mine")
    assert f'id="proposal-{added.proposal.id}"' in mine
    assert f'href="/warnings/students/{added.quiet.id}"' in mine  # the student's page


def test_the_proposer_hears_when_the_warning_is_withdrawn_after_an_objection(added, db):
    object_to(added.client, added.login, added.quiet_user, added.notice, "我一直按时上课")
    answer(added.client, added.login, added.secretary, added.notice, "withdraw", "核实无误", db)
    decision, withdrawn = _told(db, added.advisor)
    assert withdrawn.link == f"/warnings/proposals/mine#proposal-{added.proposal.id}"
    page = added.page(added.advisor, "/notifications/", "en")
    assert (
        "唐雨, whom your proposal added to the roster of 2024–2025 term 1, objected to the "
        "notice, and the warning was withdrawn." in page
    )
    mine = added.page(added.advisor, "/warnings/proposals/mine", "en")
    assert WITHDRAWN in mine
    row = added.page(added.advisor, "/warnings/proposals/mine").split("唐雨")[1]
    assert "<td>已同意；学生申诉后已撤销</td>" in row and "<td>已同意</td>" not in row


def test_an_upheld_objection_tells_the_proposer_nothing_more(added, db):
    object_to(added.client, added.login, added.quiet_user, added.notice, "我一直按时上课")
    answer(added.client, added.login, added.secretary, added.notice, "uphold", "考勤记录属实", db)
    assert len(_told(db, added.advisor)) == 1  # the decision only
    mine = added.page(added.advisor, "/warnings/proposals/mine", "en")
    assert WITHDRAWN not in mine and DROPPED not in mine and "accepted" in mine


def test_the_proposer_hears_when_a_corrected_roster_drops_the_warning(added, db):
    """T1 computed again under a ruleset without the level proposed: the addition is not
    carried, and publishing withdraws the student's notice."""
    again = compute_run(added.make.term(T1), rulesets.load("shaoxing"), college_id=added.college.id)
    added.publish(again)
    db.session.refresh(added.notice)
    assert added.notice.state == "dropped"
    decision, dropped = _told(db, added.advisor)
    assert dropped.link == f"/warnings/proposals/mine#proposal-{added.proposal.id}"
    page = added.page(added.advisor, "/notifications/", "en")
    assert (
        "The corrected roster of 2024–2025 term 1 no longer lists 唐雨, whom your proposal added."
        in page
    )
    assert DROPPED in added.page(added.advisor, "/warnings/proposals/mine", "en")


def test_a_roster_computed_again_that_keeps_the_addition_tells_nobody(added, db):
    again = added.compute(T1)
    added.publish(again)
    assert len(_told(db, added.advisor)) == 1
    mine = added.page(added.advisor, "/warnings/proposals/mine", "en")
    assert WITHDRAWN not in mine and DROPPED not in mine
