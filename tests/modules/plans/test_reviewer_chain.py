"""An outside tester's finding: a study plan of a class without a class advisor (or of an
older student whose major has no academic mentor in the portal) was "sent to your reviewer"
and reached nobody — no notification, no queue, and the counselor who read it could not act.

The plan now goes down its chain (class advisor → counselor; academic mentor → class advisor
→ counselor), computed when read, so a waiting plan moves when an advisor is appointed or
removed; only whoever the chain names now signs; with nobody at all the student is told to
contact the college office and the college's secretary hears of it."""

from datetime import timedelta

from portal.core.models import Notification
from portal.modules.plans.models import Comment, Plan, PlanSetting

from ...followup import PUBLISHED, pin_today
from .test_plans import plan_data, student_of

SIGN = {"action": "sign", "part": "general", "text": "同意。"}


def in_english(client) -> None:
    client.post("/locale", data={"locale": "en", "next": "/"})


def first_years(db, followup) -> None:
    """The class advisor's tier: the college lets the mentor review from year 8 only."""
    college = followup.school_class.major.college
    db.session.add(PlanSetting(college_id=college.id, mentor_from_year=8, due_days=14))
    db.session.flush()


def without(db, *users) -> None:
    """Their grants over the class are removed (as if none had been set up)."""
    for user in users:
        user.grants.clear()
    db.session.flush()


def as_the_student(client, login, make, followup, monkeypatch, *, english=True) -> None:
    """The warned student logs in, three days after the roster's publication."""
    pin_today(monkeypatch, PUBLISHED + timedelta(days=3))
    login(student_of(make, followup))
    if english:
        in_english(client)


def submit(client, login, make, db, followup, monkeypatch, *, english=True):
    as_the_student(client, login, make, followup, monkeypatch, english=english)
    response = client.post("/plans/mine/save", data=plan_data(action="submit"))
    assert response.status_code == 303
    return db.session.query(Plan).one(), client.get("/plans/mine").get_data(as_text=True)


def told(db, user) -> list[Notification]:
    return db.session.query(Notification).filter_by(user_id=user.id).all()


def test_a_class_without_a_class_advisor_sends_the_plan_to_its_counselor(
    client, login, make, db, followup, monkeypatch
):
    first_years(db, followup)
    without(db, followup.advisor)
    as_the_student(client, login, make, followup, monkeypatch)
    before = client.get("/plans/mine").get_data(as_text=True)
    assert "Reviewer: Counselor 陈辅导员" in before
    assert "Your class has no class advisor in the portal, so your counselor reviews" in before
    plan, after = submit(client, login, make, db, followup, monkeypatch)
    assert plan.reviewer_role == "class_advisor" and plan.status == "submitted"
    assert "Your plan was sent to Counselor 陈辅导员." in after
    assert "Reviewer: Counselor 陈辅导员" in after
    [news] = told(db, followup.counselor)
    assert news.link == f"/plans/{plan.id}" and "submitted a study plan" in news.message
    login(followup.counselor)
    in_english(client)
    queue = client.get("/plans/").get_data(as_text=True)
    assert f'href="/plans/{plan.id}"' in queue.split("Waiting for your review")[1]
    home = client.get("/").get_data(as_text=True)
    assert "Study plans to review" in home and f"/plans/{plan.id}" in home
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "The class has no class advisor in the portal: the counselor reviews" in page
    assert 'value="sign"' in page
    assert client.post(f"/plans/{plan.id}/review", data=SIGN).status_code == 303
    db.session.expire_all()
    signed = db.session.get(Plan, plan.id)
    assert signed.status == "signed" and signed.current.signed_by_id == followup.counselor.id


def test_an_older_students_plan_without_a_mentor_goes_to_the_class_advisor_then_the_counselor(
    client, login, make, db, followup, monkeypatch
):
    """The 2023 intake is in year 4: the mentor's tier, and no mentor reaches the class."""
    plan, page = submit(client, login, make, db, followup, monkeypatch)
    assert plan.reviewer_role == "mentor"
    assert "Reviewer: Class advisor 黄班主任" in page
    assert "No academic mentor for your major is in the portal, so your class advisor" in page
    assert len(told(db, followup.advisor)) == 1 and told(db, followup.counselor) == []
    login(followup.advisor)
    queue = client.get("/plans/").get_data(as_text=True)
    assert f'href="/plans/{plan.id}"' in queue.split("Waiting for your review")[1]
    without(db, followup.advisor)
    login(student_of(make, followup))
    in_english(client)
    page = client.get("/plans/mine").get_data(as_text=True)
    assert "Reviewer: Counselor 陈辅导员" in page
    assert "No academic mentor for your major and no class advisor for your class" in page
    login(followup.counselor)
    assert f'href="/plans/{plan.id}"' in client.get("/plans/").get_data(as_text=True)
    assert client.post(f"/plans/{plan.id}/review", data=SIGN).status_code == 303


