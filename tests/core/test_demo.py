"""`flask demo`: a realistic college for trying the portal, only into an empty database."""

from collections import Counter
from datetime import date

import pytest

from portal.core.demo import demo_terms
from portal.core.models import GradeRecord, SchoolClass, Student, Term

ROLES = {
    "admin",
    "leader",
    "secretary",
    "counselor",
    "class_advisor",
    "teacher",
    "mentor",
    "volunteer",
    "student",
}


@pytest.fixture
def demo_lines(app, db):
    result = app.test_cli_runner().invoke(args=["demo", "--password", "demo-pass-123"])
    assert result.exit_code == 0, result.output
    return [line.split("\t") for line in result.stdout.splitlines() if not line.startswith("#")]


@pytest.fixture
def demo_output(demo_lines):
    return [(line[0], line[1]) for line in demo_lines]


def test_demo_prints_every_account_as_role_tab_username(demo_output):
    roles = Counter(role for role, _username in demo_output)
    assert set(roles) == ROLES
    usernames = {username for _role, username in demo_output}
    assert {
        "admin",
        "leader",
        "secretary",
        "counselor",
        "advisor",
        "teacher",
        "mentor",
        "volunteer",
        "office",
    } <= usernames


def test_demo_college_is_realistic(demo_output, db):
    assert 250 <= db.session.query(Student).count() <= 350
    years = {c.grade_year for c in db.session.query(SchoolClass)}
    assert len(db.session.query(SchoolClass).all()) >= 6 and len(years) >= 3
    # Three terms graded, and the one under way (its days known, without grades yet).
    assert db.session.query(Term).count() == 4
    assert all(t.start_date and t.end_date for t in db.session.query(Term))
    kinds = {k for (k,) in db.session.query(GradeRecord.kind).distinct()}
    assert {"regular", "makeup"} <= kinds


def test_demo_refuses_a_database_that_is_not_empty(app, demo_output):
    again = app.test_cli_runner().invoke(args=["demo"])
    assert again.exit_code != 0 and "not empty" in again.output


def test_every_demo_role_logs_in_without_a_password_change(client, demo_output):
    for role, username in {role: u for role, u in demo_output}.items():
        response = client.post("/login", data={"username": username, "password": "demo-pass-123"})
        assert response.status_code == 303, role
        assert client.get("/").status_code == 200, role
        client.post("/logout")


def test_demo_counselor_sees_only_their_major(client, demo_output, db):
    from portal.core.models import User

    client.post("/login", data={"username": "counselor", "password": "demo-pass-123"})
    [grant] = db.session.query(User).filter_by(username="counselor").one().grants
    outside = db.session.query(Student).filter(Student.major_id != grant.scope_id).first()
    inside = db.session.query(Student).filter(Student.major_id == grant.scope_id).first()
    assert client.get(f"/students/{inside.id}").status_code == 200
    assert client.get(f"/students/{outside.id}").status_code == 404


def test_the_demo_office_reads_both_colleges_and_the_admin_no_student(client, demo_output, db):
    """What the administrator read before it held only its own permissions, the demo's
    teaching office (a secretary over the whole school) reads: both colleges' students."""
    from portal.core.models import College

    students = [
        db.session.query(Student).filter_by(college_id=college.id).first()
        for college in db.session.query(College)
    ]
    assert len(students) == 2
    client.post("/login", data={"username": "office", "password": "demo-pass-123"})
    for student in students:
        assert client.get(f"/warnings/students/{student.id}").status_code == 200
    client.post("/logout")
    client.post("/login", data={"username": "admin", "password": "demo-pass-123"})
    assert client.get(f"/warnings/students/{students[0].id}").status_code == 403
    assert client.get("/admin/users").status_code == 200


def test_no_demo_account_is_an_administrators_and_reads_records(app, demo_output, db):
    """Separation of duties (portal/core/duties.py): the demo's administrator holds its own
    role only, and no other demo account holds it; every demo account's name is a log-in
    name the accounts page accepts, and every demo name one it keeps."""
    from portal.core import duties, names
    from portal.core.models import User

    with app.app_context():
        users = db.session.query(User).all()
        assert [u.username for u in users if duties.mixed(u)] == []
        assert [u.username for u in users if "admin" in u.roles] == ["admin"]
    assert [u.username for u in users if not names.is_account_name(u.username)] == []
    assert [u.name for u in users if not names.is_person_name(u.name)] == []


