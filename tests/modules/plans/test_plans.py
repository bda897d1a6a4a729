"""Study plans: prefilled failed courses, drafts saved as one types, what a submission
needs, return and revise in a new version, sign-off locks, the term-end report, the
reviewer's queue, completion, and who may read a plan."""

from datetime import date, datetime, timedelta

from portal.core.models import Notification
from portal.modules.plans.models import Comment, Plan, Version

from ...followup import PUBLISHED, pin_today
from ...print_pages import back_link

HX = {"HX-Request": "true"}


def plan_data(**extra):
    data = {
        "analysis": "作息不规律，基础没打好。",
        "courses-0-code": "B",
        "courses-0-title": "课程B",
        "courses-0-credits": "5",
        "courses-0-how": "retake",
        "courses-0-when": "下学期",
        "courses-0-note": "",
        "weekly-0-day": "mon",
        "weekly-0-time": "19:00-21:00",
        "weekly-0-what": "复习课程B",
        "weekly-1-day": "tue",
        "weekly-1-time": "",
        "weekly-1-what": "",
        "goals-0-text": "清除不及格课程",
        "goals-1-text": "",
        "help_peer": "y",
    }
    data.update(extra)
    return data


def student_of(make, followup, who="red"):
    """The student's account (made once)."""
    from portal.core.models import User

    student = getattr(followup, who)
    existing = make.db.session.query(User).filter_by(student_id=student.id).one_or_none()
    return existing or make.student_user(student)


def test_a_new_plan_lists_the_failed_courses(client, login, make, followup):
    login(student_of(make, followup))
    page = client.get("/plans/mine").get_data(as_text=True)
    assert "课程B" in page and "课程A" not in page  # failed B, passed A
    assert 'name="courses-0-how"' in page and "它不会进入你的档案" in page


def test_a_failed_courses_credits_read_as_people_write_them(
    client, login, make, db, followup, monkeypatch
):
    """5 credits, not "5.00" (the grade record keeps them to the cent), on the student's
    form and on the plan its reviewer reads."""
    login(student_of(make, followup))
    assert "5 学分" in client.get("/plans/mine").get_data(as_text=True)
    plan = submitted(client, login, make, db, followup, monkeypatch)
    login(reviewer(make, followup))
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert '<td class="num">5</td>' in page and "5.00" not in page


def test_typing_saves_the_draft_in_place(client, login, make, db, followup):
    login(student_of(make, followup))
    client.get("/plans/mine")
    response = client.post("/plans/mine/save", data=plan_data(analysis="第一稿"), headers=HX)
    assert response.status_code == 200 and "<html" not in response.get_data(as_text=True)
    version = db.session.query(Version).one()
    assert version.content["analysis"] == "第一稿" and version.submitted_at is None
    assert version.content["weekly"] == [
        {"day": "mon", "time": "19:00-21:00", "what": "复习课程B"}
    ]  # the blank row is dropped
    assert "第一稿" in client.get("/plans/mine").get_data(as_text=True)


def test_submitting_an_incomplete_plan_keeps_the_draft_and_says_what_is_missing(
    client, login, make, db, followup
):
    login(student_of(make, followup))
    client.get("/plans/mine")
    response = client.post(
        "/plans/mine/save", data=plan_data(action="submit", **{"courses-0-when": ""})
    )
    assert response.status_code == 422
    assert "课程B" in response.get_data(as_text=True)
    plan = db.session.query(Plan).one()
    assert plan.status == "draft" and plan.current.content["analysis"]
    # The refused save left /plans/mine/save in the address bar: reloading it opens the plan.
    reloaded = client.get("/plans/mine/save")
    assert reloaded.status_code == 303 and reloaded.headers["Location"].endswith("/plans/mine")


def reviewer(make, followup):
    """The 2023 intake is in year 4 in autumn 2026: the mentor reviews."""
    return make.user(role="mentor", scope=followup.school_class, name="郑导师")


def submitted(client, login, make, db, followup, monkeypatch):
    pin_today(monkeypatch, PUBLISHED + timedelta(days=3))
    login(student_of(make, followup))
    client.get("/plans/mine")
    assert client.post("/plans/mine/save", data=plan_data(action="submit")).status_code == 303
    return db.session.query(Plan).one()


def signed(client, login, make, db, followup, monkeypatch):
    """The mentor and the plan they signed; the student logged in again."""
    mentor = reviewer(make, followup)
    plan = submitted(client, login, make, db, followup, monkeypatch)
    login(mentor)
    client.post(f"/plans/{plan.id}/review", data={"action": "sign", "part": "general"})
    login(student_of(make, followup))
    return mentor, plan


