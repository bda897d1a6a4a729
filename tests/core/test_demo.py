"""`flask demo`: a realistic college for trying the portal, only into an empty database."""

from collections import Counter

import pytest

from portal.core.models import GradeRecord, SchoolClass, Student, Term

ROLES = {"admin", "leader", "secretary", "counselor", "class_advisor", "teacher", "mentor",
         "volunteer", "student"}


@pytest.fixture
def demo_output(app, db):
    result = app.test_cli_runner().invoke(args=["demo", "--password", "demo-pass-123"])
    assert result.exit_code == 0, result.output
    return [line.split("\t") for line in result.stdout.splitlines()]


def test_demo_prints_every_account_as_role_tab_username(demo_output):
    roles = Counter(role for role, _username in demo_output)
    assert set(roles) == ROLES
    usernames = {username for _role, username in demo_output}
    assert {"admin", "leader", "secretary", "counselor", "advisor", "teacher", "mentor",
            "volunteer"} <= usernames


def test_demo_college_is_realistic(demo_output, db):
    assert 250 <= db.session.query(Student).count() <= 350
    years = {c.grade_year for c in db.session.query(SchoolClass)}
    assert len(db.session.query(SchoolClass).all()) >= 6 and len(years) >= 3
    assert db.session.query(Term).count() == 3
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


def test_every_demo_college_follows_its_rulesets_cadence_preset(app, demo_output, db):
    """guangxi's college used to owe nothing (no preset); every shipped preset is monotonic."""
    from portal.core import cadence_policies
    from portal.core.models import CadencePolicy
    from portal.modules.warnings.models import CollegeRuleset

    rulesets = {row.college_id: row.ruleset_code for row in db.session.query(CollegeRuleset)}
    with app.test_request_context():
        for policy in db.session.query(CadencePolicy):
            assert policy.preset == rulesets[policy.college_id]
            assert not cadence_policies.weaker(policy.college_id,
                                               cadence_policies.rules_of(policy), 126)
    assert set(rulesets) == {p.college_id for p in db.session.query(CadencePolicy)}
