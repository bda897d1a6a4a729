"""Acting on concerns: due talks for the counselor and class advisor, closing with an
outcome, the teacher seeing "followed up", the watch list, the student's own view."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.core.models import Notification
from portal.modules.concerns.models import Concern

from ...followup import pin_today
from .conftest import TODAY, marks


def raise_concerns(client, login, world):
    a = world.students_a
    login(world.teacher)
    client.post(
        f"/concerns/teach/{world.math_a.id}",
        data=marks((a[0], ["absence"], "三次缺课"), (a[1], ["homework"]), (a[2], ["quiz"])),
    )
    client.post(f"/concerns/teach/{world.english_a.id}", data=marks((a[0], ["engagement"])))


def test_each_concern_is_due_to_the_counselor_and_the_advisor_within_seven_days(
    client, login, db, world
):
    raise_concerns(client, login, world)
    for who in (world.counselor, world.advisor):
        login(who)
        page = client.get("/concerns/due").get_data(as_text=True)
        for student in world.students_a[:3]:
            assert student.name in page
        assert "2026/10/27" in page or "10/27/26" in page or "2026-10-27" in page, page[-3000:]
        assert "三次缺课" in page  # staff read the teacher's note
        assert "/talks/students/" in page  # the talks module's form, by endpoint name
        widget = client.get("/concerns/widget").get_data(as_text=True)
        assert "关注了 3 名学生" in widget  # four concerns, three students


def test_the_college_setting_changes_when_the_talk_is_due(client, login, db, world):
    login(world.secretary)
    client.post(
        "/concerns/settings", data={"college_id": world.college.id, "talk_within_days": "3"}
    )
    raise_concerns(client, login, world)
    with client.application.test_request_context():
        from portal.modules.concerns.services import due_for

        items = due_for(world.counselor)
    assert {d.due.due_on for d in items} == {TODAY + timedelta(days=3)}


def test_a_setting_out_of_range_is_refused(client, login, db, world):
    login(world.secretary)
    response = client.post(
        "/concerns/settings",
        data={"college_id": world.college.id, "talk_within_days": "0"},
        follow_redirects=True,
    )
    assert "1 到 60" in response.get_data(as_text=True)


def test_an_unmet_talk_turns_overdue(client, login, db, world, monkeypatch):
    raise_concerns(client, login, world)
    pin_today(monkeypatch, TODAY + timedelta(days=9))
    login(world.counselor)
    with client.application.test_request_context():
        from portal.modules.concerns.services import due_for

        assert {d.due.state for d in due_for(world.counselor)} == {"overdue"}


def test_closing_a_concern_takes_it_off_the_list_and_the_teacher_sees_followed_up(
    client, login, db, world
):
    raise_concerns(client, login, world)
    concern = db.session.scalar(select(Concern).where(Concern.student_id == world.students_a[1].id))
    login(world.counselor)
    _talk_with(client, world.students_a[1])
    response = client.post(f"/concerns/{concern.id}/close", data={"outcome": "talked_support"})
    assert response.status_code == 303
    assert concern.closed_on == TODAY and concern.closed_role == "counselor"
    page = client.get("/concerns/due").get_data(as_text=True)
    assert f'id="concern-{concern.id}"' not in page and world.students_a[2].name in page
    assert (
        db.session.scalar(select(Notification).where(Notification.user_id == world.teacher.id))
        is not None
    )
    login(world.teacher)
    page = client.get(f"/concerns/teach/{world.math_a.id}").get_data(as_text=True)
    assert page.count('<span class="followed">已跟进</span>') == 1
    assert "talked_support" not in page and "已安排帮扶" not in page
    assert "已跟进 1 人" in client.get("/concerns/teach").get_data(as_text=True)


def test_closing_without_an_outcome_is_refused(client, login, db, world):
    raise_concerns(client, login, world)
    concern = db.session.scalars(select(Concern)).first()
    login(world.advisor)
    response = client.post(
        f"/concerns/{concern.id}/close", data={"outcome": "nonsense"}, follow_redirects=True
    )
    assert "请选择跟进结果。" in response.get_data(as_text=True)
    assert concern.closed_on is None


def test_closing_without_an_outcome_goes_back_to_the_list_naming_the_row(client, login, db, world):
    """A walk was left at the POST-only /close address by this refusal: a reload or the
    language switch then answered 405, and the error did not say which row it was about."""
    raise_concerns(client, login, world)
    student = world.students_a[1]
    concern = db.session.scalar(select(Concern).where(Concern.student_id == student.id))
    notices = db.session.scalar(select(func.count()).select_from(Notification))
    login(world.counselor)
    response = client.post(f"/concerns/{concern.id}/close", data={"outcome": ""})
    assert response.status_code == 303 and response.location == "/concerns/due"
    page = client.get(response.location).get_data(as_text=True)
    assert f"对{student.name}（高等数学）的关注未关闭：请选择跟进结果。" in page
    assert f'id="concern-{concern.id}"' in page  # the row is still there to close
    db.session.refresh(concern)
    assert concern.closed_on is None and concern.outcome is None
    assert db.session.scalar(select(func.count()).select_from(Notification)) == notices


def test_a_counselor_of_another_class_cannot_close_it(client, login, make, db, world):
    raise_concerns(client, login, world)
    concern = db.session.scalars(select(Concern)).first()
    stranger = make.user(role="counselor", scope=world.class_b)
    login(stranger)
    assert (
        client.post(f"/concerns/{concern.id}/close", data={"outcome": "no_issue"}).status_code
        == 404
    )
    assert concern.closed_on is None
    assert world.students_a[0].name not in client.get("/concerns/due").get_data(as_text=True)


def test_the_due_kind_feeds_the_cores_due_lists(client, login, db, world, app):
    raise_concerns(client, login, world)
    concern = db.session.scalars(select(Concern)).first()
    login(world.counselor)
    client.post(f"/concerns/{concern.id}/close", data={"outcome": "unreachable"})
    from portal.core.models import Student

    with app.test_request_context():
        from portal.core.dues import kinds

        kind = kinds()["concern_talk"]
        done = kind.done(Student.class_id == world.class_a.id)
    assert done == {(concern.student_id, "counselor"): [TODAY]}


def test_students_concerned_in_two_courses_are_on_the_watch_list(client, login, db, world):
    raise_concerns(client, login, world)
    for who in (world.secretary, world.leader):
        login(who)
        page = client.get("/concerns/watch").get_data(as_text=True)
        assert world.students_a[0].name in page and "大学英语、高等数学" in page
        assert world.students_a[1].name not in page
        assert '<td>电气2301班</td><td class="num">1</td>' in page
    login(world.teacher)
    assert client.get("/concerns/watch").status_code == 403


def test_the_student_sees_a_supportive_note_and_whom_to_talk_to_not_the_teachers_note(
    client, login, make, db, world
):
    raise_concerns(client, login, world)
    login(make.student_user(world.students_a[0]))
    page = client.get("/concerns/mine").get_data(as_text=True)
    assert "陈辅导员" in page and "黄班主任" in page and "高等数学" in page
    assert "三次缺课" not in page
    assert "陈辅导员" in client.get("/concerns/mine/widget").get_data(as_text=True)
    login(world.secretary)
    client.post(
        "/concerns/settings",
        data={"college_id": world.college.id, "talk_within_days": "7", "show_note": "1"},
    )
    login(
        db.session.scalar(
            select(type(world.teacher)).where(
                type(world.teacher).student_id == world.students_a[0].id
            )
        )
    )
    assert "三次缺课" in client.get("/concerns/mine").get_data(as_text=True)


def test_a_student_without_concerns_sees_none_and_nobody_elses(client, login, make, db, world):
    raise_concerns(client, login, world)
    login(make.student_user(world.students_a[4]))
    page = client.get("/concerns/mine").get_data(as_text=True)
    assert "没有老师提出关注" in page
    assert world.students_a[0].name not in page and "高等数学" not in page


def test_the_profile_tab_shows_concerns_to_staff_in_scope_only(client, login, make, db, world):
    raise_concerns(client, login, world)
    student = world.students_a[0]
    login(world.counselor)
    page = client.get(f"/concerns/students/{student.id}").get_data(as_text=True)
    assert "高等数学" in page and "三次缺课" in page
    login(make.user(role="counselor", scope=world.class_b))
    assert client.get(f"/concerns/students/{student.id}").status_code == 404


def test_the_watch_list_counts_courses_within_one_survey(client, login, make, world):
    raise_concerns(client, login, world)
    earlier = make.concern(
        world.students_a[1],
        world.teacher,
        raised_on=TODAY - timedelta(days=190),
        course="线性代数",
        kinds=["quiz"],
    ).assignment.survey
    login(world.leader)
    page = client.get("/concerns/watch").get_data(as_text=True)  # the latest survey
    assert world.students_a[0].name in page and world.students_a[1].name not in page
    page = client.get(f"/concerns/watch?survey={earlier.id}").get_data(as_text=True)
    assert world.students_a[1].name not in page and world.students_a[0].name not in page


def test_a_talk_recorded_since_the_concern_says_what_is_left_is_closing_it(
    client, login, db, world
):
    """A walk recorded a talk with a concerned student and still saw the concern "coming
    up": the list now says when they talked, and that closing it is what is left."""
    from ..talks.test_talks import form

    raise_concerns(client, login, world)
    talked, waiting = world.students_a[1], world.students_a[2]
    login(world.advisor)
    posted = form(held_on=TODAY.isoformat(), talker_role="class_advisor", talkers="黄班主任")
    assert client.post(f"/talks/students/{talked.id}/new", data=posted).status_code == 303
    login(world.counselor)  # a talk by either of them follows the concern up
    widget = client.get("/concerns/widget").get_data(as_text=True)
    row = widget[widget.index(talked.name) :].split("</li>")[0]
    assert "已于 2026-10-20 谈话" in row
    row = widget[widget.index(waiting.name) :].split("</li>")[0]
    assert "谈话：请关闭" not in row
    client.post("/locale", data={"locale": "en"})
    assert "talked on 2026-10-20: close it" in client.get("/concerns/due").get_data(as_text=True)