def test_a_waiting_plan_moves_when_an_advisor_is_appointed_or_removed(
    client, login, make, db, followup, monkeypatch
):
    first_years(db, followup)
    without(db, followup.advisor)
    plan, _page = submit(client, login, make, db, followup, monkeypatch)
    appointed = make.user(role="class_advisor", scope=followup.school_class, name="新班主任")
    # The counselor stood in while the class had no advisor; the new advisor reviews now.
    login(followup.counselor)
    queue = client.get("/plans/").get_data(as_text=True)
    assert "Waiting for your review" not in queue and 'value="sign"' not in client.get(
        f"/plans/{plan.id}"
    ).get_data(as_text=True)
    assert client.post(f"/plans/{plan.id}/review", data=SIGN).status_code == 403
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).status == "submitted"
    assert db.session.query(Comment).count() == 0
    login(student_of(make, followup))
    assert "Reviewer: Class advisor 新班主任" in client.get("/plans/mine").get_data(as_text=True)
    login(appointed)
    queue = client.get("/plans/").get_data(as_text=True)
    assert f'href="/plans/{plan.id}"' in queue.split("Waiting for your review")[1]
    # Removed again before signing: back to the counselor, who signs.
    without(db, appointed)
    login(followup.counselor)
    assert f'href="/plans/{plan.id}"' in client.get("/plans/").get_data(as_text=True)
    assert client.post(f"/plans/{plan.id}/review", data=SIGN).status_code == 303
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).status == "signed"


def test_only_the_reviewer_the_chain_names_now_signs(
    client, login, make, db, followup, monkeypatch
):
    """A forged sign-off from anyone else is refused and writes nothing."""
    mentor = make.user(role="mentor", scope=followup.school_class, name="郑导师")
    plan, _page = submit(client, login, make, db, followup, monkeypatch)
    other_class = make.school_class(followup.school_class.major)
    strangers = {
        followup.counselor: 403,  # reads the plan; the mentor reviews it
        followup.advisor: 403,
        make.user(role="counselor", scope=other_class): 404,
        make.user(role="class_advisor", scope=other_class): 404,
        make.user(role="mentor", scope=make.major()): 404,
    }
    for user, status in strangers.items():
        login(user)
        for action in ("sign", "return", "comment"):
            response = client.post(
                f"/plans/{plan.id}/review", data={**SIGN, "action": action, "text": "改"}
            )
            assert response.status_code == status, (user.name, action)
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).status == "submitted"
    assert db.session.query(Comment).count() == 0
    assert told(db, student_of(make, followup)) == []
    login(mentor)
    assert client.post(f"/plans/{plan.id}/review", data=SIGN).status_code == 303


def test_with_nobody_to_review_the_student_is_told_and_the_college_secretary_hears(
    client, login, make, db, followup, monkeypatch
):
    first_years(db, followup)
    without(db, followup.advisor, followup.counselor)
    college = followup.school_class.major.college
    secretary = make.user(role="secretary", scope=college, name="林秘书")
    office = make.user(role="secretary", name="教务处何老师")  # the whole school's
    as_the_student(client, login, make, followup, monkeypatch)
    before = client.get("/plans/mine").get_data(as_text=True)
    assert "Reviewer: nobody yet" in before
    assert "no class advisor or counselor is assigned to your class" in before
    assert "Please contact your college office so they can arrange a reviewer." in before
    plan, after = submit(client, login, make, db, followup, monkeypatch)
    assert "Your plan is submitted, but nobody in the portal can review it yet." in after
    assert "Your college office has been told; please contact them too." in after
    assert "Please contact your college office; they have been told." in after
    [news] = told(db, secretary)
    assert news.link == f"/plans/{plan.id}" and "nobody in the portal can review" in news.message
    assert told(db, office) == []  # the college has its own secretary
    login(secretary)
    in_english(client)
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "Nobody in the portal can review this plan" in page and 'value="sign"' not in page
    listed = client.get("/plans/").get_data(as_text=True)
    assert f'href="/plans/{plan.id}"' in listed.split("Nobody can review these plans")[1]
    assert client.post(f"/plans/{plan.id}/review", data=SIGN).status_code == 403
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).status == "submitted"


