"""Due lists and compliance from the cadence policy, with a pinned clock at the edges."""

from datetime import date, datetime, timedelta

from portal.core import dues
from portal.core.models import Student
from portal.modules.parents.models import Contact
from portal.modules.talks.models import Attendee, Meeting, Talk

from ..followup import PUBLISHED


def talk(db, student, on: date, role="counselor"):
    db.session.add(
        Talk(
            student_id=student.id,
            held_at=datetime.combine(on, datetime.min.time()),
            method="face",
            talker_role=role,
            talkers="某老师",
            content="内容",
        )
    )
    db.session.flush()


def owed(app, student, today, kind="talk", role=None):
    with app.test_request_context():
        return [
            (o.role, o.due.due_on, o.due.state)
            for o in dues.obligations(
                Student.id == student.id,
                kind_codes={kind},
                today=today,
                roles={role} if role else None,
            )
        ]


def test_orange_counselor_talk_is_due_a_week_after_publication(app, followup):
    first = PUBLISHED + timedelta(days=7)
    assert owed(app, followup.orange, first)[0] == ("counselor", first, "due")
    # A day later that week went without: overdue, and the week under way is due at once (a
    # talk held now is that week's: test_cadence_periods.py).
    later = owed(app, followup.orange, first + timedelta(days=1))
    assert [state for _r, _d, state in later[:2]] == ["overdue", "due"]


def test_a_talk_on_the_due_day_is_on_time_one_day_later_is_the_next_weeks(app, db, followup):
    first = PUBLISHED + timedelta(days=7)
    talk(db, followup.orange, first)
    talk(db, followup.red, first + timedelta(days=1))
    assert owed(app, followup.orange, first + timedelta(days=2))[0][2] == "on_time"
    red = owed(app, followup.red, first + timedelta(days=2), role="counselor")
    assert [state for _r, _d, state in red[:2]] == ["missed", "on_time"]


def test_yellow_is_owed_a_warning_talk_a_monthly_advisor_talk_and_no_parent_contact(app, followup):
    # anshan 第五条/第十条: the counselor's warning talk within a month; 第十一条: the advisor
    # monthly.
    rows = owed(app, followup.yellow, PUBLISHED + timedelta(days=1))
    assert {role for role, _d, _s in rows} == {"class_advisor", "counselor"}
    assert [d for role, d, _s in rows if role == "counselor"] == [PUBLISHED + timedelta(days=30)]
    assert min(d for _r, d, _s in rows) == PUBLISHED + timedelta(days=30)
    assert owed(app, followup.yellow, PUBLISHED, kind="parent") == []


def test_red_parents_are_owed_no_less_than_orange_parents(app, db, followup):
    # 第十条3 says within a month, but orange already owes a contact every two weeks
    # (第十二条): red keeps that pace (a more severe level may not owe less).
    first = PUBLISHED + timedelta(days=14)
    red = owed(app, followup.red, first + timedelta(days=1), kind="parent")
    orange = owed(app, followup.orange, first + timedelta(days=1), kind="parent")
    assert red[0] == ("counselor", first, "overdue") and len(red) == len(orange) > 5
    db.session.add(
        Contact(
            student_id=followup.red.id,
            parent_name="母亲",
            method="phone",
            contacted_at=datetime(2026, 9, 20, 9),
            made_by="陈",
            content="告知",
            made_by_role="counselor",
        )
    )
    db.session.flush()
    assert owed(app, followup.red, date(2026, 9, 22), kind="parent")[0][2] == "on_time"


def test_attending_a_group_meeting_is_not_an_individual_talk(app, db, followup):
    meeting = Meeting(held_at=datetime(2026, 9, 10, 19), organiser="陈", talker_role="counselor")
    meeting.attendees = [
        Attendee(student_id=followup.orange.id, present=True),
        Attendee(student_id=followup.red.id, present=False),
    ]
    db.session.add(meeting)
    db.session.flush()
    assert owed(app, followup.orange, date(2026, 9, 15), role="counselor")[0][2] == "overdue"
    talk(db, followup.orange, date(2026, 9, 14))
    assert owed(app, followup.orange, date(2026, 9, 15), role="counselor")[0][2] == "on_time"


def test_the_due_list_shows_each_staff_member_their_own_role_oldest_first(app, followup):
    with app.test_request_context():
        counselor = [
            (o.student.id, o.due.state)
            for o in dues.due_for(followup.counselor, "talk", today=PUBLISHED + timedelta(days=8))
        ]
        advisor = dues.due_for(followup.advisor, "talk", today=PUBLISHED + timedelta(days=8))
    assert sorted(counselor) == sorted(
        [(followup.orange.id, "overdue"), (followup.red.id, "overdue")]
    )
    assert advisor == []  # the yellow student's monthly talk is weeks away


