"""Issue 15, findings 3 and 4: what a secretary posts is re-checked against their scope —
the college, term and ruleset of a computation, the level of a proposal, and which ruleset
copies they may edit."""

import pytest
from sqlalchemy import func, select

from portal.modules.warnings import rulesets
from portal.modules.warnings.models import Proposal, Ruleset, Run

from .test_rulesets_ui import _editor_form


@pytest.fixture
def two_colleges(make, grades, db):
    mine, theirs = make.college("甲学院"), make.college("乙学院")
    ours = make.student(make.school_class(make.major(mine), "甲班"), name="甲同学")
    other = make.student(make.school_class(make.major(theirs), "乙班"), name="乙同学")
    for student in (ours, other):
        grades(student, "2024-2025-1", [("A", 4, 30, "regular"), ("B", 16, 90, "regular")])
    return dict(mine=mine, theirs=theirs, ours=ours, other=other, term=make.term("2024-2025-1"))


def runs(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Run))


def test_finding_3_secretary_cannot_compute_another_college_or_the_whole_school(
    client, make, login, two_colleges, db
):
    login(make.user("C01", role="secretary", scope=two_colleges["mine"]))
    term = str(two_colleges["term"].id)
    for college in (str(two_colleges["theirs"].id), "", "99999"):
        response = client.post(
            "/warnings/compute", data={"term": term, "college": college, "ruleset": "anshan"}
        )
        assert response.status_code == 422, college
        assert runs(db) == 0, college
    # Control: their own college computes.
    response = client.post(
        "/warnings/compute",
        data={"term": term, "college": str(two_colleges["mine"].id), "ruleset": "anshan"},
    )
    assert response.status_code == 303
    assert db.session.scalars(select(Run.college_id)).all() == [two_colleges["mine"].id]


def test_finding_3_the_compute_form_offers_only_the_colleges_in_scope(
    client, make, login, two_colleges
):
    login(make.user("C02", role="secretary", scope=two_colleges["mine"]))
    page = client.get("/warnings/compute").get_data(as_text=True)
    assert "甲学院" in page and "乙学院" not in page
    assert "我负责范围内的全部学生" not in page


def test_finding_3_a_term_that_is_not_a_number_is_a_form_error_not_a_500(
    client, make, login, two_colleges, db
):
    login(make.user("C03", role="secretary", scope=two_colleges["mine"]))
    for term in ("abc", "99999", ""):
        response = client.post(
            "/warnings/compute",
            data={"term": term, "college": str(two_colleges["mine"].id), "ruleset": "anshan"},
        )
        assert response.status_code == 422, term
        page = response.get_data(as_text=True)
        assert 'role="alert"' in page and "<li>学期：" in page, term  # said, in Chinese
    assert runs(db) == 0


def test_finding_3_an_unknown_or_other_colleges_ruleset_is_refused(
    client, make, login, two_colleges, db
):
    db.session.add(
        Ruleset(
            code="theirs", definition=dict(rulesets.ruleset_row("anshan").definition, code="theirs")
        )
    )
    db.session.flush()
    rulesets.assign(two_colleges["theirs"], "theirs")
    login(make.user("C04", role="secretary", scope=two_colleges["mine"]))
    for code in ("theirs", "no-such-ruleset"):
        response = client.post(
            "/warnings/compute",
            data={
                "term": str(two_colleges["term"].id),
                "college": str(two_colleges["mine"].id),
                "ruleset": code,
            },
        )
        assert response.status_code == 422, code
    assert runs(db) == 0


def test_finding_3_a_proposal_level_outside_the_ruleset_is_refused(
    client, make, login, two_colleges, db
):
    from portal.modules.warnings.compute import compute_run

    compute_run(
        two_colleges["term"], rulesets.load("anshan"), college_id=two_colleges["mine"].id
    ).status = "published"
    login(make.user("C05", role="counselor", scope=two_colleges["mine"]))
    url = f"/warnings/students/{two_colleges['ours'].id}/propose"
    data = {"action": "add", "level": "academic:red", "reason": "attendance", "explanation": "说明"}
    data["term"] = two_colleges["term"].id
    for field, value in (("level", "made:up"), ("action", "delete"), ("reason", "whim")):
        assert client.post(url, data={**data, field: value}).status_code == 422, field
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 0
    # Control: a level of the ruleset is proposed.
    response = client.post(url, data=data)
    assert response.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 1


def test_finding_4_secretary_cannot_edit_a_copy_assigned_only_to_another_college(
    client, make, login, two_colleges, db
):
    owner = make.user("C06", role="secretary", scope=two_colleges["theirs"])
    login(owner)
    client.post("/warnings/rulesets/anshan/clone", data={"new_code": "theirs"})
    form = _editor_form(client, "theirs")
    rulesets.assign(two_colleges["theirs"], "theirs")
    db.session.commit()
    before = db.session.query(Ruleset).filter_by(code="theirs").one().definition

    login(make.user("C07", role="secretary", scope=two_colleges["mine"]))
    assert client.get("/warnings/rulesets/theirs/edit").status_code == 403
    assert "/warnings/rulesets/theirs/edit" not in client.get("/warnings/rulesets/theirs").get_data(
        as_text=True
    )
    response = client.post(
        "/warnings/rulesets/theirs/edit", data={**form, "c0l0r0-threshold": "0.01", "save": "1"}
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.query(Ruleset).filter_by(code="theirs").one().definition == before
    # Their own secretary still edits it.
    login(owner)
    assert client.get("/warnings/rulesets/theirs/edit").status_code == 200


def test_a_grant_of_another_role_over_everything_does_not_make_a_secretary_school_wide(
    client, make, login, two_colleges, db
):
    """Whole-school reach is read from the grants that carry the permission: a secretary of
    one college who also teaches across the school computes, sees and opens no school-wide
    roster (before, any grant over everything counted)."""
    from portal.modules.warnings.compute import compute_run

    user = make.user("C03", role="secretary", scope=two_colleges["mine"])
    make.grant(user, "teacher")
    school_run = compute_run(two_colleges["term"], rulesets.load("anshan"), college_id=None)
    db.session.flush()
    login(user)
    assert "我负责范围内的全部学生" not in client.get("/warnings/compute").get_data(as_text=True)
    data = {"term": str(two_colleges["term"].id), "college": "", "ruleset": "anshan"}
    assert client.post("/warnings/compute", data=data).status_code == 422
    assert runs(db) == 1
    assert client.get(f"/warnings/runs/{school_run.id}").status_code == 404
    # Control: a secretary over the whole school is offered it and opens it.
    login(make.user("C04", role="secretary"))
    assert "我负责范围内的全部学生" in client.get("/warnings/compute").get_data(as_text=True)
    assert client.get(f"/warnings/runs/{school_run.id}").status_code == 200
