"""Demo data: the two demo colleges get their rulesets and a computed roster for the last term."""

from datetime import timedelta

from sqlalchemy import select

from portal.core.demo import staff_of_college
from portal.core.models import College, GradeRecord, Notification, Term
from portal.extensions import db

from . import rulesets
from .compute import compute_run
from .lifecycle import transition
from .models import Notice

DEMO_RULESETS = {"生命科学学院": "anshan", "电气工程学院": "guangxi"}


def add_demo() -> None:
    """The last two regular terms graded are computed and published, so the effectiveness
    review can show what became of the earlier term's warned students (the term under way
    has no grades yet)."""
    graded = select(GradeRecord.term_id)
    regular = list(
        db.session.scalars(
            select(Term)
            .where(Term.n != 3, Term.id.in_(graded))
            .order_by(Term.start_year.desc(), Term.n.desc())
        )
    )
    for college in db.session.scalars(select(College)):
        code = DEMO_RULESETS.get(college.name, rulesets.DEFAULT_CODE)
        rulesets.assign(college, code)
        for age, term in reversed(list(enumerate(regular[:2]))):
            run = compute_run(term, rulesets.load(code), college_id=college.id)
            _publish(run, weeks_ago=5 + 20 * age)


def _publish(run, weeks_ago: int = 5) -> None:
    """The demo term's roster has been through approval, so every role has something to see:
    submitted by the college's own secretary and approved by its own leader, who are told of
    it as in the portal, never staff of another college (their links would answer 404)."""
    secretary = staff_of_college(run.college_id, "secretary")
    leader = staff_of_college(run.college_id, "leader")
    transition(run, "submit", user_id=secretary.id if secretary else None)
    transition(run, "approve", user_id=leader.id if leader else None)
    # Computed and published weeks ago, so talks and contacts have come due (some late, some
    # missed).
    run.created_at -= timedelta(weeks=weeks_ago)
    for event in run.events:
        event.at -= timedelta(weeks=weeks_ago)
    # Its notices were issued then too (the days to confirm count from it: /warnings/
    # unconfirmed lists the students past them), and staff and students heard of it then,
    # not today.
    db.session.flush()
    notices = db.session.scalars(select(Notice).where(Notice.run_id == run.id)).all()
    for notice in notices:
        notice.created_at -= timedelta(weeks=weeks_ago)
    links = {f"/warnings/runs/{run.id}"} | {f"/warnings/notices/{n.id}" for n in notices}
    for told in db.session.scalars(select(Notification).where(Notification.link.in_(links))):
        told.created_at -= timedelta(weeks=weeks_ago)
