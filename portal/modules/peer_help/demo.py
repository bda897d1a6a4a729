"""Demo peer help: the demo volunteer is active and paired with a warned student (the pairing
agreed at each stage of the college's chain, as a real one is), with a session at each stage
(certified in an earlier term, checked, confirmed, waiting for the mentee), so their page
and certificate have something to show (issue 17)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import func, select, true

from portal.core import clock, standing
from portal.core.binder import term_span
from portal.core.demo import staff_of_college, staff_reaching
from portal.core.models import GradeRecord, Notification, Student, Term, User
from portal.core.transcript import outstanding_failures
from portal.extensions import db

from . import hours, pairings, sessions, volunteers
from .models import STAGES

# What each stage says when it agrees (班级评议意见, 院系审核意见, 学校审核意见: gxu 附件2).
AGREED = {
    "advisor": "该生学习态度端正，同意结对帮扶。",
    "college": "同意。",
    "school": "同意。",
}


def add_demo() -> list[tuple[str, str, str]]:
    account = db.session.scalar(select(User).where(User.username == "volunteer"))
    if account is None or account.student_id is None:
        return []
    volunteer = volunteers.apply(
        account.student_id, "高等数学、大学物理", ["weekday_eve"], "我是学习委员，愿意帮助同学。"
    )
    volunteer.state = "active"
    warned = list(
        db.session.scalars(
            select(Student)
            .where(Student.id.in_(standing.current(true())), Student.id != account.student_id)
            .order_by(Student.student_no)
        )
    )
    # One whose class has a class advisor, so the pairing shows the whole approval chain.
    mentee = next((s for s in warned if pairings.advisors_of([s])), warned[0] if warned else None)
    # The mentee's own counselor pairs them and checks the sessions.
    paired_by = staff_reaching(mentee, "counselor") if mentee is not None else None
    if paired_by is None:
        return []
    counselor = paired_by.id
    today = clock.today()
    pairing = pairings.create(
        volunteer,
        [mentee],
        courses=[c.name for c in outstanding_failures(mentee.id)][:2],
        difficulty="基础薄弱，缺乏学习方法。",
        plan="每周两次答疑，重点复习不及格课程。",
        contact="微信群",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=90),
        user_id=counselor,
    )
    _approved(pairing)  # proposed days after the roster was published (5 weeks ago)
    _sessions(pairing, counselor, today)
    return [("student", mentee.student_no, "the volunteer's mentee")]


def _sessions(pairing, counselor, today) -> None:
    """An earlier pairing whose hours are certified, then four sessions of this one: two
    checked (to be certified), one confirmed by the mentee, and one still waiting."""
    course = pairing.courses[0] if pairing.courses else "高等数学"
    _certified_earlier(pairing, course, counselor)
    mentees = [m.student_id for m in pairing.mentees]

    def held(days_ago, start, end, what):
        return _log(pairing, today - timedelta(days=days_ago), start, end, course, what, mentees)

    sessions.check([_confirmed(held(28, 19, 21, "讲解极限与连续的习题"))], counselor)
    sessions.check([_confirmed(held(21, 19, 21, "导数的计算"))], counselor)
    _confirmed(held(10, 19, 21, "中值定理的证明思路"))
    held(2, 19, 20, "答疑：不定积分")


def _certified_earlier(pairing, course, counselor) -> None:
    """The same pair in the earlier of the two terms graded, whose review shows the hours:
    sessions held in that term, certified for it (a certificate names the term its sessions
    fall in), and the pairing ended. The term under way is the one the counselor certifies
    next."""
    graded = select(GradeRecord.term_id)
    term = db.session.scalar(
        select(Term)
        .where(Term.id.in_(graded))
        .order_by(Term.start_year.desc(), Term.n.desc())
        .offset(1)
    )
    if term is None:
        return
    first, after = (moment.date() for moment in term_span(term))
    earlier = pairings.create(
        pairing.volunteer,
        [m.student for m in pairing.mentees],
        courses=pairing.courses,
        difficulty=pairing.difficulty,
        plan=pairing.plan,
        contact=pairing.contact,
        starts_on=first + timedelta(weeks=3),
        ends_on=after - timedelta(days=1),
        user_id=counselor,
    )
    _approved(earlier)
    mentees = [m.student_id for m in earlier.mentees]
    done = [
        _confirmed(_log(earlier, first + timedelta(weeks=w), 19, 21, course, what, mentees))
        for w, what in ((5, "梳理函数与极限的概念"), (7, "极限的计算方法"))
    ]
    sessions.check(done, counselor)
    for made in hours.certify(term, earlier.ends_on, [pairing.volunteer], counselor):
        made.certified_at = datetime.combine(after + timedelta(days=7), time(2))  # 10:00 +08
    earlier.state = "ended"
    db.session.flush()


def _approved(pairing) -> None:
    """Agreed as a real pairing is: proposed three days before it starts, then each stage of
    the college's chain on the days after (the class advisor's opinion, the college's review
    by its leader, the school's by the teaching office where the college asks for it), by
    who may decide it, 10:00 in Beijing; those told of the approval were told then."""
    mentee = pairing.mentees[0].student
    deciders = {
        "advisor": staff_reaching(mentee, "class_advisor"),
        "college": staff_of_college(mentee.college_id, "leader"),
        "school": staff_of_college(None, "secretary"),
    }
    told_before = db.session.scalar(select(func.max(Notification.id))) or 0
    moment = datetime.combine(pairing.starts_on - timedelta(days=3), time(2))  # 10:00 +08
    pairing.created_at = moment
    while pairing.state in STAGES and deciders.get(pairings.stage_now(pairing)) is not None:
        stage = pairings.stage_now(pairing)
        pairings.decide(pairing, True, AGREED[stage], deciders[stage].id)
        moment += timedelta(days=1)
        pairing.steps[-1].at = moment
    pairing.state = "active"  # a stage nobody of the demo decides: active all the same
    told = select(Notification).where(Notification.id > told_before)
    for notification in db.session.scalars(told):
        notification.created_at = moment
    db.session.flush()


def _log(pairing, held_on, start, end, course, what, mentees):
    return sessions.log(
        pairing,
        held_on=held_on,
        starts_at=time(start),
        ends_at=time(end),
        course=course,
        what=what,
        place="图书馆研讨室",
        present=mentees,
    )


def _confirmed(session):
    for presence in session.attendance:
        sessions.answer(presence, True, None)
    return session
