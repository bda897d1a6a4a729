"""What the proposal pages say (an outside tester's findings 2, 3, 5 and 6): the secretary's
list names who proposed and in what role; each action has one name on both sides and in
both languages; a removal offers removal's reasons and hint, and the server takes only the
chosen action's reasons; the form tells an advisor that the roster waits for the leaders'
approval rather than that the college is drawing it up."""

import pytest
from sqlalchemy import select

from portal.modules.warnings.lifecycle import transition
from portal.modules.warnings.models import Proposal

from .test_proposal_news import counselor_proposes_removal, terms  # noqa: F401  (terms: a fixture)
from .test_proposal_terms import T1, T2

REMOVAL_REASONS = ("Grades corrected", "Passed the make-up exam", "Change of student status")
ADDITION_REASONS = ("Attitude to study", "Attendance", "Discipline", "Sudden drop in results")
PARENTS_HINT = "The student and their parents are shown the reason."
REMOVAL_HINT = "a student taken off the roster is not shown why"


def _proposals(db) -> list[Proposal]:
    return db.session.scalars(select(Proposal).order_by(Proposal.id)).all()


# -- finding 2: who proposed ------------------------------------------------------------------


def test_the_secretarys_list_names_who_proposed_and_in_what_role(terms, db):
    terms.propose(terms.quiet, T1)
    counselor_proposes_removal(terms)
    page = terms.page(terms.secretary, "/warnings/proposals")
    assert "提议人：黄班主任（班主任）" in page and "提议人：蓝辅导员（辅导员）" in page
    english = terms.page(terms.secretary, "/warnings/proposals", "en")
    assert "黄班主任 (Class advisor)" in english and "蓝辅导员 (Counselor)" in english
    terms.decide("reject")
    decided = terms.page(terms.secretary, "/warnings/proposals").split("已处理")[1]
    assert "蓝辅导员（辅导员）" in decided


# -- finding 3: one word for each action ------------------------------------------------------


def test_each_action_has_one_name_for_the_proposer_and_the_secretary(terms, db):
    terms.propose(terms.quiet, T1)
    terms.propose(terms.warned, T1, action="remove", reason="makeup_passed", level="")
    for locale, add, remove, others in (
        ("zh_CN", "加入名单", "移出名单", ("增补", "移除")),
        ("en", "Add to the roster", "Remove from the roster", (">add<", ">remove<")),
    ):
        for user, url in (
            (terms.secretary, "/warnings/proposals"),
            (terms.advisor, "/warnings/proposals/mine"),
            (terms.advisor, f"/warnings/students/{terms.quiet.id}/propose"),
        ):
            page = terms.page(user, url, locale)
            assert add in page and remove in page, (locale, url)
            assert not any(other in page for other in others), (locale, url)


# -- finding 5: a removal's own reasons -------------------------------------------------------


def test_a_removal_offers_its_own_reasons_and_hint(terms):
    url = f"/warnings/students/{terms.warned.id}/propose"
    removal = terms.page(terms.advisor, url + "?action=remove", "en")
    assert all(reason in removal for reason in REMOVAL_REASONS)
    assert not any(reason in removal for reason in ADDITION_REASONS)
    assert REMOVAL_HINT in removal and PARENTS_HINT not in removal
    assert "the roster changes at once: the student is taken off it, their notice" in removal
    assert "a student added gets their notice" not in removal
    assert 'name="level"' not in removal and 'name="action" type="hidden" value="remove"' in removal
    addition = terms.page(terms.advisor, url, "en")
    assert all(reason in addition for reason in ADDITION_REASONS)
    assert not any(reason in addition for reason in REMOVAL_REASONS)
    assert PARENTS_HINT in addition and REMOVAL_HINT not in addition
    assert 'name="level"' in addition and 'value="add"' in addition


@pytest.mark.parametrize(
    "action, reason",
    [("remove", "attendance"), ("remove", "sudden_drop"), ("add", "grades_corrected")],
)
def test_a_reason_of_the_other_action_is_refused(terms, db, action, reason):
    response = terms.propose(terms.warned, T1, action=action, reason=reason)
    assert response.status_code == 422
    assert not _proposals(db)


def test_a_removal_with_its_reason_is_sent_and_read_in_its_words(terms, db):
    """Posted as the removal form posts it: no level."""
    assert counselor_proposes_removal(terms, "makeup_passed").status_code == 303
    [proposal] = _proposals(db)
    assert (proposal.action, proposal.reason, proposal.level) == ("remove", "makeup_passed", None)
    english = terms.page(terms.secretary, "/warnings/proposals", "en")
    assert "Passed the make-up exam" in english
    assert "Passed the make-up exam" in terms.page(
        terms.counselor, "/warnings/proposals/mine", "en"
    )


def test_an_invalid_removal_by_htmx_comes_back_as_its_form_alone(terms, db):
    """The form block is the form: swapped for the form, it does not repeat the page's
    words about the roster above it."""
    terms.login(terms.advisor)
    response = terms.client.post(
        f"/warnings/students/{terms.warned.id}/propose",
        data={"action": "remove", "reason": "makeup_passed", "explanation": "", "term": ""},
        headers={"HX-Request": "true"},
    )
    body = response.get_data(as_text=True).strip()
    assert response.status_code == 422 and body.startswith("<form")
    assert body.count("For the roster of") + body.count("针对") == 1
    assert 'name="action" type="hidden" value="remove"' in body


# -- finding 6: a roster waiting for approval -------------------------------------------------


def test_the_form_says_the_roster_waits_for_the_leaders_approval(terms, db):
    draft = terms.compute(T2)
    transition(draft, "submit", user_id=terms.secretary.id)
    db.session.commit()
    url = f"/warnings/students/{terms.quiet.id}/propose"
    english = terms.page(terms.advisor, url, "en")
    assert "which is waiting for the college leaders' approval" in english
    assert "which the college is drawing up" not in english
    assert "once the leaders have approved the roster or returned it" in english
    assert "学院正在编制" not in terms.page(terms.advisor, url)
    transition(draft, "return", user_id=terms.leader.id, comment="请核对")
    db.session.commit()
    assert "which the college is drawing up" in terms.page(terms.advisor, url, "en")