def test_every_demo_college_follows_its_rulesets_cadence_preset(app, demo_output, db):
    """guangxi's college used to owe nothing (no preset); every shipped preset is monotonic."""
    from portal.core import cadence_policies
    from portal.core.models import CadencePolicy
    from portal.modules.warnings.models import CollegeRuleset

    rulesets = {row.college_id: row.ruleset_code for row in db.session.query(CollegeRuleset)}
    with app.test_request_context():
        for policy in db.session.query(CadencePolicy):
            assert policy.preset == rulesets[policy.college_id]
            assert not cadence_policies.weaker(
                policy.college_id, cadence_policies.rules_of(policy), 126
            )
    assert set(rulesets) == {p.college_id for p in db.session.query(CadencePolicy)}


@pytest.mark.parametrize(
    ("today", "terms"),
    [
        (date(2026, 12, 2), ["2024-2025-2", "2025-2026-1", "2025-2026-2"]),
        (date(2027, 1, 10), ["2024-2025-2", "2025-2026-1", "2025-2026-2"]),
        (date(2027, 4, 15), ["2025-2026-1", "2025-2026-2", "2026-2027-1"]),
        (date(2027, 9, 20), ["2025-2026-2", "2026-2027-1", "2026-2027-2"]),
    ],
)
def test_the_demo_terms_end_with_the_term_that_ended_last(today, terms):
    dated = demo_terms(today)
    assert [code for code, _first, _last in dated] == terms
    assert all(first.weekday() == 0 and first < last for _code, first, last in dated)
    assert dated[-1][2] < today


def test_the_demo_lines_up_with_today(app, demo_output, db):
    from portal.core import clock
    from portal.core.models import Term

    with app.app_context():
        today = clock.today()
    *_graded, last, under_way = sorted(db.session.query(Term), key=lambda t: t.key)
    assert last.end_date < today and (today - last.end_date).days < 200
    assert last.end_date < under_way.start_date < under_way.end_date
    assert not db.session.query(GradeRecord).filter_by(term_id=under_way.id).count()
    years = sorted({c.grade_year for c in db.session.query(SchoolClass)})
    assert years == [last.start_year - 2, last.start_year - 1, last.start_year]


def test_the_demo_prints_the_password_and_students_to_try(app, demo_lines, db):
    from portal.core import standing
    from portal.core.models import User
    from portal.modules.peer_help.models import Mentee

    notes = {line[1]: line[3] for line in demo_lines if len(line) == 4}
    assert all(line[2] == "demo-pass-123" for line in demo_lines)
    warned = [n for n in notes.values() if "warned:" in n]
    assert len(warned) >= 3 and "not warned" in notes.values()
    mentee = db.session.query(Mentee).first().student
    assert "the volunteer's mentee" in notes[mentee.student_no]
    calm = next(u for u, n in notes.items() if n == "not warned")
    student_id = db.session.query(User).filter_by(username=calm).one().student_id
    with app.test_request_context():
        assert student_id not in standing.current(Student.id == student_id)


def test_the_demo_advisor_has_plans_to_review_and_one_changed_since_read(client, demo_output, db):
    from portal.core.models import User
    from portal.modules.plans.models import Plan

    client.post("/login", data={"username": "advisor", "password": "demo-pass-123"})
    advisor = db.session.query(User).filter_by(username="advisor").one()
    [grant] = advisor.grants
    waiting = [
        p
        for p in db.session.query(Plan).filter_by(status="submitted")
        if p.student.class_id == grant.scope_id
    ]
    assert len(waiting) >= 2
    revised = next(p for p in waiting if len(p.versions) == 2)
    page = client.get(f"/plans/{revised.id}").get_data(as_text=True)
    assert 'id="changes"' in page and 'id="earlier-comments"' in page


def test_the_demo_certificate_names_the_term_its_sessions_were_held_in(client, demo_output, db):
    """The volunteer's certified hours are of the earlier of the last two terms graded (the
    review's term), and so are the sessions behind them."""
    from portal.core.binder import term_span
    from portal.modules.peer_help.models import Certification, TutoringSession

    [made] = db.session.query(Certification).all()
    graded_ids = {term_id for (term_id,) in db.session.query(GradeRecord.term_id).distinct()}
    graded = sorted((db.session.get(Term, i) for i in graded_ids), key=lambda t: t.key)
    assert made.term == graded[-2]
    since, before = term_span(made.term)
    held = [
        s.held_on for s in db.session.query(TutoringSession).filter_by(certification_id=made.id)
    ]
    assert len(held) == made.sessions and all(since.date() <= d < before.date() for d in held)
    client.post("/login", data={"username": "volunteer", "password": "demo-pass-123"})
    page = client.get(f"/peer-help/certificates/{made.id}").get_data(as_text=True)
    term = f"{made.term.start_year}-{made.term.start_year + 1}学年第{made.term.n}学期"
    assert f"于{term}担任朋辈志愿者" in page and f"共辅导 {made.sessions} 次" in page