def test_a_college_without_a_secretary_leaves_the_news_with_the_teaching_office(
    client, login, make, db, followup, monkeypatch
):
    first_years(db, followup)
    without(db, followup.advisor, followup.counselor)
    office = make.user(role="secretary", name="教务处何老师")
    plan, _page = submit(client, login, make, db, followup, monkeypatch)
    [news] = told(db, office)
    assert news.link == f"/plans/{plan.id}"


def test_a_plan_whose_reviewers_leave_while_it_waits_is_listed_for_the_secretary(
    client, login, make, db, followup, monkeypatch
):
    first_years(db, followup)
    secretary = make.user(role="secretary", scope=followup.school_class.major.college)
    plan, _page = submit(client, login, make, db, followup, monkeypatch)
    login(secretary)
    assert "Nobody can review these plans" not in client.get("/plans/").get_data(as_text=True)
    without(db, followup.advisor, followup.counselor)
    listed = client.get("/plans/").get_data(as_text=True)
    assert f'href="/plans/{plan.id}"' in listed.split("Nobody can review these plans")[1]
    login(student_of(make, followup))
    page = client.get("/plans/mine").get_data(as_text=True)
    assert "Reviewer: nobody yet" in page and "Please contact your college office" in page


def test_a_counselor_with_no_plan_to_review_has_no_review_card(
    client, login, make, db, followup, monkeypatch
):
    submit(client, login, make, db, followup, monkeypatch)  # the class advisor reviews it
    login(followup.counselor)
    assert "Study plans to review" not in client.get("/").get_data(as_text=True)


def test_the_term_end_report_goes_to_the_reviewer_now(
    client, login, make, db, followup, monkeypatch
):
    """Signed by the class advisor, who has left since: the report goes to the counselor."""
    from .test_plans import AUTUMN_ENDS, REPORT_OPENS

    term = make.term("2026-2027-1")
    term.start_date, term.end_date = PUBLISHED, AUTUMN_ENDS
    plan, _page = submit(client, login, make, db, followup, monkeypatch)
    login(followup.advisor)
    assert client.post(f"/plans/{plan.id}/review", data=SIGN).status_code == 303
    without(db, followup.advisor)
    pin_today(monkeypatch, REPORT_OPENS)
    login(student_of(make, followup))
    in_english(client)
    data = {"goals-0-outcome": "已清除", "courses-0-outcome": "重修通过", "summary": "基本完成。"}
    response = client.post("/plans/mine/report", data=data, follow_redirects=True)
    assert "Your term-end report was sent to Counselor 陈辅导员." in response.get_data(as_text=True)
    assert [n.message for n in told(db, followup.counselor)] == [
        "%(name)s reported how their study plan went."
    ]
    login(followup.counselor)
    closing = {"action": "closing", "part": "report", "text": "进步明显。"}
    assert client.post(f"/plans/{plan.id}/review", data=closing).status_code == 303


def test_in_the_demo_every_warned_student_has_a_reviewer_by_name(app, client, db):
    """生科2502班 has no class advisor, and no academic mentor covers 生物技术 (its classes are
    all in year 3 or later): their plans go to their counselors, and nobody's plan waits on
    nobody."""
    from sqlalchemy import true

    from portal.core import standing
    from portal.core.models import SchoolClass, Student, User
    from portal.modules.plans.reviewers import reviewer_role, reviewers_of

    result = app.test_cli_runner().invoke(args=["demo", "--password", "demo-pass-123"])
    assert result.exit_code == 0, result.output
    with app.test_request_context():
        warned = standing.current(true())
        students = db.session.query(Student).filter(Student.id.in_(warned)).all()
        found = reviewers_of(students, {s.id: reviewer_role(s) for s in students})
    assert students and not [s.student_no for s in students if found[s.id].nobody]
    for class_name, counselor in (("生科2502班", "陈辅导员"), ("生技", "许辅导员")):
        student = (
            db.session.query(Student)
            .join(SchoolClass)
            .join(User, User.student_id == Student.id)
            .filter(Student.id.in_(warned), SchoolClass.name.startswith(class_name))
            .order_by(Student.student_no)
            .first()
        )
        client.post("/logout")
        client.post("/login", data={"username": student.student_no, "password": "demo-pass-123"})
        in_english(client)
        page = client.get("/plans/mine").get_data(as_text=True)
        assert f"Reviewer: Counselor {counselor}" in page, student.student_no
