"""Who may record (issue 18): leaders, course teachers and academic mentors record talks and
parent meetings for students in their scope, shown with their role; a course teacher's
students are those of the courses they teach when the grades name the teacher."""

import pytest

from portal.core.models import GradeRecord
from portal.modules.parents.models import Contact
from portal.modules.talks.models import Talk

from ..parents.test_parents import contact, dropout_meeting, guardian_of
from .test_talks import form


@pytest.mark.parametrize("role", ["leader", "teacher", "mentor"])
def test_leaders_teachers_and_mentors_record_a_talk_shown_with_their_role(
    client, login, make, db, followup, role
):
    college = followup.school_class.major.college
    user = make.user(role=role, scope=college, name="新角色老师")
    if role == "teacher":
        make.teaching(user, followup.school_class)  # whom they teach: course data says
    login(user)
    page = client.get(f"/talks/students/{followup.red.id}/new").get_data(as_text=True)
    assert f'<option selected value="{role}">' in page
    response = client.post(
        f"/talks/students/{followup.red.id}/new", data=form(talker_role=role, talkers="新角色老师")
    )
    assert response.status_code == 303
    talk = db.session.query(Talk).one()
    assert talk.talker_role == role
    label = {"leader": "学院领导", "teacher": "任课教师", "mentor": "专业导师"}[role]
    login(followup.counselor)  # the record reads with the recorder's role
    assert label in client.get(f"/talks/{talk.id}").get_data(as_text=True)


