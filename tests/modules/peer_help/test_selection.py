"""Who can be selected as a volunteer: not a warned student (the application and the
approver's page say why); the criteria the colleges select by (成绩排名, 党员, 学生干部,
同寝室) are recorded on the application and shown to the approver."""


def test_the_criteria_on_the_application_are_shown_to_the_approver(
    client, login, db, followup, peer
):
    from portal.modules.peer_help.models import Volunteer

    login(peer.volunteer_user)
    client.post(
        "/peer-help/apply",
        data={
            "courses": "课程B",
            "times": ["weekday_eve"],
            "statement": "愿意帮助同学",
            "criteria": ["rank", "party_member", "roommate"],
            "ranking": "专业第3名（共90人）",
        },
    )
    volunteer = db.session.query(Volunteer).one()
    assert volunteer.criteria == ["rank", "party_member", "roommate"]
    login(followup.counselor)
    page = client.get(f"/peer-help/volunteers/{volunteer.id}").get_data(as_text=True)
    criteria = page[
        page.index('class="criteria"') : page.index("</dd>", page.index('class="criteria"'))
    ]
    assert "成绩排名靠前" in criteria and "党员" in criteria and "与被帮扶学生同寝室" in criteria
    assert "专业第3名（共90人）" in criteria and "学生干部" not in criteria


def test_a_warned_student_cannot_apply_and_the_page_says_why(
    client, login, db, make, followup, peer
):
    from portal.modules.peer_help.models import Volunteer

    login(make.student_user(followup.yellow))  # the mildest level, not only red
    page = client.get("/peer-help/apply").get_data(as_text=True)
    assert "黄色预警" in page and "不能选为志愿者" in page
    client.post(
        "/peer-help/apply",
        data={"courses": "课程B", "times": ["weekday_eve"], "statement": "想帮助同学"},
    )
    assert db.session.query(Volunteer).count() == 0


def test_a_warned_applicant_cannot_be_selected_and_nothing_changes(
    client, login, db, followup, peer
):
    from portal.modules.peer_help.models import Volunteer

    volunteer = Volunteer(
        student_id=followup.orange.id, courses="课程A", statement="想帮忙", state="applied"
    )  # applied before the roster came out
    db.session.add(volunteer)
    db.session.flush()
    login(followup.counselor)
    page = client.get(f"/peer-help/volunteers/{volunteer.id}").get_data(as_text=True)
    assert "橙色预警" in page and "不能选为志愿者" in page
    response = client.post(f"/peer-help/volunteers/{volunteer.id}/active")
    assert response.status_code == 422
    assert "受到学业警示，不能选为志愿者" in response.get_data(as_text=True)
    db.session.refresh(volunteer)
    assert volunteer.state == "applied"
