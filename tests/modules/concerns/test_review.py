"""The prevention figure: concerned students later warned; warned students with a concern
first. Per class and for the college."""

from datetime import date

from portal.modules.concerns.models import Assignment, Concern, Survey


def raise_concerns(db, teacher, school_class, *raised):
    """A September survey of 课程B in `school_class`; the teacher raises a quiz concern for
    each (student, day) of `raised`."""
    survey = Survey(
        college_id=school_class.major.college_id,
        title="期中",
        opens_on=date(2026, 9, 1),
        closes_on=date(2026, 9, 20),
    )
    item = Assignment(class_id=school_class.id, course_name="课程B", teacher_id=teacher.id)
    survey.assignments = [item]
    db.session.add(survey)
    db.session.flush()
    db.session.add_all(
        Concern(
            assignment_id=item.id,
            student_id=student.id,
            kinds=["quiz"],
            raised_on=day,
            raised_by_id=teacher.id,
        )
        for student, day in raised
    )
    db.session.flush()


def test_the_figure_counts_concerns_before_warnings(client, login, make, db, followup):
    school_class = followup.school_class
    college = school_class.major.college
    teacher = make.user(role="teacher", scope=college)
    extra = make.student(school_class, name="没被警示")
    raise_concerns(
        db,
        teacher,
        school_class,
        (followup.red, date(2026, 9, 3)),
        (followup.orange, date(2026, 9, 10)),
        (extra, date(2026, 9, 3)),
    )
    login(make.user(role="leader", scope=college))
    page = client.get("/concerns/review").get_data(as_text=True)
    row = (
        f'<td>{school_class.name}</td><td class="num">3</td><td class="num">1</td>'
        '<td class="num">3</td><td class="num">1</td>'
    )
    assert row in page
    assert '<th class="num">3</th><th class="num">1</th>' in page


def test_the_figure_is_for_the_leader_and_secretary_only(client, login, make, db, followup):
    login(followup.counselor)
    assert client.get("/concerns/review").status_code == 403


def test_another_colleges_survey_does_not_start_this_colleges_count(
    client, login, make, db, followup
):
    """Warnings in a college that never ran a survey are not counted as missed chances."""
    other = make.college(name="别的学院")
    db.session.add(
        Survey(
            college_id=other.id,
            title="别处的调查",
            opens_on=date(2026, 1, 1),
            closes_on=date(2026, 1, 20),
        )
    )
    db.session.flush()
    login(make.user(role="leader", scope=followup.school_class.major.college))
    page = client.get("/concerns/review").get_data(as_text=True)
    assert '<th class="num">0</th><th class="num">0</th><th class="num">0</th>' in page


def test_the_review_learns_who_had_a_concern_first(app, make, db, followup):
    """Through the core's facts registry (the review module is not imported or edited)."""
    from portal.core import facts
    from portal.core.models import Student

    college = followup.school_class.major.college
    teacher = make.user(role="teacher", scope=college)
    raise_concerns(
        db,
        teacher,
        followup.school_class,
        (followup.red, date(2026, 9, 3)),
        (followup.orange, date(2026, 9, 10)),
    )
    since = {s.id: date(2026, 9, 7) for s in (followup.yellow, followup.orange, followup.red)}
    with app.test_request_context():
        fact = facts.facts()["concern"]
        states = fact.values(facts.Cohort(followup.run.term_id, Student.id.in_(list(since)), since))
    assert states == {
        followup.red.id: "first",
        followup.orange.id: "none",
        followup.yellow.id: "none",
    }
