"""Issue 17 missing 3: the class advisor's dashboard shows the pairings waiting for their
opinion; once given, the card moves the pairing on to the college's reviewer."""

import html

from .conftest import proposed_pairing


def test_issue17_m3_advisor_dashboard_lists_pairings_awaiting_their_opinion(
    client, login, db, followup, peer
):
    pairing = proposed_pairing(client, login, db, followup, peer, difficulty="基础薄弱")
    login(followup.advisor)
    page = client.get("/").get_data(as_text=True)
    assert "等待您处理的结对" in page
    assert f"/peer-help/pairings/{pairing.id}" in page and "待班主任签署意见" in page
    assert followup.red.name in page
    login(peer.secretary)  # the college reviews after the advisor: nothing for them yet
    assert f'/peer-help/pairings/{pairing.id}"' not in client.get("/peer-help/widget").get_data(
        as_text=True
    )

    login(followup.advisor)
    client.post(f"/peer-help/pairings/{pairing.id}/approve", data={"comment": "同意"})
    assert "没有等待您签署意见的结对" in client.get("/peer-help/widget").get_data(as_text=True)
    login(peer.secretary)
    card = client.get("/peer-help/widget").get_data(as_text=True)
    assert f"/peer-help/pairings/{pairing.id}" in card and "待学院审核" in card


def test_issue17_m3_pairing_card_in_english(client, login, db, followup, peer):
    proposed_pairing(client, login, db, followup, peer, difficulty="基础薄弱")
    login(followup.advisor)
    client.post("/locale", data={"locale": "en"})
    card = html.unescape(client.get("/peer-help/widget").get_data(as_text=True))
    assert "waiting for the class advisor's opinion" in card
