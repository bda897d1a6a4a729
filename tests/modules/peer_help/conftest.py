"""A volunteer who passed 课程B well, and a warned mentee who failed it (the followup red)."""

from dataclasses import dataclass
from datetime import date

import pytest

from ...followup import pin_today

TODAY = date(2026, 10, 20)


@dataclass
class Peer:
    volunteer_user: object
    volunteer_student: object
    mentee_user: object
    secretary: object
    term: object  # the term under way, which the sessions (October 2026) fall in


@pytest.fixture
def peer(make, db, followup, monkeypatch):
    pin_today(monkeypatch, TODAY)
    student = make.student(followup.school_class, name="志愿者甲")
    make.grade(student, followup.run.term_id, "B", credits=5, score=92)
    return Peer(
        make.student_user(student),
        student,
        make.student_user(followup.red),
        make.user(role="secretary", scope=followup.school_class.major.college),
        make.term("2026-2027-1"),
    )


def activate(client, login, db, followup, peer):
    """Apply as the student, selected by the counselor."""
    from portal.modules.peer_help.models import Volunteer

    login(peer.volunteer_user)
    client.post(
        "/peer-help/apply",
        data={"courses": "课程B", "times": ["weekday_eve"], "statement": "愿意帮助同学"},
    )
    volunteer = db.session.query(Volunteer).one()
    login(followup.counselor)
    client.post(f"/peer-help/volunteers/{volunteer.id}/active")
    return volunteer


def proposed_pairing(client, login, db, followup, peer, **fields):
    """The volunteer activated, the counselor proposes pairing them with the red student;
    `fields` override the form's (None leaves one out)."""
    from portal.modules.peer_help.models import Pairing

    volunteer = activate(client, login, db, followup, peer)
    login(followup.counselor)
    client.post(
        f"/peer-help/pairings/new/{followup.red.id}", data=pairing_form(volunteer, **fields)
    )
    return db.session.query(Pairing).one()


def pairing_form(volunteer, **fields) -> dict:
    """The pairing form as the counselor posts it: `volunteer` for 课程B, October to December;
    `fields` override it (None leaves one out)."""
    form = {
        "volunteer": str(volunteer.id),
        "courses": ["课程B"],
        "difficulty": "基础薄弱（困难金丝雀）",
        "plan": "每周两次答疑",
        "contact": "微信群",
        "starts_on": "2026-10-01",
        "ends_on": "2026-12-31",
        **fields,
    }
    return {name: value for name, value in form.items() if value is not None}


def approved_pairing(client, login, db, followup, peer):
    pairing = proposed_pairing(client, login, db, followup, peer)
    login(followup.advisor)
    client.post(f"/peer-help/pairings/{pairing.id}/approve", data={"comment": "同意"})
    login(peer.secretary)
    client.post(f"/peer-help/pairings/{pairing.id}/approve", data={"comment": "同意"})
    db.session.refresh(pairing)
    assert pairing.state == "active"
    return pairing