def test_a_course_teacher_records_but_never_reads_other_staffs_talks(
    client, login, make, db, followup
):
    login(followup.counselor)
    client.post(f"/talks/students/{followup.red.id}/new", data=form(content="辅导员的谈话内容"))
    theirs = db.session.query(Talk).one()
    login(_teacher_of(make, followup))
    response = client.post(
        f"/talks/students/{followup.red.id}/new",
        data=form(talker_role="teacher", content="教师的谈话"),
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("/")
    mine = db.session.query(Talk).filter_by(talker_role="teacher").one()
    for url in (
        f"/talks/{theirs.id}",
        f"/talks/{theirs.id}/edit",
        f"/talks/students/{followup.red.id}",
    ):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert "辅导员的谈话内容" not in response.get_data(as_text=True)
    assert "教师的谈话" in client.get(f"/talks/{mine.id}/edit").get_data(as_text=True)


@pytest.mark.parametrize("role", ["leader", "mentor"])
def test_they_record_a_parent_meeting_but_never_see_the_phone_book(
    client, login, make, db, followup, role
):
    login(make.user(role=role, scope=followup.school_class.major.college))
    parent = guardian_of(db, followup.red)
    response = client.post(
        f"/parents/students/{followup.red.id}/new",
        data=dropout_meeting(parent, "学院会议室", "家长、学生", made_by_role=role),
    )
    assert response.status_code == 303
    assert db.session.query(Contact).one().made_by_role == role
    assert client.get(f"/parents/students/{followup.red.id}/phones").status_code == 403


def test_a_course_teacher_never_reaches_the_parent_contact_form(client, login, make, db, followup):
    """No policy has a course teacher contact the parents (lzut §四.10 names the leader, the
    class advisor and the counselor), and their role sees a warned student's name and level
    only: no guardian's name (security.md check 11), no contact written."""
    father = make.guardian(followup.red, name="严远", relation="父亲")
    login(_teacher_of(make, followup))
    page = client.get(f"/parents/students/{followup.red.id}/new")
    assert page.status_code == 403 and "严远" not in page.get_data(as_text=True)
    posted = client.post(
        f"/parents/students/{followup.red.id}/new", data=contact(father, made_by_role="teacher")
    )
    assert posted.status_code == 403 and "严远" not in posted.get_data(as_text=True)
    assert db.session.query(Contact).count() == 0


def test_a_course_teacher_records_talks_only_with_the_warned_students_they_teach(
    client, login, make, db, followup
):
    never_warned = make.student(followup.school_class, name="未预警学生")
    login(_teacher_of(make, followup))
    assert client.get(f"/talks/students/{followup.red.id}/new").status_code == 200
    page = client.get(f"/talks/students/{never_warned.id}/new")
    assert page.status_code == 404 and "未预警学生" not in page.get_data(as_text=True)
    posted = client.post(f"/talks/students/{never_warned.id}/new", data=form(talker_role="teacher"))
    assert posted.status_code == 404 and db.session.query(Talk).count() == 0
    login(followup.counselor)  # a counselor talks with any student of their classes
    assert client.get(f"/talks/students/{never_warned.id}/new").status_code == 200


def test_a_role_posted_that_the_user_does_not_hold_is_refused(client, login, make, db, followup):
    login(_teacher_of(make, followup))
    response = client.post(
        f"/talks/students/{followup.red.id}/new", data=form(talker_role="counselor")
    )
    assert response.status_code == 422 and db.session.query(Talk).count() == 0


def _taught(make, db, student, teacher: str):
    term_id = db.session.query(GradeRecord.term_id).first()[0]
    make.grade(student, term_id, "M1", credits=4, score=50, course_name="高等数学", teacher=teacher)


def test_a_course_teacher_reaches_the_students_of_their_courses_when_grades_name_them(
    client, login, make, db, followup
):
    college = followup.school_class.major.college
    other_class = make.school_class(followup.school_class.major, name="另一个班")
    teacher = make.user("t100", role="teacher", scope=other_class, name="吴老师")
    _taught(make, db, followup.red, "t100")  # the grades name the teacher by 工号
    login(teacher)
    # Taught: reachable, though not in the class granted (same college).
    assert client.get(f"/talks/students/{followup.red.id}/new").status_code == 200
    # Not taught, in the same class: out of reach once the grades name the teacher.
    assert client.get(f"/talks/students/{followup.yellow.id}/new").status_code == 404
    levels = client.get("/warnings/levels", query_string={"term_id": followup.run.term_id})
    text = levels.get_data(as_text=True)
    assert followup.red.name in text and followup.yellow.name not in text
    # Another college's student the teacher also taught stays out of reach.
    stranger = make.student(make.school_class(make.major(make.college(name="别的学院"))))
    _taught(make, db, stranger, "t100")
    assert client.get(f"/talks/students/{stranger.id}/new").status_code == 404
    assert college.id != stranger.college_id


def test_a_teachers_name_in_the_grades_reaches_nobody(client, login, make, db, followup):
    """Names are not unique: only a 工号 or a teaching assignment names a course's teacher."""
    other_class = make.school_class(followup.school_class.major, name="第三个班")
    login(make.user("t102", role="teacher", scope=other_class, name="吴老师"))
    _taught(make, db, followup.red, "吴老师")
    assert client.get(f"/talks/students/{followup.red.id}/new").status_code == 404


def test_a_teaching_assignment_reaches_its_class(client, login, make, db, followup):
    from portal.core.models import Teaching

    other_class = make.school_class(followup.school_class.major, name="第四个班")
    teacher = make.user("t103", role="teacher", scope=other_class)
    db.session.add(
        Teaching(
            term_id=followup.run.term_id,
            course_code="M1",
            course_name="高等数学",
            class_id=followup.school_class.id,
            teacher_id=teacher.id,
            source="courses",
        )
    )
    db.session.flush()
    login(teacher)
    for student in (followup.red, followup.yellow):
        assert client.get(f"/talks/students/{student.id}/new").status_code == 200


def test_without_a_teacher_column_the_grant_is_the_scope(client, login, make, db, followup):
    login(make.user(role="teacher", scope=followup.school_class))
    for student in (followup.red, followup.yellow):
        assert client.get(f"/talks/students/{student.id}/new").status_code == 200


def _teacher_of(make, followup):
    """A course teacher granted over the college who teaches the followed class."""
    teacher = make.user(role="teacher", scope=followup.school_class.major.college)
    make.teaching(teacher, followup.school_class)
    return teacher
