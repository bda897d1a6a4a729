"""The role × route matrix (security.md checks 2, 7, 9): every route and method the running
app has — every module's, found through the URL map, so a new module is covered without
editing this test — as every role and as nobody, plain and as an HTMX request.

- nobody: sent to log in (302; 401 with HX-Redirect for HTMX), nothing written;
- a role without the route's permission: 403, nothing written, one "denied" audit row;
- a role with it: never a server error and never a login redirect;
- a role scoped to college A, asking for college B's student by id: 403 or 404, nothing
  written, nothing of B's shown, one "denied" audit row.

Fixture: two colleges, a class in each, a warned student A (college A) and B (college B),
a counselor for each, a volunteer paired only with A, a course teacher."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text

from portal.core.access import AUTHENTICATED, PUBLIC, declared_permission, role_permissions
from portal.core.models import AuditEvent
from portal.core.roles import ROLES

from .modules.test_followup_privacy import records  # noqa: F401  (a fixture)
from .urls import fill

# Routes that end the session or change whose session it is: tested elsewhere.
SESSION_ENDPOINTS = {"auth.logout", "auth.login", "auth.change_password", "main.set_locale"}
MODES = ({}, {"HX-Request": "true"})


@pytest.fixture
def world(make, db, followup, records):  # noqa: F811
    from portal.modules.peer_help.models import Mentee, Pairing, Volunteer

    college = followup.school_class.major.college
    other = make.school_class(make.major(make.college(name="乙学院")), name="乙班")
    student_b = make.student(other, name="乙学院学生")
    make.guardian(student_b, name="乙家长", phone="13800009999", address="乙路9号")
    volunteer_student = make.student(followup.school_class, name="志愿者")
    volunteer_user = make.student_user(volunteer_student)
    make.grant(volunteer_user, "volunteer")
    volunteer = Volunteer(student_id=volunteer_student.id, state="active", courses="高等数学",
                          statement="愿意帮助同学")
    db.session.add(volunteer)
    db.session.flush()
    pairing = Pairing(volunteer_id=volunteer.id, courses=["高等数学"], difficulty="难点",
                      plan="每周两次", starts_on=date(2026, 9, 14), ends_on=date(2027, 1, 10),
                      state="active")
    pairing.mentees = [Mentee(student_id=followup.red.id)]
    db.session.add(pairing)
    db.session.flush()
    users = {
        "admin": make.user(role="admin"),
        "leader": make.user(role="leader", scope=college),
        "secretary": make.user(role="secretary", scope=college),
        "counselor": followup.counselor,
        "class_advisor": followup.advisor,
        "teacher": make.user(role="teacher", scope=college),
        "mentor": make.user(role="mentor", scope=college),
        "volunteer": volunteer_user,
        "student": make.student_user(followup.red),
    }
    make.user(role="counselor", scope=other, name="乙辅导员")
    spare = make.user(name="备用账号")  # user-id routes act on this one, never on the caller
    ids = {**records, "volunteer_id": volunteer.id, "pairing_id": pairing.id,
           "user_id": spare.id, "term_id": followup.run.term_id}
    return users, ids, student_b


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SESSION_ENDPOINTS or rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def row_counts(db) -> dict[str, int]:
    """Rows in every table but the audit trail (a denied request adds one there)."""
    names = [t for t in db.metadata.sorted_tables if t.name != "core_audit"]
    counts = db.session.execute(text("SELECT " + ", ".join(
        f"(SELECT count(*) FROM {t.name})" for t in names))).one()
    return dict(zip([t.name for t in names], counts, strict=True))


def denials(db) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "denied"))


def call(client, method: str, url: str, headers: dict):
    return client.open(url, method=method, headers=headers, data={})


@pytest.mark.parametrize("role", [*ROLES, None], ids=[*ROLES, "anonymous"])
def test_every_route_answers_each_role_as_declared(app, client, login, db, world, role,
                                                   tally):
    users, ids, _student_b = world
    if role:
        login(users[role])
    with app.test_request_context():
        # what the user holds through all their grants (a volunteer is also a student)
        held = set().union(*(role_permissions().get(g.role, set())
                             for g in users[role].grants)) if role else set()
        plan = [(rule, method, declared_permission(rule.endpoint)) for rule, method in routes(app)]
    checked = denied_checked = 0
    for rule, method, permission in plan:
        url = fill(rule.rule, ids)
        for headers in MODES:
            allowed = permission == PUBLIC or (role is not None and (
                permission == AUTHENTICATED or permission in held))
            before, denied = (row_counts(db), denials(db)) if not allowed else (None, None)
            response = call(client, method, url, headers)
            where = (role, method, url, headers)
            assert response.status_code < 500, where
            checked += 1
            if allowed:
                assert response.status_code != 401 and "/login" not in response.headers.get(
                    "Location", ""), where
                continue
            if role is None:
                expected = 401 if headers else 302
                assert response.status_code == expected, where
                assert "/login" in (response.headers.get("HX-Redirect")
                                    or response.headers.get("Location", "")), where
            else:
                assert response.status_code == 403, where
                assert denials(db) == denied + 1, where
            assert row_counts(db) == before, where
            denied_checked += 1
    tally.update(kind="permission matrix cells", tried=checked, refused=checked)
    assert checked > 250  # every route and method, twice
    assert denied_checked > (100 if role in (None, "student", "volunteer", "teacher") else -1)


@pytest.mark.parametrize("role", ["leader", "secretary", "counselor", "class_advisor",
                                  "teacher", "mentor", "volunteer", "student"])
def test_another_colleges_student_is_out_of_reach(app, client, login, db, world, role, tally):
    users, ids, student_b = world
    login(users[role])
    with app.test_request_context():
        plan = [(rule, method) for rule, method in routes(app) if "student_id" in rule.arguments]
    assert len(plan) > 10
    reached = sum(client.get(fill(rule.rule, ids)).status_code == 200
                  for rule, method in plan if method == "GET")
    # Control: the same routes answer for the role's own student (a teacher and a volunteer
    # have no per-student page at all).
    assert reached > 0 or role in ("teacher", "volunteer")
    for rule, method in plan:
        url = fill(rule.rule, {**ids, "student_id": student_b.id})
        for headers in MODES:
            before, denied = row_counts(db), denials(db)
            response = call(client, method, url, headers)
            where = (role, method, url, headers)
            assert response.status_code in (403, 404), where
            assert row_counts(db) == before, where
            assert denials(db) == denied + 1, where  # audited, even when answered 404
            body = response.get_data(as_text=True)
            assert student_b.name not in body and student_b.student_no not in body, where
            tally.update(kind="IDOR attempts (another college's student)",
                         tried=tally["tried"] + 1, refused=tally["refused"] + 1)


def test_a_failing_permission_lookup_answers_an_error_never_data(
        app, client, login, world, monkeypatch):
    from portal.core import access

    users, _ids, student_b = world
    login(users["admin"])

    def broken(*args, **kwargs):
        raise RuntimeError("the grants table is unreachable")

    monkeypatch.setattr(access, "can", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/students/")
    assert response.status_code in (403, 500)
    assert student_b.name not in response.get_data(as_text=True)


def test_extra_fields_posted_to_a_form_change_nothing(client, login, db, world, followup):
    """Mass assignment (check 11): only the form's own fields are ever written."""
    from portal.modules.talks.models import Talk

    from .modules.talks.test_talks import form as talk_form

    users, ids, student_b = world
    login(followup.counselor)
    talk = db.session.get(Talk, ids["talk_id"])
    recorder, student, version = talk.recorded_by_id, talk.student_id, talk.version
    response = client.post(f"/talks/{talk.id}/edit", data={
        **talk_form(content="改过的内容"), "version": str(version),
        "student_id": str(student_b.id), "recorded_by_id": str(users["admin"].id),
        "acknowledged_at": "2026-01-01", "role": "admin", "counselor_id": "1"})
    assert response.status_code == 303
    db.session.expire_all()
    talk = db.session.get(Talk, ids["talk_id"])
    assert talk.content == "改过的内容"
    assert (talk.recorded_by_id, talk.student_id) == (recorder, student)
    assert talk.acknowledged_at is None
    assert {g.role for g in followup.counselor.grants} == {"counselor"}