def test_each_colleges_rosters_are_submitted_and_approved_by_its_own_staff(app, demo_output, db):
    """The first college's secretary used to submit the second's rosters, and was told of
    them with links that answered 404 (an outside walk)."""
    from portal.core.access import for_college
    from portal.modules.warnings.models import Run, RunEvent

    needs = {"submit": "warnings.manage", "approve": "warnings.approve"}
    events = db.session.query(RunEvent).all()
    colleges = {db.session.get(Run, e.run_id).college_id for e in events}
    assert len(colleges) == 2 and {e.action for e in events} == set(needs)
    with app.test_request_context():
        for event in events:
            run = db.session.get(Run, event.run_id)
            assert event.user is not None, event.action
            assert for_college(needs[event.action], run.college_id, event.user), (
                event.action,
                event.user.username,
            )


def test_the_demos_records_are_made_by_staff_who_reach_the_student(app, demo_output, db):
    """A counselor of one major wrote talks and parent contacts for another's students."""
    from portal.core.access import reach
    from portal.core.models import User
    from portal.modules.parents.models import Contact
    from portal.modules.peer_help.models import Pairing
    from portal.modules.talks.models import Meeting, Talk

    def reaches(user_id, student) -> bool:
        user = db.session.get(User, user_id)
        return any(reach(grant, user).covers(student) for grant in user.grants)

    made = [(t.recorded_by_id, t.student) for t in db.session.query(Talk)]
    made += [(c.recorded_by_id, c.student) for c in db.session.query(Contact)]
    made += [(m.recorded_by_id, a.student) for m in db.session.query(Meeting) for a in m.attendees]
    made += [(p.created_by_id, m.student) for p in db.session.query(Pairing) for m in p.mentees]
    made += [
        (s.by_id, m.student) for p in db.session.query(Pairing) for s in p.steps for m in p.mentees
    ]
    with app.test_request_context():
        outside = [(user_id, s.student_no) for user_id, s in made if not reaches(user_id, s)]
    assert len(made) > 50 and not outside


def test_the_demos_pairings_carry_their_approvals(app, client, demo_output, db):
    """Pairing 1, active, showed "班主任意见 —" and "学院审核 —": each pairing of the demo
    was agreed at every stage of its college's chain, by whoever may decide that stage,
    after it was proposed and before it began, as a real one is."""
    from portal.core.models import User
    from portal.modules.peer_help import pairings
    from portal.modules.peer_help.models import Pairing

    shown = db.session.query(Pairing).order_by(Pairing.id).all()
    assert [p.state for p in shown] == ["active", "ended"]
    with app.test_request_context():
        for pairing in shown:
            assert [s.stage for s in pairing.steps] == pairings.chain(pairing)
            assert all(s.approved and s.comment and s.by_id for s in pairing.steps)
            days = [pairing.created_at, *(s.at for s in pairing.steps)]
            assert days == sorted(days) and days[-1].date() < pairing.starts_on
    client.post("/login", data={"username": "counselor", "password": "demo-pass-123"})
    page = client.get(f"/peer-help/pairings/{shown[0].id}").get_data(as_text=True)
    table = page[page.index("<h2>审批") :]
    for step in shown[0].steps:
        assert db.session.get(User, step.by_id).name in table and step.comment in table
    assert "<td>—</td>" not in table


def test_every_staff_notification_of_the_demo_opens_for_its_reader(client, demo_output, db):
    from portal.core.models import Notification, User

    links: dict[str, set[str]] = {}
    for note, username in (
        db.session.query(Notification, User.username)
        .join(User, User.id == Notification.user_id)
        .filter(User.student_id.is_(None), Notification.link.is_not(None))
    ):
        links.setdefault(username, set()).add(note.link)
    assert {"leader", "secretary", "leader2", "secretary2"} <= set(links)
    for username, paths in links.items():
        client.post("/login", data={"username": username, "password": "demo-pass-123"})
        for path in paths:
            assert client.get(path).status_code == 200, (username, path)
        client.post("/logout")


def test_the_demos_notices_were_issued_when_their_roster_was_published(client, demo_output, db):
    """Stamped with the time the demo was built, no notice was ever past the days to
    confirm, and /warnings/unconfirmed always said nobody was."""
    from datetime import timedelta

    from portal.modules.warnings.models import Notice, RunEvent

    published = {e.run_id: e.at for e in db.session.query(RunEvent).filter_by(action="approve")}
    notices = db.session.query(Notice).all()
    assert notices and all(
        abs(n.created_at - published[n.run_id]) < timedelta(minutes=5) for n in notices
    )
    client.post("/login", data={"username": "secretary", "password": "demo-pass-123"})
    client.post("/locale", data={"locale": "en"})
    page = client.get("/warnings/unconfirmed").get_data(as_text=True)
    assert "No student is past the days to confirm." not in page
    assert page.count('href="/warnings/notices/') > 10
