"""Who may change a record others read and sign (an outside probe rewrote a counselor's
talk as a leader and as a mentor, and wrote the counselor's opinion as a teacher): the staff
member who recorded it, or a counselor over the student, who keeps the file and adds the
supplementary opinion (lzut talk form: 辅导员的补充意见). A leader changes nothing but
approvals (workflows.md roles)."""

import pytest

from portal.modules.talks.models import Talk

from .test_talks import form


@pytest.mark.parametrize("role", ["leader", "mentor", "class_advisor"])
def test_only_who_recorded_a_talk_changes_it(client, login, make, db, followup, role):
    login(followup.counselor)
    client.post(f"/talks/students/{followup.red.id}/new", data=form(content="辅导员写的"))
    talk = db.session.query(Talk).one()
    other = (
        followup.advisor
        if role == "class_advisor"
        else make.user(role=role, scope=followup.school_class.major.college)
    )
    login(other)
    assert client.get(f"/talks/{talk.id}").status_code == 200  # they read it
    assert "/edit" not in client.get(f"/talks/{talk.id}").get_data(as_text=True)
    assert client.get(f"/talks/{talk.id}/edit").status_code == 404
    edited = form(talker_role=role, talkers="别人", content="改写的")
    assert client.post(f"/talks/{talk.id}/edit", data=edited).status_code == 404
    db.session.refresh(talk)
    assert talk.content == "辅导员写的" and talk.talker_role == "counselor"


def test_the_counselor_adds_an_opinion_to_the_advisors_record_nobody_else_writes_one(
    client, login, db, followup
):
    login(followup.advisor)
    page = client.get(f"/talks/students/{followup.red.id}/new").get_data(as_text=True)
    assert 'name="counselor_opinion"' not in page
    posted = form(talker_role="class_advisor", talkers="班主任", counselor_opinion="冒名意见")
    client.post(f"/talks/students/{followup.red.id}/new", data=posted)
    talk = db.session.query(Talk).one()
    assert talk.counselor_opinion is None
    login(followup.counselor)
    edit = client.get(f"/talks/{talk.id}/edit").get_data(as_text=True)
    assert 'name="counselor_opinion"' in edit
    posted.update(counselor_opinion="建议继续关注", version=str(talk.version))
    assert client.post(f"/talks/{talk.id}/edit", data=posted).status_code == 303
    db.session.refresh(talk)
    assert talk.counselor_opinion == "建议继续关注" and talk.talkers == "班主任"


def test_the_counselor_is_offered_no_opinion_on_a_new_talk_or_on_their_own_record(
    client, login, db, followup
):
    """The supplementary opinion is added to someone else's record: on the counselor's own
    talk it is not offered, in either language, and a posted one is not read."""
    login(followup.counselor)
    for language in ("zh", "en"):
        client.post("/locale", data={"locale": language, "next": "/"})
        page = client.get(f"/talks/students/{followup.red.id}/new").get_data(as_text=True)
        assert 'name="counselor_opinion"' not in page
        assert "辅导员的补充意见" not in page and "supplementary opinion" not in page
    posted = form(counselor_opinion="自己给自己补充")
    assert client.post(f"/talks/students/{followup.red.id}/new", data=posted).status_code == 303
    talk = db.session.query(Talk).one()
    assert talk.counselor_opinion is None
    assert 'name="counselor_opinion"' not in client.get(f"/talks/{talk.id}/edit").get_data(
        as_text=True
    )
    posted.update(content="补记的内容", version=str(talk.version))
    assert client.post(f"/talks/{talk.id}/edit", data=posted).status_code == 303
    db.session.refresh(talk)
    assert talk.content == "补记的内容" and talk.counselor_opinion is None