AUTUMN_ENDS = date(2027, 1, 17)  # the last day of 2026-2027 term 1, the term under way
REPORT_OPENS = date(2026, 12, 20)  # four weeks before it


def signed_in_autumn(client, login, make, db, followup, monkeypatch):
    """`signed`, in an autumn term whose days are known, signed off on its fourth day (the
    stored moment is UTC: 02:00 is 10:00 in Shanghai)."""
    term = make.term("2026-2027-1")
    term.start_date, term.end_date = date(2026, 9, 7), AUTUMN_ENDS
    mentor, plan = signed(client, login, make, db, followup, monkeypatch)
    plan.signed.signed_at = datetime(2026, 9, 10, 2)
    db.session.flush()
    return mentor, plan


def test_the_plan_names_its_reviewer_not_only_their_role(
    client, login, make, db, followup, monkeypatch
):
    """ "Reviewer: Academic mentor" left the student guessing whom to ask."""
    reviewer(make, followup)
    submitted(client, login, make, db, followup, monkeypatch)
    page = client.get("/plans/mine").get_data(as_text=True)
    assert "审阅人：专业导师 郑导师" in page


def test_the_mentor_reviews_year_three_and_up_and_hears_of_the_submission(
    client, login, make, db, followup, monkeypatch
):
    mentor = reviewer(make, followup)
    plan = submitted(client, login, make, db, followup, monkeypatch)
    assert plan.reviewer_role == "mentor" and plan.status == "submitted"
    assert db.session.query(Notification).filter_by(user_id=mentor.id).count() == 1
    login(followup.advisor)  # reads, but is not the reviewer of a year-4 plan
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "作息不规律" in page and 'value="sign"' not in page
    assert (
        client.post(
            f"/plans/{plan.id}/review", data={"action": "sign", "part": "general"}
        ).status_code
        == 403
    )


def test_return_revise_resubmit_and_sign_keeps_every_version_and_comment(
    client, login, make, db, followup, monkeypatch
):
    mentor = reviewer(make, followup)
    plan = submitted(client, login, make, db, followup, monkeypatch)
    login(mentor)
    assert (
        client.post(
            f"/plans/{plan.id}/review",
            data={"action": "return", "part": "weekly", "text": "每周只有一次，太少了。"},
        ).status_code
        == 303
    )
    login(student_of(make, followup))
    assert (
        db.session.query(Notification).filter(Notification.message.contains("returned")).count()
        == 1
    )
    page = client.get("/plans/mine").get_data(as_text=True)
    assert "每周只有一次，太少了。" in page
    client.post("/plans/mine/revise")
    client.post(
        "/plans/mine/save",
        data=plan_data(
            action="submit",
            **{"weekly-1-day": "thu", "weekly-1-time": "19:00", "weekly-1-what": "做习题"},
        ),
    )
    login(mentor)
    client.post(
        f"/plans/{plan.id}/review", data={"action": "sign", "part": "general", "text": "同意。"}
    )
    db.session.refresh(plan)
    assert [v.number for v in plan.versions] == [1, 2] and plan.status == "signed"
    assert plan.versions[0].content["weekly"] != plan.versions[1].content["weekly"]
    assert plan.versions[1].signed_by_id == mentor.id
    assert {c.action for c in db.session.query(Comment)} == {"return", "sign"}
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "每周只有一次，太少了。" in page and "郑导师" in page


def test_returning_needs_a_reason(client, login, make, db, followup, monkeypatch):
    mentor = reviewer(make, followup)
    plan = submitted(client, login, make, db, followup, monkeypatch)
    login(mentor)
    response = client.post(
        f"/plans/{plan.id}/review", data={"action": "return", "part": "general"}, headers=HX
    )
    assert response.status_code == 422 and db.session.get(Plan, plan.id).status == "submitted"


def test_a_signed_plan_is_locked_and_a_change_needs_a_new_sign_off(
    client, login, make, db, followup, monkeypatch
):
    mentor, plan = signed(client, login, make, db, followup, monkeypatch)
    assert client.post("/plans/mine/save", data=plan_data(analysis="改")).status_code == 409
    assert db.session.get(Plan, plan.id).current.content["analysis"] != "改"
    client.post("/plans/mine/revise")
    db.session.refresh(plan)
    assert plan.status == "draft" and len(plan.versions) == 2 and plan.signed.number == 1


