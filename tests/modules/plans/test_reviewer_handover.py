"""An outside tester's finding: a plan waiting for review moved to someone else when the
people changed (its reviewer is computed when read) and the new reviewer was never told.
Now the administrator's change of roles is heard (the core's `roles_changing`): each person
who now reviews waiting plans they did not review before is told once, with how many and a
link to the review list; a student whose waiting plan had nobody to review is told that
someone does now; nobody else hears anything.

A waiting plan that loses every reviewer is told as one submitted with nobody to review: the
student, in kind words, and the college's secretary, who arranges a reviewer, once. A roster
import that moves a student to another class is heard the same way (the core's
`students_moving`)."""

from portal.core.models import Notification, RoleGrant

from ...xlsx_files import roster_row, roster_xlsx
from .test_plans import student_of
from .test_reviewer_chain import first_years, in_english, submit, told, without

PASSED = "Study plans waiting for review passed to you as their reviewers changed: 1."
LOST = (
    "Study plans waiting for review have nobody left in the portal to review them as their "
    "reviewers changed: 1. Please arrange a reviewer: the study plans page lists them under "
    "“Nobody can review these plans”."
)
ALONE = (
    "Nobody in the portal can review your study plan now: the people who review it changed. "
    "Your plan stays as you sent it and you need not do anything; your college office has "
    "been told and will arrange a reviewer. You may contact them too."
)


def news(db, user, before: list) -> list[Notification]:
    """What the user was told since `before` (what `told` gave earlier)."""
    db.session.expire_all()
    return [n for n in told(db, user) if n not in before]


def as_admin(login, make):
    login(make.user(role="admin"))  # a fresh log-in: roles change without the step-up page


def grant(client, user, role: str, scope) -> None:
    response = client.post(
        f"/admin/users/{user.id}/grants", data={"role": role, "scope": f"class:{scope.id}"}
    )
    assert response.status_code == 303


def revoke(client, db, user, role: str) -> None:
    [held] = db.session.query(RoleGrant).filter_by(user_id=user.id, role=role).all()
    response = client.post(f"/admin/users/{user.id}/grants/{held.id}/delete")
    assert response.status_code == 303


