"""The role × route matrix (security.md checks 2, 7, 9): every route and method the running
app has — every module's, found through the URL map, so a new module is covered without
editing this test — as every role and as nobody, plain and as an HTMX request.

- nobody: sent to log in (302; 401 with HX-Redirect for HTMX), nothing written;
- a role without the route's permission: 403, nothing written, one "denied" audit row;
- a role with it: never a server error and never a login redirect;
- a role scoped to college A, asking for college B's student by id: 403 or 404, nothing
  written, nothing of B's shown, one "denied" audit row;
- posted choices (issue 15): every choice a role's pages offer (select, radio, checkbox
  list, hidden input), posted back with college B's value of its kind or an unknown id:
  never a server error, and no row of any table changes (a checksum, so updates show).

Fixture: two colleges, a class in each, a warned student A (college A) and B (college B),
a counselor for each, a volunteer paired only with A, a course teacher."""

from __future__ import annotations

import re

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
def world(make, db, followup, records):

    college = followup.school_class.major.college
    other = make.school_class(make.major(make.college(name="乙学院")), name="乙班")
    student_b = make.student(other, name="乙学院学生")
    make.guardian(student_b, name="乙家长", phone="13800009999", address="乙路9号")
    volunteer_student = make.student(followup.school_class, name="志愿者")
    volunteer_user = make.student_user(volunteer_student)
    make.grant(volunteer_user, "volunteer")
    volunteer = make.volunteer(volunteer_student, statement="愿意帮助同学")
    pairing = make.pairing(volunteer, followup.red, difficulty="难点", plan="每周两次")
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
    make.teaching(users["teacher"], followup.school_class)  # whom the teacher teaches
    make.user(role="counselor", scope=other, name="乙辅导员")
    spare = make.user(name="备用账号")  # user-id routes act on this one, never on the caller
    ids = {
        **records,
        "volunteer_id": volunteer.id,
        "pairing_id": pairing.id,
        "user_id": spare.id,
        "term_id": followup.run.term_id,
        "class_id": followup.school_class.id,
        "term": "2026-2027-1",
    }
    return users, ids, student_b


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SESSION_ENDPOINTS or rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def row_counts(db) -> dict[str, int]:
    """Rows in every table but the audit trail (a denied request adds one there) and the
    caches (`info["cache"]`: answers a page read computed and kept, written by no one)."""
    names = [
        t for t in db.metadata.sorted_tables if t.name != "core_audit" and not t.info.get("cache")
    ]
    counts = db.session.execute(
        text("SELECT " + ", ".join(f"(SELECT count(*) FROM {t.name})" for t in names))
    ).one()
    return dict(zip([t.name for t in names], counts, strict=True))


def denials(db) -> int:
    return db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "denied")
    )


def call(client, method: str, url: str, headers: dict):
    return client.open(url, method=method, headers=headers, data={})


@pytest.mark.parametrize("role", [*ROLES, None], ids=[*ROLES, "anonymous"])
def test_every_route_answers_each_role_as_declared(app, client, login, db, world, role, tally):
    users, ids, _student_b = world
    if role:
        login(users[role])
    with app.test_request_context():
        # what the user holds through all their grants (a volunteer is also a student)
        held = (
            set().union(*(role_permissions().get(g.role, set()) for g in users[role].grants))
            if role
            else set()
        )
        plan = [(rule, method, declared_permission(rule.endpoint)) for rule, method in routes(app)]
    checked = denied_checked = 0
    for rule, method, permission in plan:
        url = fill(rule.rule, ids)
        for headers in MODES:
            allowed = permission == PUBLIC or (
                role is not None and (permission == AUTHENTICATED or permission in held)
            )
            before, denied = (row_counts(db), denials(db)) if not allowed else (None, None)
            response = call(client, method, url, headers)
            where = (role, method, url, headers)
            assert response.status_code < 500, where
            checked += 1
            if allowed:
                assert response.status_code != 401 and "/login" not in response.headers.get(
                    "Location", ""
                ), where
                continue
            if role is None:
                expected = 401 if headers else 302
                assert response.status_code == expected, where
                assert "/login" in (
                    response.headers.get("HX-Redirect") or response.headers.get("Location", "")
                ), where
            else:
                assert response.status_code == 403, where
                assert denials(db) == denied + 1, where
            assert row_counts(db) == before, where
            denied_checked += 1
    tally.update(kind="permission matrix cells", tried=checked, refused=checked)
    assert checked > 250  # every route and method, twice
    assert denied_checked > (100 if role in (None, "student", "volunteer", "teacher") else -1)