def test_the_term_end_report_and_the_closing_comment(
    client, login, make, db, followup, monkeypatch
):
    mentor, plan = signed_in_autumn(client, login, make, db, followup, monkeypatch)
    pin_today(monkeypatch, REPORT_OPENS)
    response = client.post(
        "/plans/mine/report",
        data={
            "goals-0-outcome": "已清除",
            "courses-0-outcome": "重修通过",
            "summary": "基本完成。",
        },
    )
    assert response.status_code == 303
    login(mentor)
    client.post(
        f"/plans/{plan.id}/review",
        data={"action": "closing", "part": "report", "text": "进步明显。"},
    )
    db.session.refresh(plan)
    assert plan.status == "closed" and plan.signed.report["courses"] == [{"outcome": "重修通过"}]
    assert "进步明显。" in client.get(f"/plans/{plan.id}").get_data(as_text=True)


def test_the_reviewer_queue_lists_waiting_returned_and_missing(
    client, login, make, db, followup, monkeypatch
):
    mentor = reviewer(make, followup)
    submitted(client, login, make, db, followup, monkeypatch)
    pin_today(monkeypatch, PUBLISHED + timedelta(days=20))
    login(mentor)
    page = client.get("/plans/").get_data(as_text=True)
    waiting = page[page.index("等待您审阅") :]
    assert followup.red.name in waiting
    missing = page[page.index("尚未提交计划的预警学生") :]
    assert followup.orange.name in missing and followup.yellow.name in missing
    # Past its day, a missing plan is marked overdue, not merely "expected".
    assert missing.count('<strong class="err">已逾期') == 2


def test_completion_per_class(client, login, make, db, followup, monkeypatch):
    reviewer(make, followup)
    submitted(client, login, make, db, followup, monkeypatch)
    login(make.user(role="secretary", scope=followup.school_class.major.college))
    page = client.get("/plans/completion").get_data(as_text=True)
    row = page[page.index(followup.school_class.name) :]
    assert row.split("</tr>")[0].count('class="num">') == 4
    assert '<td class="num">3</td><td class="num">1</td>' in row


def test_only_the_student_the_reviewer_and_staff_in_scope_read_a_plan(
    client, login, make, db, followup, monkeypatch
):
    plan = submitted(client, login, make, db, followup, monkeypatch)
    login(make.student_user(followup.orange))
    assert client.get(f"/plans/{plan.id}").status_code == 403
    assert "作息不规律" not in client.get("/plans/mine").get_data(as_text=True)
    login(make.user(role="teacher", scope=followup.school_class.major.college))
    assert client.get(f"/plans/{plan.id}").status_code == 403
    login(make.user(role="counselor", scope=make.school_class()))
    assert client.get(f"/plans/{plan.id}").status_code == 404
    login(followup.counselor)
    assert "作息不规律" in client.get(f"/plans/{plan.id}").get_data(as_text=True)


def test_a_student_who_is_not_warned_needs_no_plan(client, login, make, db):
    login(make.student_user(make.student()))
    page = client.get("/plans/mine").get_data(as_text=True)
    assert "不需要制定学习计划" in page and db.session.query(Plan).count() == 0


def test_the_plan_prints_as_the_form_it_replaces(client, login, make, db, followup, monkeypatch):
    plan = submitted(client, login, make, db, followup, monkeypatch)
    page = client.get("/plans/mine/print").get_data(as_text=True)
    assert "学业警示学生个人学习计划" in page and "作息不规律" in page and "<nav" not in page
    login(followup.counselor)
    assert "审阅人签字" in client.get(f"/plans/{plan.id}/print").get_data(as_text=True)


def test_a_printed_plan_leads_back_to_the_plan_it_prints(
    client, login, make, db, followup, monkeypatch
):
    plan = submitted(client, login, make, db, followup, monkeypatch)
    page = client.get("/plans/mine/print").get_data(as_text=True)
    assert back_link(page) == ("/plans/mine", "返回我的学习计划")
    login(followup.counselor)
    page = client.get(f"/plans/{plan.id}/print").get_data(as_text=True)
    assert back_link(page) == (f"/plans/{plan.id}", "返回学习计划")
    assert client.get(f"/plans/{plan.id}").status_code == 200


def test_the_college_setting_decides_who_reviews(client, login, make, db, followup):
    login(make.user(role="secretary", scope=followup.school_class.major.college))
    college = followup.school_class.major.college
    response = client.post(
        f"/plans/settings/{college.id}", data={"mentor_from_year": "6", "due_days": "10"}
    )
    assert response.status_code == 303
    login(student_of(make, followup))
    assert "班主任" in client.get("/plans/mine").get_data(as_text=True)
    client.post("/plans/mine/save", data=plan_data(), headers=HX)  # the first save stores it
    assert db.session.query(Plan).one().reviewer_role == "class_advisor"
    login(make.user(role="secretary", scope=make.college()))
    assert (
        client.post(
            f"/plans/settings/{college.id}", data={"mentor_from_year": "3", "due_days": "10"}
        ).status_code
        == 404
    )
