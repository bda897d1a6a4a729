"""Notices for everyone warned, and what a notice says (issue 16): a student added through an
accepted proposal gets a notice at once; liaoning issues its two notices; each preset names
what its levels can lead to, in zh and en; the first talk's days come from the college's
cadence policy; the parent copy speaks to the parent, with seal area, date and phone."""

from datetime import datetime

import pytest

from portal.core import cadence_policies
from portal.core.models import AuditEvent, Notification
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.lifecycle import transition
from portal.modules.warnings.models import CollegeRuleset, Notice, Proposal
from portal.modules.warnings.notices import first_talk_days, warnings_of
from portal.modules.warnings.parent_words import TO_PARENTS, for_parents
from portal.modules.warnings.presets import PRESETS


def _publish(run, make, college):
    secretary = make.user(role="secretary", scope=college)
    transition(run, "submit", user_id=secretary.id)
    transition(run, "approve", user_id=make.user(role="leader", scope=college).id)
    return secretary


@pytest.fixture
def anshan(make, grades, db):
    college = make.college("通知内容学院")
    rulesets.assign(college, "anshan")
    school_class = make.school_class(make.major(college), "内容1班")
    warned = make.student(school_class, name="红同学")
    grades(warned, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 10, 90, "regular")])
    added = make.student(school_class, name="补充同学")
    grades(added, "2024-2025-1", [("A", 4, 90, "regular")])
    run = compute_run(make.term("2024-2025-1"), rulesets.load("anshan"), college_id=college.id)
    secretary = _publish(run, make, college)
    db.session.flush()
    advisor = make.user(role="class_advisor", scope=school_class)
    accounts = dict(added_user=make.student_user(added), warned_user=make.student_user(warned))
    published = dict(college=college, school_class=school_class, run=run, secretary=secretary)
    return published | dict(warned=warned, added=added, advisor=advisor) | accounts


# -- notices for everyone warned ------------------------------------------------------------


def _propose_adding(client, anshan, who: str, level: str, reason: str, explanation: str):
    """The logged-in advisor proposes an academic warning of `level` for anshan[who]."""
    client.post(
        f"/warnings/students/{anshan[who].id}/propose",
        data={
            "action": "add",
            "level": f"academic:{level}",
            "reason": reason,
            "explanation": explanation,
            "term": anshan["run"].term_id,
        },
    )


def _removal_accepted(client, login, anshan, db) -> Proposal:
    """The advisor proposes taking the warned student off the published roster (the grade
    was corrected); the secretary accepts."""
    login(anshan["advisor"])
    client.post(
        f"/warnings/students/{anshan['warned'].id}/propose",
        data={
            "action": "remove",
            "reason": "grades_corrected",
            "explanation": "成绩录入有误，已更正",
            "term": anshan["run"].term_id,
        },
    )
    proposal = db.session.query(Proposal).one()
    login(anshan["secretary"])
    client.post(f"/warnings/proposals/{proposal.id}/decide", data={"decision": "accept"})
    return proposal


def test_student_added_through_an_accepted_proposal_gets_a_notice_at_once(
    client, login, anshan, db
):
    login(anshan["advisor"])
    _propose_adding(client, anshan, "added", "orange", "attendance", "多次旷课")
    proposal = db.session.query(Proposal).one()
    login(anshan["secretary"])
    client.post(f"/warnings/proposals/{proposal.id}/decide", data={"decision": "accept"})
    notice = db.session.query(Notice).filter_by(student_id=anshan["added"].id).one()
    assert notice.state == "pending" and notice.run_id == anshan["run"].id
    assert [w.level for w in warnings_of(notice)] == ["orange"]
    told = db.session.query(Notification).filter_by(user_id=anshan["added_user"].id).one()
    assert told.link == f"/warnings/notices/{notice.id}"
    # The same steps as every notice: the student reads, confirms; staff record the receipt.
    login(anshan["added_user"])
    page = client.get(f"/warnings/notices/{notice.id}").get_data(as_text=True)
    assert "橙色预警" in page and "可能后果" in page
    client.post(f"/warnings/notices/{notice.id}/confirm")
    db.session.refresh(notice)
    assert notice.state == "confirmed"
    login(anshan["secretary"])
    notice.created_at = datetime(2024, 9, 10, 2, 0)  # issued before its parent copy went out
    db.session.flush()
    client.post(
        f"/warnings/notices/{notice.id}/parent",
        data={
            "method": "registered_letter",
            "reference": "XA123456789CN",
            "sent_on": "2024-09-20",
            "returned_on": "2024-09-30",
        },
    )
    db.session.refresh(notice)
    assert str(notice.receipt_returned_on) == "2024-09-30"