@pytest.mark.parametrize("role", ROLES)
def test_another_colleges_student_is_out_of_reach(app, client, login, db, world, role, tally):
    users, ids, student_b = world
    login(users[role])
    with app.test_request_context():
        plan = [(rule, method) for rule, method in routes(app) if "student_id" in rule.arguments]
    assert len(plan) > 10
    reached = sum(
        client.get(fill(rule.rule, ids)).status_code == 200
        for rule, method in plan
        if method == "GET"
    )
    # Control: the same routes answer for the role's own student (a teacher and a volunteer
    # have no per-student page at all); the administrator, over the whole school, reads no
    # student's record.
    assert reached == 0 if role == "admin" else reached > 0 or role in ("teacher", "volunteer")
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
            tally.update(
                kind="IDOR attempts (another college's student)",
                tried=tally["tried"] + 1,
                refused=tally["refused"] + 1,
            )


def test_a_failing_permission_lookup_answers_an_error_never_data(
    app, client, login, world, monkeypatch
):
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
    response = client.post(
        f"/talks/{talk.id}/edit",
        data={
            **talk_form(content="改过的内容"),
            "version": str(version),
            "student_id": str(student_b.id),
            "recorded_by_id": str(users["admin"].id),
            "acknowledged_at": "2026-01-01",
            "role": "admin",
            "counselor_id": "1",
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    talk = db.session.get(Talk, ids["talk_id"])
    assert talk.content == "改过的内容"
    assert (talk.recorded_by_id, talk.student_id) == (recorder, student)
    assert talk.acknowledged_at is None
    assert {g.role for g in followup.counselor.grants} == {"counselor"}


# --- Posted choices (issue 15): every choice a form offers, posted out of scope ----------
#
# Every POST route is in one of two lists, and a test checks the two cover the URL map, so a
# new route cannot be forgotten:
# - PAGE_FORMS: its form is on a page the fixture shows this role; the role's pass reads the
#   form from that page (every select, radio, checkbox list and hidden input it offers) and
#   must find it there;
# - DIRECT_POSTS: its form only shows in states the fixture does not have; the fields of the
#   body that carry a choice are named here and posted directly (none: the record is chosen
#   by the URL, which the matrix above already scopes).

PAGE_FORMS = {
    "admin.add_grant": "admin",
    "admin.new_user": "admin",
    "admin.reset_password": "admin",
    "admin.retention": "admin",
    "admin.user": "admin",
    "auth.confirm": "student",
    "cadence.apply_preset": "secretary",
    "cadence.policy": "secretary",
    "imports.upload": "secretary",
    "parents.edit": "counselor",
    "parents.new": "class_advisor",
    "peer_help.add_training": "counselor",
    "peer_help.certify": "counselor",
    "peer_help.check": "counselor",
    "peer_help.commend": "counselor",
    "peer_help.decide_volunteer": "counselor",
    "peer_help.log_session": "volunteer",
    "peer_help.my_stipend": "volunteer",
    "peer_help.new_pairing": "counselor",
    "peer_help.settings": "secretary",
    "plans.review": "mentor",
    "plans.save": "student",
    "plans.save_setting": "secretary",
    "review.save_report": "leader",
    "talks.acknowledge": "student",
    "talks.add_review": "counselor",
    "talks.edit": "counselor",
    "talks.edit_meeting": "counselor",  # who recorded the minutes, or a counselor
    "talks.edit_support": "counselor",
    "talks.new": "class_advisor",
    "talks.new_meeting": "counselor",
    "warnings.assign_ruleset": "secretary",
    "warnings.clone_ruleset": "secretary",
    "warnings.compute": "secretary",
    "warnings.edit_ruleset": "secretary",
    "warnings.propose_student": "counselor",
    "admin.terms": "admin",
    "students.set_status": "secretary",
    "students.set_flags": "counselor",
    "warnings.settings": "secretary",
    "review.save_setting": "leader",
    "talks.attach": "counselor",
    "parents.attach": "counselor",
    "auth.profile": "counselor",
}
DIRECT_POSTS = {
    "admin.remove_grant": (),
    "notifications.mark_read": (),
    "notifications.mark_all_read": (),
    "peer_help.answer": (),
    "peer_help.decide_pairing": ("version",),
    "peer_help.edit_session": ("pairing", "course", "present"),
    "plans.report": (),
    "plans.revise": (),
    "students.accounts": ("class_id",),
    "warnings.answer_notice": ("decision",),
    "warnings.confirm_notice": (),
    "warnings.object_notice": (),
    "warnings.parent_copy": ("method",),
    "warnings.confirm_lifting": ("lift",),
    "warnings.decide_proposal": ("decision",),
    "warnings.run_action": (),
    # A warned student is not invited to volunteer (the fixture's student is warned red).
    "peer_help.apply": ("times",),
    # A job's button: the roster's filters ride in the URL, the body carries nothing.
    "warnings.export": (),
    "warnings.print_class": (),
    "review.export_xlsx": (),
}


def declared_forms(app) -> dict[str, type]:
    """Each POST endpoint's form class, as the modules declare them (Module.forms): the
    pass posts these without a line here, so a new module is covered without editing this
    file. A declared form a page shows is read from the page; otherwise from its class."""
    registry = app.extensions["portal.modules"]
    return {
        endpoint: form
        for module in registry.modules.values()
        for endpoint, form in module.forms.items()
    }


def test_every_post_route_is_in_the_posted_choices_pass(app):
    posts = {rule.endpoint for rule, method in routes(app) if method == "POST"}
    declared = set(declared_forms(app))
    covered = set(PAGE_FORMS) | set(DIRECT_POSTS) | declared
    assert posts == covered, (
        "new POST routes: declare each one's form in its module (Module.forms), or add it "
        "to PAGE_FORMS or DIRECT_POSTS",
        posts ^ covered,
    )
    assert not set(PAGE_FORMS) & set(DIRECT_POSTS)
    assert not declared & (set(PAGE_FORMS) | set(DIRECT_POSTS)), "listed twice"


@pytest.fixture
def outside(make, db, world):
    """College B's own: its unit, a student, a volunteer with a pairing, a guardian, and a
    ruleset copy assigned to it alone (and an unassigned copy anyone may edit, "ours")."""
    from portal.modules.warnings import rulesets
    from portal.modules.warnings.models import Ruleset

    _users, _ids, student_b = world
    helper = make.student(student_b.school_class, name="乙学院志愿者")
    volunteer = make.volunteer(helper, statement="乙")
    pairing = make.pairing(volunteer, student_b, difficulty="乙", plan="乙", state="advisor")
    db.session.add(
        Ruleset(
            code="theirs", definition=dict(rulesets.ruleset_row("anshan").definition, code="theirs")
        )
    )
    db.session.flush()
    rulesets.assign(student_b.school_class.major.college, "theirs")
    db.session.add(
        Ruleset(
            code="ours", definition=dict(rulesets.ruleset_row("anshan").definition, code="ours")
        )
    )
    db.session.commit()
    return {
        "college": student_b.college_id,
        "class": student_b.class_id,
        "student": student_b.id,
        "volunteer": volunteer.id,
        "pairing": pairing.id,
        "guardian": student_b.guardians[0].id,
        "ruleset": "theirs",
        "code": "theirs",
    }


ROW = re.compile(r"-\d+-")


# The audit trail grows with every refusal; stored answers are a cache of the data's state,
# written by page reads (here in the test's one transaction, which a refused post rolls back;
# on a server in a transaction of their own).
NOT_DATA = {"core_audit", "warnings_stored_answer"}


def fingerprint(db) -> dict[str, int]:
    """A checksum of every row of every table but the audit trail: an update shows, not only
    an insert or a delete."""
    sums = {}
    for table in db.metadata.sorted_tables:
        if table.name in NOT_DATA:
            continue
        rows = db.session.execute(table.select()).all()
        sums[table.name] = hash(tuple(sorted(repr(tuple(r)) for r in rows)))
    return sums


def allowed_gets(app, role, users):
    with app.test_request_context():
        held = set().union(*(role_permissions().get(g.role, set()) for g in users[role].grants))
        return [
            rule
            for rule, method in routes(app)
            if method == "GET" and declared_permission(rule.endpoint) in held | {AUTHENTICATED}
        ]


def offered_forms(app, client, role, users, ids) -> dict[str, object]:
    """Every form the role's pages offer that posts somewhere, by the path it posts to."""
    from .html_forms import page_forms

    found = {}
    for rule in allowed_gets(app, role, users):
        response = client.get(fill(rule.rule, ids))
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        for form in page_forms(response.get_data(as_text=True)):
            found.setdefault(form.action, form)
    return found


def hostile_values(name: str, outside: dict, whole_school: bool) -> list[str]:
    """Out of scope for this field: college B's unit, student, volunteer or ruleset of the
    kind the name suggests (not for a whole-school role, whose scope it is), and an id
    nobody has."""
    kind = next(
        (
            k
            for k in ("college", "class", "volunteer", "pairing", "guardian", "ruleset", "code")
            if k in name
        ),
        "student",
    )
    return ([] if whole_school else [str(outside.get(kind, outside["student"]))]) + ["999999"]


@pytest.mark.parametrize("role", list(ROLES), ids=list(ROLES))
def test_posted_choices_out_of_scope_change_nothing(
    app, client, login, db, world, outside, role, tally
):
    """Every choice a role's pages offer (select, radio, checkbox list, hidden input), posted
    back with college B's value of its kind or an unknown id, the rest of the form as the
    page sent it: never a server error, and nothing in the database changes."""
    from portal.core.access import can

    from .html_forms import Field, PageForm, declared_form

    users, ids, _student_b = world
    ids = {**ids, "code": "ours"}
    login(users[role])
    forms = offered_forms(app, client, role, users, ids)
    whole_school = any(g.scope_kind == "all" for g in users[role].grants)
    adapter = app.url_map.bind("localhost")
    found = {adapter.match(action, method="POST")[0] for action in forms}
    assert {e for e, r in PAGE_FORMS.items() if r == role} <= found, "a form is gone"
    for endpoint, names in DIRECT_POSTS.items():
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        with app.test_request_context():
            held = can(users[role], declared_permission(endpoint))
        if names and held:
            forms[fill(rule.rule, ids)] = PageForm(
                fill(rule.rule, ids), {n: Field(n, "hidden", ["1"]) for n in names}
            )
    for endpoint, form_class in declared_forms(app).items():
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        action = fill(rule.rule, ids)
        with app.test_request_context():
            held = can(users[role], declared_permission(endpoint))
            if held and endpoint not in found:
                forms[action] = declared_form(action, form_class)
    tried = 0
    for action, form in sorted(forms.items()):
        if adapter.match(action, method="POST")[0] in SESSION_ENDPOINTS:
            continue
        before, posted = fingerprint(db), []
        for one in form.choices():
            if ROW.search(one.name) and not one.name.startswith(ROW.sub("-0-", one.name)):
                continue  # rows of a list: the first row stands for the others
            for value in hostile_values(one.name, outside, whole_school):
                data = form.data()
                data[one.name] = (
                    (data.get(one.name, []) + [value]) if one.kind == "checkbox" else [value]
                )
                response = client.post(action, data=data)
                posted.append((one.name, value, response.status_code))
                assert response.status_code < 500, (role, action, posted[-1])
        after = fingerprint(db)
        assert after == before, (role, action, posted, [t for t in after if after[t] != before[t]])
        tried += len(posted)
    tally.update(kind="posted choices out of scope", tried=tried, refused=tried)
    assert tried > {"admin": 20, "secretary": 20, "counselor": 20}.get(role, -1)