def _talk_with(client, student):
    from ..talks.test_talks import form

    talked = client.post(f"/talks/students/{student.id}/new", data=form(held_on=TODAY.isoformat()))
    assert talked.status_code == 303


def test_an_outcome_that_says_they_talked_needs_the_talk_on_record(client, login, db, world):
    """A walk closed a concern as "talked; catching up" with no talk recorded, and the
    teacher read "followed up": such an outcome needs the talk on record; "could not reach
    the student" does not."""
    raise_concerns(client, login, world)
    student = world.students_a[2]
    concern = db.session.scalar(select(Concern).where(Concern.student_id == student.id))
    login(world.counselor)
    refused = client.post(
        f"/concerns/{concern.id}/close?all=1", data={"outcome": "talked_improving"}
    )
    assert refused.status_code == 303 and refused.location == "/concerns/due?all=1"
    assert "请先记录" in client.get(refused.location).get_data(as_text=True)
    db.session.refresh(concern)
    assert concern.closed_on is None
    _talk_with(client, student)
    closed = client.post(f"/concerns/{concern.id}/close", data={"outcome": "talked_improving"})
    assert closed.status_code == 303
    other = db.session.scalar(select(Concern).where(Concern.student_id == world.students_a[1].id))
    unreachable = client.post(f"/concerns/{other.id}/close", data={"outcome": "unreachable"})
    assert unreachable.status_code == 303
