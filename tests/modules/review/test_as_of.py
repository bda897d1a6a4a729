"""A judged term's review stays as it was judged: the help counted is the help as of the end
of its support period (the publication of next(T)'s roster, which judged the warning). An
outside tester saw "had a signed study plan" rise 2 → 3 in the review of a past term when an
advisor signed a plan weeks after the next roster; talks and peer help moved alike."""

import re
from datetime import date, datetime

import pytest

from portal.core.cadence import CadenceRule
from portal.core.cadence_policies import save
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.models import RunEvent

from .test_review import FIRST, NEXT, grades

PUBLISHED = {FIRST: datetime(2026, 3, 7, 2), NEXT: datetime(2026, 10, 30, 2)}


@pytest.fixture
def judged(app, make, db):
    """Six students red at FIRST (5 of 20 credits failed) and still red at NEXT; FIRST's
    roster published on 7 March, NEXT's — which judged them — on 30 October; a talk owed by
    the counselor within 14 days of a red warning."""
    school_class = make.school_class(name="帮扶班")
    college = school_class.major.college
    terms = {code: make.term(code) for code in (FIRST, NEXT)}
    students = {}
    for name in ("plan_early", "plan_late", "talk_early", "talk_late", "peer_early", "peer_late"):
        students[name] = make.student(school_class, name=name)
        grades(db, students[name], terms[FIRST], 5)
        grades(db, students[name], terms[NEXT], 5, course="C")
    db.session.flush()
    with app.test_request_context():
        rulesets.assign(college, "anshan")
        for code, term in terms.items():
            run = compute_run(term, rulesets.load("anshan"), college_id=college.id)
            run.status = "published"
            db.session.add(RunEvent(run_id=run.id, action="approve", at=PUBLISHED[code]))
        save(college, [CadenceRule("red", "counselor", "talk", first_within_days=14)], 126)
    leader = make.user(role="leader", scope=college)
    db.session.commit()
    return students, leader, terms


def _plan(make, student, signed_at):
    """A class advisor's plan for the support period from 7 March, written on 20 March."""
    written, submitted = datetime(2026, 3, 20, 8), datetime(2026, 3, 21, 8)
    make.signed_plan(
        student,
        date(2026, 3, 7),
        created_at=written,
        signed_at=signed_at,
        reviewer_role="class_advisor",
        saved_at=written,
        submitted_at=submitted,
    )


def _comparisons(client, term) -> dict[str, list[str]]:
    """The "with and without" table: fact -> [yes students, yes rate, no students, no rate]."""
    page = client.get(f"/review/?term={term.id}").get_data(as_text=True)
    table = page[page.index('<table id="comparisons">') :]
    table = table[: table.index("</table>")]
    return {
        fact: re.findall(r'<td class="num">([^<]*)</td>', cells)
        for fact, cells in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', table, re.S)
    }


def test_help_recorded_after_the_next_roster_does_not_change_a_judged_term(
    make, db, client, login, judged
):
    students, leader, terms = judged
    _plan(make, students["plan_early"], datetime(2026, 5, 1, 3))
    make.talk(students["talk_early"], held_at=datetime(2026, 3, 15, 15))
    volunteer = make.volunteer()
    make.pairing(
        volunteer,
        students["peer_early"],
        starts_on=date(2026, 4, 1),
        created_at=datetime(2026, 3, 25, 8),
    )
    db.session.commit()
    login(leader)
    judged_then = _comparisons(client, terms[FIRST])
    assert judged_then["有经签字的学习计划"][0] == "1"
    assert judged_then["完成了应有的全部个别谈话"][0] == "1"
    assert judged_then["有朋辈志愿者"][0] == "1"

    # Weeks after NEXT's roster judged them: a plan signed, a late talk, a pairing begun.
    _plan(make, students["plan_late"], datetime(2026, 12, 4, 3))
    make.talk(students["talk_late"], held_at=datetime(2026, 11, 15, 15))
    make.pairing(volunteer, students["peer_late"], starts_on=date(2026, 11, 20))
    db.session.commit()
    assert _comparisons(client, terms[FIRST]) == judged_then

    # NEXT's warnings are not judged yet (no roster after it): their support period runs on,
    # and the help of these weeks counts there.
    running = _comparisons(client, terms[NEXT])
    assert running["有经签字的学习计划"][0] == "2"
    assert running["有朋辈志愿者"][0] == "2"


def test_the_as_of_day_is_the_next_roster_s_publication_day_inclusive(
    app, make, db, client, login, judged
):
    """A plan signed on the day NEXT's roster was published counts; the day after, not."""
    students, leader, terms = judged
    _plan(make, students["plan_early"], datetime(2026, 10, 30, 9))
    _plan(make, students["plan_late"], datetime(2026, 10, 31, 1))
    db.session.commit()
    login(leader)
    assert _comparisons(client, terms[FIRST])["有经签字的学习计划"][0] == "1"
