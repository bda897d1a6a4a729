"""No lost work (issue 9): two people edit the same record. The one who saves second, from
a form opened before the first save, is told, sees both versions, and overwrites nothing
unless they save again knowingly; two saves at the same instant cannot both win."""

from __future__ import annotations

import dataclasses
import re

import pytest
from sqlalchemy import text

from portal.modules.parents.models import Contact
from portal.modules.talks.models import Meeting, SupportPlan, Talk

from .modules.parents.test_parents import contact, guardian_of
from .modules.talks.test_meetings_and_support import minutes
from .modules.talks.test_talks import form as talk_form


def opened_version(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def talk_opened_for_edit(client, login, db, followup) -> tuple[Talk, str]:
    """A talk the counselor recorded, and the version its edit form was opened at."""
    login(followup.counselor)
    client.post(f"/talks/students/{followup.red.id}/new", data=talk_form(content="第一版"))
    talk = db.session.query(Talk).one()
    return talk, opened_version(client.get(f"/talks/{talk.id}/edit").get_data(as_text=True))


def test_a_stale_talk_edit_shows_both_versions_and_writes_nothing(
    client, login, db, make, followup
):
    talk, opened = talk_opened_for_edit(client, login, db, followup)
    colleague = make.user(role="counselor", scope=followup.school_class, name="李辅导员")
    login(colleague)  # saves first
    assert (
        client.post(
            f"/talks/{talk.id}/edit", data={**talk_form(content="同事的版本"), "version": opened}
        ).status_code
        == 303
    )
    login(followup.counselor)  # saves second, from the form opened before
    response = client.post(
        f"/talks/{talk.id}/edit",
        data={**talk_form(content="我的版本"), "version": opened},
        headers={"HX-Request": "true"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "同事的版本" in page and "我的版本" in page and "其他人保存" in page
    db.session.expire_all()
    assert db.session.get(Talk, talk.id).content == "同事的版本"  # nothing overwritten
    again = client.post(
        f"/talks/{talk.id}/edit",
        data={**talk_form(content="我的版本"), "version": opened_version(page)},
    )
    assert again.status_code == 303  # saving again, knowingly, replaces theirs
    db.session.expire_all()
    assert db.session.get(Talk, talk.id).content == "我的版本"


def test_a_stale_parent_contact_and_meeting_edit_are_refused(client, login, db, followup):
    login(followup.counselor)
    parent = guardian_of(db, followup.red)
    client.post(f"/parents/students/{followup.red.id}/new", data=contact(parent))
    client.post("/talks/meetings/new", data=minutes(followup.orange))
    saved = [
        (f"/parents/{db.session.query(Contact).one().id}/edit", contact(parent), "parents_contact"),
        (
            f"/talks/meetings/{db.session.query(Meeting).one().id}/edit",
            minutes(followup.orange),
            "talks_meeting",
        ),
    ]
    for url, data, table in saved:
        opened = opened_version(client.get(url).get_data(as_text=True))
        db.session.execute(text(f"UPDATE {table} SET version = version + 1"))  # saved meanwhile
        db.session.commit()
        response = client.post(url, data={**data, "version": opened})
        assert response.status_code == 409, url
        assert client.post(url, data={**data, "version": int(opened) + 1}).status_code == 303


def test_two_saves_at_the_same_instant_cannot_both_win(client, login, db, followup, monkeypatch):
    from portal.modules.talks import views

    talk, opened = talk_opened_for_edit(client, login, db, followup)
    update = views.TALK_PAGE.update

    def racing(record, form, user):  # the other save commits between our check and write
        db.session.execute(
            text(
                f"UPDATE talks_talk SET version = version + 1, "
                f"content = '同时保存' WHERE id = {record.id}"
            )
        )
        return update(record, form, user)

    monkeypatch.setattr(views, "TALK_PAGE", dataclasses.replace(views.TALK_PAGE, update=racing))
    response = client.post(
        f"/talks/{talk.id}/edit", data={**talk_form(content="我的版本"), "version": opened}
    )
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Talk, talk.id).content != "我的版本"  # the later save lost the race


@pytest.mark.parametrize("model", [Talk, Meeting, Contact, SupportPlan])
def test_records_several_people_edit_are_versioned(model):
    assert model.__mapper__.version_id_col is not None


def test_a_reviewer_cannot_sign_a_plan_version_they_have_not_read(
    client, login, make, db, followup, monkeypatch
):
    from portal.modules.plans.models import Plan

    from .modules.plans.test_plans import plan_data, reviewer, student_of, submitted

    mentor = reviewer(make, followup)
    plan = submitted(client, login, make, db, followup, monkeypatch)
    login(mentor)
    client.post(
        f"/plans/{plan.id}/review",
        data={"action": "return", "part": "weekly", "text": "太少了。", "plan_version": "1"},
    )
    read = re.search(
        r'name="plan_version" value="(\d+)"', client.get(f"/plans/{plan.id}").get_data(as_text=True)
    )
    login(student_of(make, followup))  # revises and resubmits meanwhile
    client.post("/plans/mine/revise")
    client.post("/plans/mine/save", data=plan_data(action="submit"))
    login(mentor)
    stale = client.post(
        f"/plans/{plan.id}/review",
        headers={"HX-Request": "true"},
        data={
            "action": "sign",
            "part": "general",
            "text": "同意。",
            "plan_version": read.group(1) if read else "1",
        },
    )
    assert stale.status_code == 409 and "版本 2" in stale.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).status == "submitted"  # not signed unread
    assert (
        client.post(
            f"/plans/{plan.id}/review",
            data={"action": "sign", "part": "general", "text": "同意。", "plan_version": "2"},
        ).status_code
        == 303
    )


def test_when_two_counselors_save_the_same_support_plan_the_second_gets_409(
    client, login, make, db, followup
):
    from .modules.talks.test_meetings_and_support import plan as support_data

    url = f"/talks/students/{followup.red.id}/support/edit"
    login(followup.counselor)
    assert client.post(url, data=support_data(plan="第一版方案")).status_code == 303
    opened = opened_version(client.get(url).get_data(as_text=True))
    login(make.user(role="counselor", scope=followup.school_class, name="李辅导员"))
    assert (
        client.post(url, data={**support_data(plan="同事的方案"), "version": opened}).status_code
        == 303
    )
    login(followup.counselor)
    response = client.post(url, data={**support_data(plan="我的方案"), "version": opened})
    assert response.status_code == 409 and "同事的方案" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.query(SupportPlan).one().plan == "同事的方案"  # the first edit survives


def test_a_version_that_is_not_a_number_is_refused_and_writes_nothing(client, login, db, followup):
    """`version=abc` was read as no version and skipped the check (as peer help's was)."""
    talk, _opened = talk_opened_for_edit(client, login, db, followup)
    for version in ("abc", "", "²"):
        response = client.post(
            f"/talks/{talk.id}/edit", data={**talk_form(content="篡改的版本"), "version": version}
        )
        assert response.status_code == 400, version
    db.session.expire_all()
    assert db.session.get(Talk, talk.id).content != "篡改的版本"
