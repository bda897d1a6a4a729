"""A term walked on the proposals (an outside tester's findings): a student an accepted
removal takes off a published roster, warned the term before, has their lifting proposed as
publication proposes it (on the lifting page, for the secretary to confirm); a proposal that
would change nothing, or clash with one waiting, is refused and the form says where the
student stands; a removal's card says what a removal does; the proposer's news of a
decision names the student, the action and the term."""

from sqlalchemy import select

from portal.core.standing import of_student
from portal.modules.warnings.models import Lift, Proposal, Warning

from .test_proposal_news import terms  # noqa: F401  (a fixture)
from .test_proposal_terms import T1, T2


def _removal(terms, student, term_code):
    return terms.propose(
        student,
        term_code,
        action="remove",
        level="",
        reason="grades_corrected",
        explanation="成绩录入有误，已更正",
    )


def _lifts_of(db, student) -> list[Lift]:
    return db.session.scalars(
        select(Lift).join(Lift.warning).where(Warning.student_id == student.id)
    ).all()


# -- finding 1: an accepted removal proposes the lifting, as publication does ----------------


def test_a_student_removed_from_the_published_roster_after_a_warned_term_awaits_lifting(
    terms, app, db
):
    terms.publish(terms.compute(T2))  # 红同学 warned at T1 and again at T2
    assert not _lifts_of(db, terms.warned)
    assert _removal(terms, terms.warned, T2).status_code == 303
    terms.decide()
    with app.test_request_context():
        [standing] = of_student(terms.warned.id)
    assert standing.state == "lifting_proposed"
    # The mark the student's page shows has its proposal on the lifting page.
    [lift] = _lifts_of(db, terms.warned)
    assert lift.warning.run_id == terms.first.id and lift.confirmed_at is None
    page = terms.page(terms.secretary, "/warnings/lifting", "en")
    assert "红同学" in page and f'value="{lift.id}"' in page
    assert "taken off the roster" in page


def _recovered(terms, make):
    """A student warned at T1 whom T2's published roster no longer warns: their lifting is
    proposed at T2."""
    student = make.student(terms.school_class, name="回升同学")
    make.grade(student, make.term(T1), "A", 4, 20)
    make.grade(student, make.term(T1), "B", 10, 90)
    make.grade(student, make.term(T2), "C", 14, 90)
    terms.publish(terms.compute(T1))  # T1 corrected: it now lists the student too
    terms.publish(terms.compute(T2))
    return student


def test_a_student_added_again_at_the_term_of_their_lifting_is_not_offered_for_lifting(
    terms, make, app, db
):
    student = _recovered(terms, make)
    [lift] = _lifts_of(db, student)
    assert "回升同学" in terms.page(terms.secretary, "/warnings/lifting")
    assert terms.propose(student, T2, reason="attitude").status_code == 303
    terms.decide()
    with app.test_request_context():
        [standing] = of_student(student.id)
    assert standing.state == "warned"
    # Confirming the old lifting would tell a student just given a notice that it ended.
    assert not _lifts_of(db, student)
    assert "回升同学" not in terms.page(terms.secretary, "/warnings/lifting")
    # Taken off again, the lifting is proposed again, now for the removal.
    _removal(terms, student, T2)
    terms.decide()
    [again] = _lifts_of(db, student)
    assert again.reason == "removed" and again.warning_id == lift.warning_id


# -- finding 2: a proposal that changes nothing, or clashes with one waiting -----------------


def _proposals(db) -> list[Proposal]:
    return db.session.scalars(select(Proposal).order_by(Proposal.id)).all()


def test_an_addition_at_the_level_the_roster_gives_is_refused_another_level_is_not(terms, db):
    terms.client.post("/locale", data={"locale": "en"})
    refused = terms.propose(terms.warned, T1, level="academic:red")  # red on T1's roster
    assert refused.status_code == 422
    assert "already on the roster at this level" in refused.get_data(as_text=True)
    assert not _proposals(db)
    # Another level asks for a change of level: sent.
    assert terms.propose(terms.warned, T1, level="academic:yellow").status_code == 303
    assert _removal(terms, terms.quiet, T1).status_code == 422  # not on it: nothing to remove
    assert len(_proposals(db)) == 1


def test_a_proposal_clashing_with_one_waiting_is_refused_and_names_it(terms, db):
    from .test_proposal_news import counselor_proposes_removal

    assert counselor_proposes_removal(terms).status_code == 303
    terms.client.post("/locale", data={"locale": "en"})
    for clash in (
        terms.propose(terms.warned, T1, level="academic:yellow"),
        _removal(terms, terms.warned, T1),
    ):
        page = clash.get_data(as_text=True)
        assert clash.status_code == 422
        assert "already waiting for the teaching secretary" in page
        assert "Remove from the roster, proposed by 蓝辅导员 (Counselor) on" in page
    assert len(_proposals(db)) == 1
    # Two additions of one student in one category clash too; decided, the next is sent.
    assert terms.propose(terms.quiet, T1).status_code == 303
    second = terms.propose(terms.quiet, T1, level="academic:orange")
    assert second.status_code == 422
    assert "Add to the roster: Academic warning · Yellow warning" in second.get_data(as_text=True)
    terms.decide("reject")
    assert terms.propose(terms.quiet, T1, level="academic:orange").status_code == 303


