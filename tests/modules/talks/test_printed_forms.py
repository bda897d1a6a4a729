"""The forms as the policies print them (issue 18): the talk form's new fields, and the talk
record, parent contact record, pairing agreement printed on A4 with signature lines."""

from portal.modules.parents.models import Contact
from portal.modules.talks.models import Talk

from ...print_pages import back_link
from ..parents.test_parents import dropout_meeting, guardian_of
from .test_talks import form

NEW_FIELDS = dict(
    place="辅导员办公室",
    student_feedback="我会按时上自习，这次是我没重视。",
    parents_contacted="yes",
    referred="y",
)
OPINION = "情绪稳定，建议心理中心关注。"


def advisors_talk_with_the_counselors_opinion(client, login, db, followup) -> Talk:
    """The class advisor records the talk; the counselor adds their opinion to it."""
    login(followup.advisor)
    posted = form(talker_role="class_advisor", talkers="黄班主任", **NEW_FIELDS)
    assert client.post(f"/talks/students/{followup.red.id}/new", data=posted).status_code == 303
    talk = db.session.query(Talk).one()
    login(followup.counselor)
    posted.update(counselor_opinion=OPINION, version=str(talk.version))
    assert client.post(f"/talks/{talk.id}/edit", data=posted).status_code == 303
    db.session.refresh(talk)
    return talk


def test_the_talk_form_keeps_the_students_words_parents_referral_and_opinion(
    client, login, db, followup
):
    talk = advisors_talk_with_the_counselors_opinion(client, login, db, followup)
    assert (
        talk.place,
        talk.student_feedback,
        talk.parents_contacted,
        talk.referred,
        talk.counselor_opinion,
    ) == (
        "辅导员办公室",
        NEW_FIELDS["student_feedback"],
        True,
        True,
        OPINION,
    )
    page = client.get(f"/talks/{talk.id}").get_data(as_text=True)
    for text in (
        "学生的反馈（原话）",
        NEW_FIELDS["student_feedback"],
        "转介心理咨询中心",
        "辅导员的补充意见",
        OPINION,
    ):
        assert text in page


def test_an_old_record_without_the_new_fields_still_displays_and_prints(
    client, login, db, followup
):
    login(followup.counselor)
    client.post(f"/talks/students/{followup.red.id}/new", data=form())
    talk = db.session.query(Talk).one()
    db.session.execute(
        Talk.__table__.update().values(student_feedback=None, parents_contacted=None)
    )
    db.session.commit()
    assert client.get(f"/talks/{talk.id}").status_code == 200
    printed = client.get(f"/talks/{talk.id}/print").get_data(as_text=True)
    assert "□ 是" in printed  # not recorded: a box to tick on paper


def test_the_printed_talk_record_has_every_field_and_both_signature_lines(
    client, login, db, followup
):
    talk = advisors_talk_with_the_counselors_opinion(client, login, db, followup)
    page = client.get(f"/talks/{talk.id}/print").get_data(as_text=True)
    assert "<nav" not in page and 'class="form-page talk-page"' in page
    for text in (
        "学业预警学生谈话记录表",
        "辅导员办公室",
        "黄班主任",
        "面谈",
        "谈了不及格课程的原因。",
        NEW_FIELDS["student_feedback"],
        "每周自习三次。",
        "谈话人签名",
        "学生签名",
        OPINION,
        "辅导员签名",
    ):
        assert text in page, text


def test_the_printed_talk_record_in_english_carries_no_chinese_labels(client, login, db, followup):
    talk = advisors_talk_with_the_counselors_opinion(client, login, db, followup)
    client.post("/locale", data={"locale": "en", "next": "/"})
    page = client.get(f"/talks/{talk.id}/print").get_data(as_text=True)
    assert "Talk record of a student under academic warning" in page
    assert "Talker's signature" in page and "Student's signature" in page
    assert "谈话人签名" not in page


def test_the_printed_talk_record_names_the_stored_level_in_the_readers_language(
    client, login, db, followup
):
    """The talk keeps the level its recorder read (红色预警); the English form reads it again,
    and text that names no level is printed as it was saved."""
    login(followup.counselor)
    client.post(f"/talks/students/{followup.red.id}/new", data=form())
    talk = db.session.query(Talk).one()
    assert talk.level_label == "红色预警"
    assert "<td>红色预警</td>" in client.get(f"/talks/{talk.id}/print").get_data(as_text=True)
    client.post("/locale", data={"locale": "en", "next": "/"})
    page = client.get(f"/talks/{talk.id}/print").get_data(as_text=True)
    assert "<td>Red warning</td>" in page and "红色预警" not in page
    assert "<dd>Red warning</dd>" in client.get(f"/talks/{talk.id}").get_data(as_text=True)
    talk.level_label = "旧表格的等级"
    db.session.commit()
    assert "<td>旧表格的等级</td>" in client.get(f"/talks/{talk.id}/print").get_data(as_text=True)


def test_each_printed_record_leads_back_to_its_own_page(client, login, make, db, followup):
    login(followup.counselor)
    client.post(f"/talks/students/{followup.red.id}/new", data=form())
    talk = db.session.query(Talk).one()
    contact = make.contact(followup.red, recorded_by_id=followup.counselor.id)
    volunteer = make.volunteer(make.student(followup.school_class))
    pairing = make.pairing(volunteer, followup.red)
    db.session.commit()
    for printed, page, words in (
        (f"/talks/{talk.id}/print", f"/talks/{talk.id}", "返回谈话记录"),
        (f"/parents/{contact.id}/print", f"/parents/{contact.id}", "返回家长联系记录"),
        (
            f"/peer-help/pairings/{pairing.id}/print",
            f"/peer-help/pairings/{pairing.id}",
            "返回结对",
        ),
    ):
        assert back_link(client.get(printed).get_data(as_text=True)) == (page, words)
        assert client.get(page).status_code == 200, page


def test_the_printed_parent_record_has_the_parents_signature_line(client, login, db, followup):
    login(followup.counselor)
    client.post(
        f"/parents/students/{followup.red.id}/new",
        data=dropout_meeting(
            guardian_of(db, followup.red), "学院会议室", "周院长、陈辅导员", method="face"
        ),
    )
    record = db.session.query(Contact).one()
    page = client.get(f"/parents/{record.id}/print").get_data(as_text=True)
    for text in ("学业预警家长谈话记录表", "学院会议室", "告知预警情况", "支持", "家长签名"):
        assert text in page, text


def test_the_printed_pairing_agreement_has_both_signatures_and_each_stage(
    client, login, make, db, followup
):
    from portal.modules.peer_help.models import Step

    volunteer = make.volunteer(make.student(followup.school_class, name="志愿者小李"))
    pairing = make.pairing(
        volunteer,
        followup.red,
        difficulty="基础薄弱",
        plan="每周两次答疑",
        state="college",
        steps=[Step(stage="advisor", approved=True, comment="同意结对", by_id=followup.advisor.id)],
    )
    db.session.commit()
    login(followup.counselor)
    page = client.get(f"/peer-help/pairings/{pairing.id}/print").get_data(as_text=True)
    for text in (
        "帮扶协议",
        "志愿者小李",
        followup.red.name,
        "基础薄弱",
        "每周两次答疑",
        "志愿者签名",
        "受帮扶学生签名",
        "班主任意见",
        "同意结对",
        "黄班主任",
        "学院审核",
    ):
        assert text in page, text