def test_a_student_removed_from_a_published_roster_has_the_notice_withdrawn(
    client, login, anshan, db
):
    """An accepted removal (the grade was corrected) took the warnings off a published
    roster but left the student's notice pending, with nothing on it, for them to confirm
    and staff to chase: it is withdrawn, as a corrected roster withdraws it, the student told."""
    notice = db.session.query(Notice).filter_by(student_id=anshan["warned"].id).one()
    proposal = _removal_accepted(client, login, anshan, db)
    db.session.refresh(notice)
    assert proposal.decision == "accepted" and notice.state == "dropped"
    told = db.session.query(Notification).filter_by(user_id=anshan["warned_user"].id).all()
    assert any("no longer lists you" in t.message for t in told)
    login(anshan["warned_user"])
    client.post(f"/warnings/notices/{notice.id}/confirm")  # a closed notice is not confirmed
    db.session.refresh(notice)
    assert notice.state == "dropped"
    # The run's page counts what the roster now holds (a walk saw 红色预警 41 beside 40).
    login(anshan["secretary"])
    run_page = client.get(f"/warnings/runs/{anshan['run'].id}").get_data(as_text=True)
    assert 'id="level-totals"' not in run_page


def _audit_row(client, locale: str, action: str) -> list[str]:
    """The cells of the newest audit row of `action`, as the admin reads them in `locale`."""
    from tests.core.test_audit_words import audit_rows

    client.post("/locale", data={"locale": locale})
    page = client.get(f"/admin/audit?action={action}").get_data(as_text=True)
    return audit_rows(page)[0]


@pytest.mark.parametrize(
    ("locale", "withdrawn", "why", "accepted", "record"),
    [
        (
            "en",
            "withdrew a notice: the roster no longer lists the student",
            "Warning run: {run}; Why withdrawn: accepted proposal {id} removed the student "
            "from the roster",
            "accepted a proposal",
            "proposal",
        ),
        (
            "zh_CN",
            "撤销通知书：名单已不再列入该生",
            "预警计算：{run}；撤销原因：提议 {id} 经同意，该生已移出名单",
            "同意提议",
            "提议",
        ),
    ],
)
def test_the_audit_row_of_a_notice_withdrawn_by_a_removal_names_the_proposal(
    client, login, make, anshan, db, locale, withdrawn, why, accepted, record
):
    """An outside tester's findings: the row of the notice an accepted removal withdrew read
    as a new roster's ("the new roster no longer lists the student"); and in Chinese the
    proposal's rows said 建议 where every page says 提议."""
    proposal = _removal_accepted(client, login, anshan, db)
    login(make.user(role="admin"))
    row = _audit_row(client, locale, "notice_dropped")
    assert row[2] == withdrawn and "new" not in row[2] and "新名单" not in row[2]
    assert row[5] == why.format(run=anshan["run"].id, id=proposal.id)
    row = _audit_row(client, locale, "proposal_accepted")
    assert row[2] == accepted and row[3].startswith(record)
    assert "建议" not in row[2] + row[3]


def test_a_changed_level_reopens_a_confirmed_notice_for_confirmation(client, login, anshan, db):
    notice = db.session.query(Notice).filter_by(student_id=anshan["warned"].id).one()
    notice.state = "confirmed"
    login(anshan["advisor"])
    _propose_adding(client, anshan, "warned", "yellow", "other", "复核")
    login(anshan["secretary"])
    client.post(
        f"/warnings/proposals/{db.session.query(Proposal).one().id}/decide",
        data={"decision": "accept"},
    )
    db.session.refresh(notice)
    assert notice.state == "pending" and notice.confirmed_at is None
    assert [w.level for w in warnings_of(notice)] == ["yellow"]
    issued = db.session.query(AuditEvent).filter_by(
        action="notice_issued", object_id=str(notice.id)
    )
    assert issued.count() == 2  # at publication, and again now it reads otherwise