def test_additions_in_two_categories_do_not_clash():
    from portal.modules.warnings.proposals import clashing

    degree = Proposal(action="add", category="degree", level="warning")
    assert clashing([degree], "add", "demotion") is None
    assert clashing([degree], "add", "degree") is degree
    assert clashing([degree], "remove", None) is degree


def test_the_form_says_where_the_student_stands_on_the_roster(terms, db):
    url = "/warnings/students/{}/propose"
    page = terms.page(terms.advisor, url.format(terms.warned.id), "en")
    assert "On this roster: Academic warning · Red warning." in page
    assert "Standing now" in page  # and their standing, since when
    assert "Not on this roster." in terms.page(terms.advisor, url.format(terms.quiet.id), "en")
    terms.propose(terms.quiet, T1)
    page = terms.page(terms.advisor, url.format(terms.quiet.id), "en")
    assert (
        "decision: Add to the roster: Academic warning · Yellow warning, proposed by 黄班主任"
        " (Class advisor) on" in page
    )
    # A draft's contents are not the advisor's to read.
    terms.compute(T2)
    page = terms.page(terms.advisor, url.format(terms.warned.id), "en")
    assert "Whom this roster lists is shown once it is published." in page
    assert "On this roster" not in page and "Not on this roster" not in page


def test_an_addition_to_a_draft_at_the_level_it_gives_can_only_be_rejected(terms, db):
    """The advisor reads no draft, so is not refused; the secretary is, and rejects."""
    terms.compute(T2)  # warns 红同学 red again
    assert terms.propose(terms.warned, T2, level="academic:red").status_code == 303
    proposal, said = terms.decide(locale="en")
    assert "already gives the student the level proposed" in said
    assert proposal.decision == "pending"
    assert not db.session.query(Warning).filter_by(source="proposal").count()


# -- finding 3: a removal's card says what a removal does ------------------------------------


def _card(page: str, proposal: Proposal) -> str:
    return page.split(f'id="proposal-{proposal.id}"')[1].split("</section>")[0]


def test_a_removal_card_says_the_notice_is_withdrawn_and_the_lifting_awaits(terms, db):
    terms.propose(terms.quiet, T1)
    _removal(terms, terms.warned, T1)
    addition, removal = _proposals(db)
    page = terms.page(terms.secretary, "/warnings/proposals", "en")
    added_card, removed_card = _card(page, addition), _card(page, removal)
    assert "a student added gets their notice now" in added_card
    assert "a student added" not in removed_card
    assert "their notice for the term is withdrawn and they are told" in removed_card
    assert "its lifting waits on the lifting page for your confirmation" in removed_card


# -- finding 4: the proposer's news names the student, the action and the term -------------


def test_the_decision_names_the_student_the_action_and_the_term(terms, db):
    from portal.core.models import Notification

    terms.propose(terms.quiet, T1)
    _removal(terms, terms.warned, T1)
    addition, removal = _proposals(db)
    terms.login(terms.secretary)
    for proposal, decision in ((addition, "accept"), (removal, "reject")):
        terms.client.post(f"/warnings/proposals/{proposal.id}/decide", data={"decision": decision})
    page = terms.page(terms.advisor, "/notifications/", "en")
    assert "Your proposal to add 唐雨 to the roster of 2024–2025 term 1 was accepted." in page
    assert (
        "Your proposal to remove 红同学 from the roster of 2024–2025 term 1 was not accepted."
        in page
    )
    links = {
        n.link
        for n in db.session.scalars(
            select(Notification).where(Notification.user_id == terms.advisor.id)
        )
    }
    for proposal in (addition, removal):
        assert f"/warnings/proposals/mine#proposal-{proposal.id}" in links


def test_a_corrected_roster_warning_the_student_again_takes_back_their_lifting(
    terms, make, app, db
):
    """T2's roster re-published after a late grade warns the student again: the lifting its
    first publication proposed is taken back, not offered (confirming it would tell the
    student, just given a notice, that their warning ended)."""
    student = _recovered(terms, make)
    assert len(_lifts_of(db, student)) == 1
    make.grade(student, make.term(T2), "D", 6, 20)  # a late failed grade at T2
    terms.publish(terms.compute(T2))
    with app.test_request_context():
        [standing] = of_student(student.id)
    assert standing.state == "warned"
    assert not _lifts_of(db, student)
    assert "回升同学" not in terms.page(terms.secretary, "/warnings/lifting")
