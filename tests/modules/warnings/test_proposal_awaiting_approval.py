"""A proposal about a roster submitted for approval waits for the leader's answer (gxu
二.2(1), workflows.md §1: the advisors supplement the roster before the leaders approve it):
it can be made, but the secretary is offered no decision and a forged one is refused,
nothing written; the roster returned or published, it is decided as before."""

import pytest
from sqlalchemy import select

from portal.core.models import AuditEvent, Notification
from portal.modules.warnings.lifecycle import transition
from portal.modules.warnings.models import Notice, Warning

from .test_proposal_terms import T2, Terms

WAITING = "which is waiting for approval: decide once it is returned or published"
REFUSED = "is waiting for approval: decide on the proposal once the roster is returned"


@pytest.fixture
def submitted(make, grades, db, client, login):
    """T2's roster computed and submitted; the advisor proposes adding 唐雨 to it."""
    terms = Terms(make, grades, db, client, login)
    terms.draft = terms.compute(T2)
    transition(terms.draft, "submit", user_id=terms.secretary.id)
    db.session.commit()
    assert terms.propose(terms.quiet, T2).status_code == 303
    return terms


def _added(db, run, student) -> list[Warning]:
    return db.session.scalars(
        select(Warning).where(
            Warning.run_id == run.id, Warning.student_id == student.id, Warning.source == "proposal"
        )
    ).all()


def test_the_secretary_reads_why_and_is_offered_no_decision(submitted):
    page = submitted.page(submitted.secretary, "/warnings/proposals", "en")
    assert WAITING in page and "2024–2025 term 2" in page
    assert "/decide" not in page and 'value="accept"' not in page
    chinese = submitted.page(submitted.secretary, "/warnings/proposals")
    assert "唐雨" in chinese and "/decide" not in chinese


@pytest.mark.parametrize("decision", ["accept", "reject"])
def test_a_forged_decision_is_refused_and_nothing_is_written(submitted, db, decision):
    proposal, said = submitted.decide(decision, locale="en")
    assert REFUSED in said
    assert proposal.decision == "pending" and proposal.decided_at is None
    assert not _added(db, submitted.draft, submitted.quiet)
    assert not db.session.query(Notification).filter_by(user_id=submitted.advisor.id).count()
    assert not db.session.query(AuditEvent).filter(AuditEvent.action.like("proposal_%")).count()
    assert submitted.draft.status == "submitted"


def test_returned_the_roster_takes_the_proposal_as_a_draft_does(submitted, db):
    transition(submitted.draft, "return", user_id=submitted.leader.id, comment="请核对")
    db.session.commit()
    page = submitted.page(submitted.secretary, "/warnings/proposals", "en")
    assert WAITING not in page and 'value="accept"' in page
    proposal, _said = submitted.decide()
    assert proposal.decision == "accepted"
    assert _added(db, submitted.draft, submitted.quiet)
    assert not db.session.query(Notice).filter_by(student_id=submitted.quiet.id).count()


def test_published_the_roster_takes_the_proposal_at_once(submitted, db):
    transition(submitted.draft, "approve", user_id=submitted.leader.id)
    db.session.commit()
    page = submitted.page(submitted.secretary, "/warnings/proposals", "en")
    assert "For the published roster of" in page and 'value="accept"' in page
    proposal, _said = submitted.decide()
    assert proposal.decision == "accepted"
    assert _added(db, submitted.draft, submitted.quiet)
    notice = db.session.query(Notice).filter_by(student_id=submitted.quiet.id).one()
    assert notice.run_id == submitted.draft.id
