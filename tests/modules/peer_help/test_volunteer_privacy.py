"""A volunteer sees of a mentee only what tutoring needs — name, class, the courses to work
on, the agreed contact — never the warning, grades beyond those courses, talks, parent data
or the staff's note on the difficulty: every GET page, as the volunteer, is searched."""

from datetime import datetime
from decimal import Decimal

from ...followup import PHONE
from ...urls import fill
from ..test_followup_privacy import text_of
from .conftest import approved_pairing

SECRETS = ("机密课程X", "57.5", "谈话金丝雀", "家长金丝雀", PHONE, "困难金丝雀")
LEVEL = "红色预警"  # the rulesets page names every level; next to the mentee it must not show


def test_a_volunteer_sees_only_what_the_pairing_needs(app, client, login, make, db, followup, peer):
    red = followup.red
    pairing = approved_pairing(client, login, db, followup, peer)
    make.grade(
        red, followup.run.term_id, "X", credits=2, score=Decimal("57.5"), course_name="机密课程X"
    )
    make.talk(red, datetime(2026, 10, 1, 15), content="谈话金丝雀")
    make.contact(red, datetime(2026, 10, 2, 9), made_by="陈", content="家长金丝雀")
    login(peer.volunteer_user)
    home = client.get("/peer-help/").get_data(as_text=True)
    assert red.name in home and followup.school_class.name in home
    assert "课程B" in home and "微信群" in home  # what the pairing needs
    ids = {"student_id": red.id, "pairing_id": pairing.id, "volunteer_id": pairing.volunteer_id}
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url = fill(rule.rule, ids)
        for headers in ({}, {"HX-Request": "true"}):
            body = text_of(client.get(url, headers=headers).get_data())
            leaked = [s for s in SECRETS if s in body]
            if red.name in body and LEVEL in body:
                leaked.append(LEVEL)
            assert not leaked, (url, leaked)
            checked += 1
    assert checked > 100