def test_proposal_accepted_on_a_draft_roster_waits_for_publication(app, make, grades, db):
    from portal.modules.warnings.proposals import decide, propose

    college = make.college("草稿学院")
    school_class = make.school_class(make.major(college))
    student = make.student(school_class)
    grades(student, "2024-2025-1", [("A", 4, 90, "regular")])
    term = make.term("2024-2025-1")
    run = compute_run(term, rulesets.load("anshan"), college_id=college.id)
    advisor = make.user(role="class_advisor", scope=school_class)
    with app.app_context():  # the secretaries who decide hear of it: the app's roles say who
        proposal = propose(
            student,
            term,
            action="add",
            reason="other",
            explanation="x",
            category="academic",
            level="yellow",
            user_id=advisor.id,
        )
    decide(proposal, accept=True, note="", user_id=advisor.id)
    assert db.session.query(Notice).count() == 0
    _publish(run, make, college)
    assert db.session.query(Notice).filter_by(student_id=student.id).count() == 1


# -- liaoning's two notices ------------------------------------------------------------------


def test_liaoning_issues_a_demotion_dropout_notice_and_a_degree_notice(client, login, liaoning, db):
    notices = {
        n.kind: n for n in db.session.query(Notice).filter_by(student_id=liaoning["student"].id)
    }
    assert set(notices) == {"standing", "degree"}
    assert [w.category for w in warnings_of(notices["standing"])] == ["demotion"]
    assert [w.category for w in warnings_of(notices["degree"])] == ["degree"]
    login(liaoning["user"])
    standing_page = client.get(f"/warnings/notices/{notices['standing'].id}").get_data(as_text=True)
    degree_page = client.get(f"/warnings/notices/{notices['degree'].id}").get_data(as_text=True)
    assert "降级、退学警示通知书" in standing_page and "学位警示" not in standing_page
    assert "学位警示通知书" in degree_page and "降级警示" not in degree_page
    # Each is confirmed on its own.
    client.post(f"/warnings/notices/{notices['degree'].id}/confirm")
    db.session.refresh(notices["degree"])
    db.session.refresh(notices["standing"])
    assert (notices["degree"].state, notices["standing"].state) == ("confirmed", "pending")


def test_other_rulesets_keep_one_notice_per_student(anshan, db):
    assert (
        db.session.query(Notice).filter_by(student_id=anshan["warned"].id).one().kind == "warning"
    )


# -- what a notice says ----------------------------------------------------------------------

# What each policy says a level can lead to (the seed texts), as the zh text must name it.
CONSEQUENCES = {
    ("lanzhou", "oral"): ("留级", "降级", "退学"),
    ("lanzhou", "written"): ("留级", "降级", "延期毕业", "退学"),
    ("anshan", "yellow"): ("橙色", "红色预警"),
    ("anshan", "orange"): ("红色预警", "通知家长", "调整学习培养方案"),
    ("anshan", "red"): ("调整学习培养方案", "延长学习年限", "休学", "通知家长"),
    ("shaoxing", "watch"): ("严重警告处分", "学位授予"),
    ("shaoxing", "level1"): ("编入下一年级",),
    ("shaoxing", "level2"): ("编入下一年级", "学位", "挂号信"),
    ("shaoxing", "level3"): ("编入下一年级", "学位授予"),
    ("liaoning", "dropout"): ("退学", "降级试读一年"),
    ("liaoning", "demotion"): ("降级", "退学警示"),
    ("liaoning", "degree"): ("不能授予学士学位",),
    ("guangxi", "warning"): ("试读",),
    ("guangxi", "probation"): ("休学", "转专业", "退学"),
}


def _levels(code):
    for category in PRESETS[code]["categories"]:
        for level in category["levels"]:
            yield category["code"], level