def disable(client, db, user) -> None:
    """The account form sent without "active"."""
    response = client.post(
        f"/admin/users/{user.id}", data={"username": user.username, "name": user.name}
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert not user.active


def test_the_reviewer_a_waiting_plan_passes_to_is_told_once(
    client, login, make, db, followup, monkeypatch
):
    first_years(db, followup)
    plan, _page = submit(client, login, make, db, followup, monkeypatch)
    advisor, counselor = followup.advisor, followup.counselor
    seen = {user: told(db, user) for user in (advisor, counselor)}
    assert len(seen[advisor]) == 1 and seen[counselor] == []  # the advisor's, on submission
    as_admin(login, make)
    revoke(client, db, advisor, "class_advisor")
    [passed] = news(db, counselor, seen[counselor])
    assert passed.link == "/plans/" and passed.params == {"n": 1}
    assert news(db, advisor, seen[advisor]) == []
    seen = {user: told(db, user) for user in (advisor, counselor)}
    grant(client, advisor, "class_advisor", followup.school_class)
    [back] = news(db, advisor, seen[advisor])
    assert back.message == passed.message and back.params == {"n": 1}
    assert news(db, counselor, seen[counselor]) == []
    login(advisor)
    in_english(client)
    assert PASSED in client.get("/notifications/").get_data(as_text=True)
    queue = client.get(back.link).get_data(as_text=True)
    assert f'href="/plans/{plan.id}"' in queue.split("Waiting for your review")[1]


def test_nobody_is_told_when_the_reviewers_of_waiting_plans_stay_the_same(
    client, login, make, db, followup, monkeypatch
):
    """A role that reviews no plan, a mentor over a first year's class (the class advisor
    still reviews), a second counselor (who reviews beside nobody: the advisor does)."""
    first_years(db, followup)
    submit(client, login, make, db, followup, monkeypatch)
    before = db.session.query(Notification).count()
    as_admin(login, make)
    someone = make.user(name="新老师")
    grant(client, someone, "teacher", followup.school_class)
    grant(client, someone, "mentor", followup.school_class)
    grant(client, someone, "counselor", followup.school_class)
    revoke(client, db, someone, "counselor")
    revoke(client, db, followup.counselor, "counselor")
    db.session.expire_all()
    assert db.session.query(Notification).count() == before


def test_a_student_whose_waiting_plan_had_no_reviewer_is_told_one_was_appointed(
    client, login, make, db, followup, monkeypatch
):
    first_years(db, followup)
    without(db, followup.advisor, followup.counselor)
    _plan, page = submit(client, login, make, db, followup, monkeypatch)
    assert "nobody in the portal can review it yet" in page
    student = student_of(make, followup)
    seen = told(db, student)
    as_admin(login, make)
    appointed = make.user(name="新辅导员")
    grant(client, appointed, "counselor", followup.school_class)
    [passed] = news(db, appointed, [])
    assert passed.params == {"n": 1}
    [found] = news(db, student, seen)
    assert found.link == "/plans/mine" and found.params["names"] == "新辅导员"
    login(student)
    in_english(client)
    listing = client.get("/notifications/").get_data(as_text=True)
    assert "Your study plan now has a reviewer in the portal: Counselor 新辅导员." in listing


def test_a_disabled_reviewer_s_waiting_plans_pass_on_and_are_told(
    client, login, make, db, followup, monkeypatch
):
    first_years(db, followup)
    submit(client, login, make, db, followup, monkeypatch)
    seen = told(db, followup.counselor)
    as_admin(login, make)
    disable(client, db, followup.advisor)
    [passed] = news(db, followup.counselor, seen)
    assert passed.params == {"n": 1}


def waiting(client, login, make, db, followup, monkeypatch):
    """A first year's plan submitted (the class advisor reviews), the student's account and
    the college's secretary."""
    first_years(db, followup)
    secretary = make.user(role="secretary", scope=followup.school_class.major.college)
    plan, _page = submit(client, login, make, db, followup, monkeypatch)
    return plan, student_of(make, followup), secretary


def test_a_waiting_plan_that_loses_its_last_reviewer_tells_the_student_and_the_secretary_once(
    client, login, make, db, followup, monkeypatch
):
    plan, student, secretary = waiting(client, login, make, db, followup, monkeypatch)
    as_admin(login, make)
    revoke(client, db, followup.advisor, "class_advisor")  # the counselor reviews now
    assert told(db, student) == [] and told(db, secretary) == []
    revoke(client, db, followup.counselor, "counselor")  # and now nobody
    [alone] = news(db, student, [])
    assert alone.link == "/plans/mine"
    [lost] = news(db, secretary, [])
    assert lost.link == "/plans/" and lost.params == {"n": 1}
    seen = {user: told(db, user) for user in (student, secretary, followup.counselor)}
    grant(client, make.user(), "teacher", followup.school_class)  # still nobody: nothing more
    assert all(news(db, user, seen[user]) == [] for user in seen)
    login(secretary)
    in_english(client)
    assert LOST in client.get("/notifications/").get_data(as_text=True)
    listed = client.get(lost.link).get_data(as_text=True)
    assert f'href="/plans/{plan.id}"' in listed.split("Nobody can review these plans")[1]
    login(student)
    in_english(client)
    assert ALONE in client.get("/notifications/").get_data(as_text=True)


def test_a_disabled_last_reviewer_leaves_the_news_with_the_teaching_office(
    client, login, make, db, followup, monkeypatch
):
    """No secretary over the college: the whole school's hears, as at submission."""
    first_years(db, followup)
    without(db, followup.counselor)  # the class advisor reviews, alone
    office = make.user(role="secretary", name="教务处何老师")
    submit(client, login, make, db, followup, monkeypatch)
    as_admin(login, make)
    disable(client, db, followup.advisor)
    [lost] = news(db, office, [])
    assert lost.params == {"n": 1}
    [alone] = news(db, student_of(make, followup), [])
    assert alone.link == "/plans/mine"


def move(app, tmp_path, student, school_class) -> None:
    """The roster, imported from the command line, places `student` in `school_class`."""
    major = school_class.major
    row = roster_row(
        student.student_no,
        student.name,
        klass=school_class.name,
        学院=major.college.name,
        专业=major.name,
    )
    result = app.test_cli_runner().invoke(
        args=["import-students", str(roster_xlsx(tmp_path / "moved.xlsx", row))]
    )
    assert result.exit_code == 0, result.output


def test_a_student_moved_by_the_roster_import_takes_the_plan_to_the_new_classes_advisor(
    app, tmp_path, client, login, make, db, followup, monkeypatch
):
    plan, student, secretary = waiting(client, login, make, db, followup, monkeypatch)
    seen = {user: told(db, user) for user in (student, secretary, followup.advisor)}
    other = make.school_class(followup.school_class.major)
    appointed = make.user(role="class_advisor", scope=other, name="新班主任")
    move(app, tmp_path, followup.red, other)
    [passed] = news(db, appointed, [])
    assert passed.link == "/plans/" and passed.params == {"n": 1}
    assert all(news(db, user, seen[user]) == [] for user in seen)
    move(app, tmp_path, followup.red, other)  # the same roster again: nobody moves
    assert news(db, appointed, []) == [passed]
    login(appointed)
    queue = client.get(passed.link).get_data(as_text=True)
    assert f'href="/plans/{plan.id}"' in queue.split("Waiting for your review")[1]


def test_a_student_moved_where_nobody_reviews_is_told_and_so_is_that_colleges_secretary(
    app, tmp_path, client, login, make, db, followup, monkeypatch
):
    _plan, student, here = waiting(client, login, make, db, followup, monkeypatch)
    elsewhere = make.school_class()
    there = make.user(role="secretary", scope=elsewhere.major.college)
    move(app, tmp_path, followup.red, elsewhere)
    [alone] = news(db, student, [])
    assert alone.link == "/plans/mine"
    [lost] = news(db, there, [])
    assert lost.params == {"n": 1}
    assert news(db, here, []) == []
    seen = told(db, student)
    move(app, tmp_path, followup.red, followup.school_class)  # back: the advisor again
    [found] = news(db, student, seen)
    assert found.params["names"] == "黄班主任"
    assert news(db, there, [lost]) == []