def test_a_talk_in_the_week_under_way_takes_the_student_off_the_due_list(app, db, followup):
    """Three weeks gone without (due on days 7, 14, 21): the last is the line on the due
    list, overdue, its week named. A talk on day 22 is the week under way's, on time: the
    student is off the list for that week (not back on it as due soon by day 25, the talk
    spent on the week gone by), and the week gone without stays missed."""
    first_week = PUBLISHED + timedelta(days=7)

    def line(today):
        with app.test_request_context():
            items = dues.due_for(followup.counselor, "talk", today=today)
        return [
            (o.due.starts, o.due.due_on, o.due.state) for o in items if o.student == followup.orange
        ]

    week = (first_week + timedelta(days=8), first_week + timedelta(days=14))
    assert line(first_week + timedelta(days=15)) == [(*week, "overdue")]
    talk(db, followup.orange, first_week + timedelta(days=15))
    assert line(first_week + timedelta(days=19)) == []
    rows = owed(app, followup.orange, first_week + timedelta(days=19), role="counselor")
    assert [state for _r, _d, state in rows[2:4]] == ["missed", "on_time"]


def test_one_line_per_student_even_after_weeks_of_missed_talks(app, followup):
    with app.test_request_context():
        items = dues.due_for(followup.counselor, "talk", today=PUBLISHED + timedelta(days=40))
    # The yellow student's warning talk (within a month) is overdue too, by now.
    assert sorted(o.student.id for o in items) == sorted(
        [followup.yellow.id, followup.orange.id, followup.red.id]
    )


def test_compliance_counts_on_time_late_and_missing_per_person_and_class(app, db, followup):
    talk(db, followup.orange, PUBLISHED + timedelta(days=7))
    talk(db, followup.red, PUBLISHED + timedelta(days=9))
    with app.test_request_context():
        items = dues.obligations(
            Student.id.in_([followup.orange.id, followup.red.id]),
            kind_codes={"talk"},
            today=PUBLISHED + timedelta(days=15),
        )
        come_due = [o for o in items if o.due.state not in ("due", "upcoming")]
        by_person, by_class = dues.compliance(come_due, followup.counselor.grants)
    [(user, role, tally)] = by_person
    assert (user.id, role) == (followup.counselor.id, "counselor")
    # Due on day 7 and day 14: orange on time then missing; red missing, then on time by
    # the talk of day 9, held in the second week.
    assert (tally.on_time, tally.late, tally.missing) == (2, 0, 2)
    assert by_class[0][1].total == 4


def test_nothing_falls_due_in_a_break_between_terms(app, db, make, followup):
    """The break is read from the terms' dates (here an early one, two weeks after the
    roster): the weekly talks of those weeks are one talk, owed on the first day back."""
    first_off, back = PUBLISHED + timedelta(days=15), PUBLISHED + timedelta(days=50)
    make.term("2026-2027-1").end_date = first_off - timedelta(days=1)
    make.term("2026-2027-2").start_date = back
    db.session.flush()
    due_days = [d for _r, d, _s in owed(app, followup.orange, back, role="counselor")]
    assert due_days[:3] == [PUBLISHED + timedelta(days=7), PUBLISHED + timedelta(days=14), back]
    assert not [d for d in due_days if first_off <= d < back]


def test_no_policy_means_nothing_is_owed(app, db, followup):
    from portal.core.models import CadencePolicy

    db.session.query(CadencePolicy).delete()
    db.session.flush()
    assert owed(app, followup.red, PUBLISHED + timedelta(days=60)) == []


def test_a_lifted_warning_owes_nothing_after_the_lifting(app, db, followup):
    from portal.modules.warnings.models import Warning

    warning = db.session.query(Warning).filter_by(student_id=followup.orange.id).one()
    warning.lifted_at = datetime.combine(PUBLISHED + timedelta(days=10), datetime.min.time())
    db.session.flush()
    rows = owed(app, followup.orange, PUBLISHED + timedelta(days=60))
    assert [d for _r, d, _s in rows] == [PUBLISHED + timedelta(days=7)]


def test_a_timeline_shows_what_came_due_and_only_the_next_upcoming(app, db, followup):
    with app.test_request_context():
        items = dues.until_next(
            dues.obligations(Student.id == followup.orange.id, today=PUBLISHED + timedelta(days=15))
        )
    states = [(o.kind, o.role, o.due.state) for o in items]
    # One upcoming per talker: the counselor's weekly talk, the advisor's monthly one.
    assert states.count(("talk", "counselor", "upcoming")) == 1
    assert states.count(("talk", "class_advisor", "upcoming")) == 1
    assert ("talk", "counselor", "overdue") in states and ("talk", "counselor", "due") in states
    # Not the whole term's weekly talks: the missed, the overdue, the one due now, the next.
    assert len(items) <= 8