@pytest.mark.parametrize("key", sorted(CONSEQUENCES), ids="-".join)
def test_each_preset_names_the_consequences_its_policy_states_next_to_the_support(key):
    code, name = key
    texts = [
        level["consequences"]
        for category, level in _levels(code)
        if name in (category, level["code"])
    ]
    assert len(texts) == 1
    zh, en = texts[0]["zh"], texts[0]["en"]
    for word in CONSEQUENCES[key]:
        assert word in zh, (key, word)
    assert zh.startswith("可能后果：") and "帮扶：" in zh
    assert en.startswith("What it can lead to:") and "Support:" in en
    assert not any(
        "\u4e00" <= ch <= "\u9fff" for ch in en.replace("降级试读", "").replace("试读", "")
    )


def test_every_level_of_every_preset_has_its_consequences_checked():
    every = {
        (code, lvl["code"] if code != "liaoning" else cat)
        for code in PRESETS
        for cat, lvl in _levels(code)
    }
    assert every == set(CONSEQUENCES)


def test_anshan_red_includes_absence_hours_marked_as_the_colleges_to_set(client, login, make, db):
    from portal.modules.warnings.rules import ruleset_from_dict

    red = next(lvl for _c, lvl in _levels("anshan") if lvl["code"] == "red")
    assert {"metric": "absence_hours", "op": ">=", "threshold": "10"} in red["any_of"]
    assert ruleset_from_dict(PRESETS["anshan"]).categories[0].levels[-1].code == "red"
    login(make.user(role="secretary"))
    page = client.get("/warnings/rulesets/anshan").get_data(as_text=True)
    assert page.count('class="college-sets"') == 2  # 旷课 and 大幅度下滑
    assert "college-sets" not in client.get("/warnings/rulesets/lanzhou").get_data(as_text=True)


def test_the_first_talk_comes_from_the_colleges_cadence_policy(app, client, login, anshan, db):
    notice = db.session.query(Notice).filter_by(student_id=anshan["warned"].id).one()
    login(anshan["warned_user"])
    without = client.get(f"/warnings/notices/{notice.id}").get_data(as_text=True)
    assert "两周" not in without and "尽快" in without
    cadence_policies.apply_preset(anshan["college"], "anshan")
    with app.app_context():  # red inherits orange's weekly counselor talk (within 7 days)
        assert first_talk_days(anshan["college"].id, "academic", "red") == 7
    page = client.get(f"/warnings/notices/{notice.id}").get_data(as_text=True)
    assert "7 天内" in page
    client.post("/locale", data={"locale": "en", "next": "/"})
    english = client.get(f"/warnings/notices/{notice.id}").get_data(as_text=True)
    assert "within 7 days" in english and "What it can lead to:" in english


def test_first_talk_days_read_a_rule_keyed_by_category_too(app, anshan, db):
    policy = cadence_policies.apply_preset(anshan["college"], "anshan")
    policy.rules = [
        dict(r, category="other") if r["level"] == "orange" else r for r in policy.rules
    ]
    db.session.flush()
    with app.app_context():
        # academic orange keeps only what it inherits from yellow (within 30 days).
        assert first_talk_days(anshan["college"].id, "academic", "orange") == 30
        assert first_talk_days(anshan["college"].id, "other", "orange") == 7


def test_the_parent_copy_speaks_to_the_parent_with_seal_date_and_office_phone(
    client, login, anshan, db
):
    login(anshan["secretary"])
    client.post(f"/warnings/settings/{anshan['college'].id}", data={"office_phone": "0412-2960000"})
    notice = db.session.query(Notice).filter_by(student_id=anshan["warned"].id).one()
    parent = client.get(f"/warnings/notices/{notice.id}/print?part=parent").get_data(as_text=True)
    assert parent.count('class="notice-part"') == 1
    assert "您的孩子红同学" in parent and "通知内容学院" in parent
    assert "学院盖章" in parent and "0412-2960000" in parent
    assert "不是纪律处分" in parent and "您的孩子的档案" in parent or "不记入" in parent
    assert "你的学习计划" not in parent  # the student's wording stays on the student copy
    student_copy = client.get(f"/warnings/notices/{notice.id}/print?part=student").get_data(
        as_text=True
    )
    assert "您的孩子" not in student_copy and "不是惩罚" in student_copy
    client.post("/locale", data={"locale": "en", "next": "/"})
    url = f"/warnings/notices/{notice.id}/print?part=parent&lang=en"  # an English copy, asked
    english = client.get(url).get_data(as_text=True)
    assert "Your child 红同学" in english and "College seal" in english
    assert "0412-2960000" in english


