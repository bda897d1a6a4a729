"""Tester's findings: the class advisor's "不同意" with no opinion was saved, and the counselor
heard only that the pairing was not approved; a mentee's "情况不符" with no note was taken,
though the page asks them to write what is wrong. A refusal and a dispute say why, at the
field (422, nothing written), and the proposer is told the reason."""

from portal.core.models import Notification
from portal.modules.peer_help.models import Presence, Step

from .conftest import proposed_pairing
from .test_mentee_answers import one_session
from .test_no_class_advisor import in_english
from .test_pairing_form_errors import err
from .test_peer_help import HX


def test_a_refusal_without_a_reason_is_sent_back_and_records_nothing(
    client, login, db, followup, peer
):
    pairing = proposed_pairing(client, login, db, followup, peer)
    login(followup.advisor)
    in_english(client)
    for headers in ({}, HX):
        response = client.post(
            f"/peer-help/pairings/{pairing.id}/reject", data={"comment": "  "}, headers=headers
        )
        assert response.status_code == 422
        assert "Say why you do not agree" in err(response.get_data(as_text=True), "comment")
    db.session.refresh(pairing)
    assert (pairing.state, db.session.query(Step).count()) == ("advisor", 0)


def test_the_proposer_is_told_the_reason_of_a_refusal(client, login, db, followup, peer):
    pairing = proposed_pairing(client, login, db, followup, peer)
    login(followup.advisor)
    response = client.post(
        f"/peer-help/pairings/{pairing.id}/reject", data={"comment": "该生已有同寝室同学帮扶"}
    )
    assert response.status_code == 303
    db.session.refresh(pairing)
    assert pairing.state == "rejected"
    [told] = db.session.query(Notification).filter_by(user_id=followup.counselor.id).all()
    assert told.params == {"reason": "该生已有同寝室同学帮扶"}
    login(followup.counselor)
    in_english(client)
    listing = client.get("/notifications/").get_data(as_text=True)
    assert "The peer-help pairing you proposed was not approved: 该生已有同寝室同学帮扶" in listing


def test_a_dispute_without_a_note_is_sent_back(client, login, db, followup, peer):
    presence = one_session(client, login, db, followup, peer)
    in_english(client)
    for headers in ({}, HX):
        response = client.post(
            f"/peer-help/attendance/{presence.id}/dispute", data={"note": " "}, headers=headers
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "Write what is wrong in the note" in page
        assert f'aria-describedby="note-{presence.id}-err"' in page
    db.session.expire_all()
    assert db.session.get(Presence, presence.id).state == "pending"
    client.post(f"/peer-help/attendance/{presence.id}/dispute", data={"note": "那天没有辅导"})
    db.session.expire_all()
    assert db.session.get(Presence, presence.id).state == "disputed"
    assert db.session.get(Presence, presence.id).note == "那天没有辅导"
