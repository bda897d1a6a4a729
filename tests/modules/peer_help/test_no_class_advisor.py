"""Walk finding 1: a pairing for a student whose class has no class advisor in the portal
waited for good for an opinion nobody could give. The class's opinion passes to the college's
review (the next signature of gxu 附件2), the proposing page says so before it is sent, and a
pairing whose advisor goes while it waits moves on the same way."""

from portal.modules.peer_help.models import Pairing

from .conftest import activate, proposed_pairing

NO_ADVISOR = "The class has no class advisor: the college reviews the pairing."


def in_english(client) -> None:
    client.post("/locale", data={"locale": "en", "next": "/"})


def without_advisor(db, followup) -> None:
    """The class advisor's grant over the class is removed (none was ever set up)."""
    followup.advisor.grants.clear()
    db.session.flush()


def test_the_proposing_page_says_who_will_be_asked(client, login, db, followup, peer):
    activate(client, login, db, followup, peer)
    url = f"/peer-help/pairings/new/{followup.red.id}"
    in_english(client)
    page = client.get(url).get_data(as_text=True)
    assert "the class advisor (黄班主任) gives the class's opinion, then the college" in page
    without_advisor(db, followup)
    page = client.get(url).get_data(as_text=True)
    assert "黄班主任" not in page
    assert "The class has no class advisor in the portal: once proposed, the pairing goes " in page


def test_a_pairing_of_a_class_without_an_advisor_goes_to_the_college(
    client, login, make, db, followup, peer
):
    without_advisor(db, followup)
    pairing = proposed_pairing(client, login, db, followup, peer)
    assert pairing.state == "college"
    login(peer.secretary)
    in_english(client)
    assert f"/peer-help/pairings/{pairing.id}" in client.get("/peer-help/widget").get_data(
        as_text=True
    )
    page = client.get(f"/peer-help/pairings/{pairing.id}").get_data(as_text=True)
    assert NO_ADVISOR in page and "waiting for the college&#39;s review" in page
    assert "/approve" in page  # the secretary decides it
    client.post(f"/peer-help/pairings/{pairing.id}/approve", data={"comment": "同意"})
    db.session.expire_all()
    decided = db.session.get(Pairing, pairing.id)
    assert decided.state == "active"
    assert [(s.stage, s.approved) for s in decided.steps] == [("college", True)]
    printed = client.get(f"/peer-help/pairings/{pairing.id}/print").get_data(as_text=True)
    assert NO_ADVISOR in printed


def test_a_pairing_whose_advisor_goes_while_it_waits_passes_to_the_college(
    client, login, db, followup, peer
):
    pairing = proposed_pairing(client, login, db, followup, peer)
    assert pairing.state == "advisor"
    login(peer.secretary)
    assert client.post(f"/peer-help/pairings/{pairing.id}/approve").status_code == 403
    without_advisor(db, followup)
    in_english(client)
    page = client.get(f"/peer-help/pairings/{pairing.id}").get_data(as_text=True)
    assert NO_ADVISOR in page and "waiting for the college&#39;s review" in page
    assert f"/peer-help/pairings/{pairing.id}" in client.get("/peer-help/widget").get_data(
        as_text=True
    )
    client.post(f"/peer-help/pairings/{pairing.id}/approve", data={"comment": "同意"})
    db.session.expire_all()
    assert db.session.get(Pairing, pairing.id).state == "active"


def test_the_class_advisor_still_gives_the_opinion_where_there_is_one(
    client, login, db, followup, peer
):
    pairing = proposed_pairing(client, login, db, followup, peer)
    login(followup.advisor)
    in_english(client)
    text = client.get(f"/peer-help/pairings/{pairing.id}").get_data(as_text=True)
    assert "waiting for the class advisor&#39;s opinion" in text and NO_ADVISOR not in text
    client.post(f"/peer-help/pairings/{pairing.id}/approve", data={"comment": "同意"})
    db.session.expire_all()
    assert db.session.get(Pairing, pairing.id).state == "college"