def test_the_parent_copy_of_a_red_notice_tells_the_parent_not_that_parents_will_be_told(
    client, login, anshan, db
):
    """anshan-normal 第十条第三款: the college tells a red warning's parents within a month;
    their own copy is that notice, so it says so to them (the other parts keep the clause)."""
    login(anshan["secretary"])
    notice = db.session.query(Notice).filter_by(student_id=anshan["warned"].id).one()
    url = f"/warnings/notices/{notice.id}/print?part="
    parent = client.get(url + "parent").get_data(as_text=True)
    assert "尊敬的家长" in parent and "红色预警" in parent
    assert "通知家长" not in parent and "学院特此通知您" in parent
    assert "调整学习培养方案" in parent
    for part in ("student", "stub"):
        assert "学院将在一个月内通知家长。" in client.get(url + part).get_data(as_text=True)
    english = client.get(url + "parent&lang=en").get_data(as_text=True)
    assert "the parents are told" not in english and "the college hereby tells you" in english
    assert "the parents are told within a month" in client.get(url + "student&lang=en").get_data(
        as_text=True
    )


@pytest.mark.parametrize("key", sorted(TO_PARENTS), ids="-".join)
def test_each_parent_wording_says_to_the_parents_what_the_preset_says_of_them(key):
    code, name = key
    (consequences,) = [lvl["consequences"] for _c, lvl in _levels(code) if lvl["code"] == name]
    reworded = for_parents(consequences)
    said, support = reworded["zh"].split("\n")
    assert "家长" in consequences["zh"].split("\n")[0] and "家长" not in said and "您" in said
    assert support == consequences["zh"].split("\n")[1]  # the help offered is the same
    assert "the parents" not in reworded["en"].split("\n")[0] and " you" in reworded["en"]
    assert for_parents({"zh": "学院自己写的：将通知家长。"})["zh"] == "学院自己写的：将通知家长。"


def test_notice_settings_refuse_bad_input_and_write_nothing(client, login, anshan, db):
    login(anshan["secretary"])
    response = client.post(
        f"/warnings/settings/{anshan['college'].id}",
        data={"office_phone": "call me maybe", "roster_deadline_days": "0"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "电话" in page
    setting = db.session.get(CollegeRuleset, anshan["college"].id)
    assert setting.office_phone is None


def test_notice_settings_are_the_secretarys_of_their_own_college(client, login, anshan, make):
    other = make.college("别的学院")
    login(anshan["secretary"])
    assert client.get(f"/warnings/settings/{other.id}").status_code == 404
    login(anshan["advisor"])
    assert client.get(f"/warnings/settings/{anshan['college'].id}").status_code == 403


def test_each_liaoning_category_has_its_own_first_talk_and_an_empty_category_fits_all(
    app, liaoning, db
):
    """liaoning's three categories share the level code "warning": a rule names its
    category; one with none (kept from an older policy) applies to every category."""
    from portal.core.models import CadencePolicy

    college = liaoning["college"]
    talk = {"level": "warning", "role": "counselor", "kind": "talk"}
    db.session.add(
        CadencePolicy(
            college_id=college.id,
            rules=[
                dict(talk, category="demotion", first_within_days=20),
                dict(talk, category="degree", first_within_days=10),
                dict(talk, category="", first_within_days=30),
            ],
        )
    )
    db.session.flush()
    with app.app_context():  # the rules (inherited ones too) are worked out per request
        assert first_talk_days(college.id, "demotion", "warning") == 20
        assert first_talk_days(college.id, "degree", "warning") == 10
        assert first_talk_days(college.id, "dropout", "warning") == 30
