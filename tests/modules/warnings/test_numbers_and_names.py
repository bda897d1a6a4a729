"""Issue 17 #8: lists of warned students show 学号 to staff, so two students of the same name
can be told apart (course teachers still see name and level only); names do not wrap."""


def test_two_students_of_the_same_name_are_told_apart_on_the_roster(
    client, login, make, db, followup
):
    followup.yellow.name = followup.red.name = "王伟"
    db.session.flush()
    login(followup.counselor)
    page = client.get(f"/warnings/?term={followup.run.term_id}").get_data(as_text=True)
    assert page.count('<td class="name">王伟') == 2
    assert followup.yellow.student_no in page and followup.red.student_no in page


def test_the_plan_reviewers_card_shows_the_student_number(
    client, login, make, db, followup, monkeypatch
):
    from ..plans.test_plans import reviewer, submitted

    mentor = reviewer(make, followup)
    submitted(client, login, make, db, followup, monkeypatch)
    login(mentor)
    page = client.get("/").get_data(as_text=True)
    assert f'class="name">{followup.red.name}</a> {followup.red.student_no}' in page


def test_a_course_teacher_still_sees_name_and_level_only(client, login, make, db, followup):
    teacher = make.user(role="teacher", scope=followup.school_class.major.college)
    make.teaching(teacher, followup.school_class)
    login(teacher)
    page = client.get(f"/warnings/levels?term={followup.run.term_id}").get_data(as_text=True)
    assert f'<td class="name">{followup.red.name}</td>' in page
    assert followup.red.student_no not in page


def test_a_teacher_no_course_roster_names_is_told_why_the_list_is_empty(
    client, login, make, followup
):
    """A teacher granted over the college reaches nobody until course data names them: the
    page says so and what to ask for, rather than "nobody in your classes is warned"."""
    teacher = make.user(role="teacher", scope=followup.school_class.major.college)
    login(teacher)
    url = f"/warnings/levels?term={followup.run.term_id}"
    page = client.get(url).get_data(as_text=True)
    assert "还没有课程名单记载您任教的课程" in page and followup.red.name not in page
    make.teaching(teacher, followup.school_class)
    page = client.get(url).get_data(as_text=True)
    assert "还没有课程名单" not in page and followup.red.name in page
