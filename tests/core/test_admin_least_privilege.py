"""The administrator (管理员) keeps accounts, roles and scopes, the organisation, terms,
rulesets, cadence policies, retention and the audit trail (workflows.md, the roles table),
and reads or writes no student's records: an outside probe, after step-up, read parents'
phones, family situation and talk notes as the administrator, who then held every
permission. Refused as the portal refuses a right not held: 403, audited, nothing shown."""

import pytest
from sqlalchemy import func, select

from portal.core.models import AuditEvent, RoleGrant
from portal.modules.warnings.models import Notice

from ..followup import ADDRESS, PHONE
from ..modules.test_followup_privacy import CANARIES, records  # noqa: F401  (a fixture)

# A student's records and every export of personal data, by what they hold.
NOT_THE_ADMINISTRATORS = {
    "a talk's notes": "/talks/{talk_id}",
    "the parents' phone numbers": "/parents/students/{student_id}/phones",
    "the family situation": "/students/{student_id}/family",
    "a parent contact": "/parents/{contact_id}",
    "a notice": "/warnings/notices/{notice_id}",
    "the roster": "/warnings/runs/{run_id}",
    "the rosters": "/warnings/",
    "a student's profile": "/students/{student_id}",
    "a study plan": "/plans/{plan_id}",
    "a student's archive (export)": "/students/{student_id}/archive.xlsx",
    "the roster (export)": "/warnings/export?term={term_id}",
    "the class's term binder (export)": "/binder/{class_id}/2025-2026-2.xlsx",
    "the effectiveness review (export)": "/review/export.xlsx",
    "the volunteers' hours (export)": "/peer-help/hours/{term_id}.xlsx",
}


@pytest.fixture
def ids(db, followup, records):  # noqa: F811  (the fixture imported above)
    notice = Notice(run_id=followup.run.id, student_id=followup.red.id)
    db.session.add(notice)
    db.session.flush()
    return {
        **records,
        "notice_id": notice.id,
        "term_id": followup.run.term_id,
        "class_id": followup.school_class.id,
    }


@pytest.fixture
def admin(make, login):
    user = make.user("ADM1", role="admin")  # over the whole school, step-up fresh
    login(user)
    return user


def denials(db) -> int:
    return db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "denied")
    )


@pytest.mark.parametrize("what", sorted(NOT_THE_ADMINISTRATORS))
def test_the_administrator_is_refused_a_students_records(client, db, ids, admin, what):
    before = denials(db)
    response = client.get(NOT_THE_ADMINISTRATORS[what].format(**ids))
    assert response.status_code == 403, what
    assert denials(db) == before + 1
    body = response.get_data(as_text=True)
    assert not [c for c in (*CANARIES, PHONE, ADDRESS) if c in body]


@pytest.mark.parametrize(
    ("what", "url"),
    [
        ("record a talk", "/talks/students/{student_id}/new"),
        ("record a parent contact", "/parents/students/{student_id}/new"),
        ("compute a roster", "/warnings/compute"),
        ("approve the roster", "/warnings/runs/{run_id}/approve"),
    ],
)
def test_the_administrator_records_nothing_for_a_student(client, db, ids, admin, what, url):
    before = denials(db)
    assert client.post(url.format(**ids), data={}).status_code == 403, what
    assert denials(db) == before + 1


def test_the_administrator_keeps_accounts_roles_and_settings(client, db, make, ids, admin):
    college_id = ids["college_id"]
    for url in (
        "/admin/users",
        "/admin/users/new",
        f"/admin/users/{admin.id}",
        "/admin/terms",
        "/admin/audit",
        "/admin/retention",
        "/warnings/rulesets",
        "/warnings/rulesets/anshan",
        "/cadence/policies",
        f"/cadence/policies/{college_id}",
        "/students/accounts",
    ):
        assert client.get(url).status_code == 200, url
    account = make.user("ADM2")
    response = client.post(
        f"/admin/users/{account.id}/grants",
        data={"role": "counselor", "scope": f"college:{college_id}"},
    )
    assert response.status_code in (200, 303)
    assert db.session.scalar(select(RoleGrant.role).where(RoleGrant.user_id == account.id)) == (
        "counselor"
    )


def test_the_administrators_menu_holds_administration_only(client, ids, admin):
    nav = client.get("/").get_data(as_text=True)
    nav = nav[nav.index('<nav aria-label="') : nav.index("</nav>")]
    for link in ("/admin/users", "/admin/audit", "/admin/terms", "/admin/retention"):
        assert f'href="{link}"' in nav, link
    for link in ("/warnings/rulesets", "/cadence/policies", "/students/accounts"):
        assert f'href="{link}"' in nav, link
    for link in ('"/warnings/"', '"/talks/"', '"/parents/"', '"/students/"', '"/review/"'):
        assert f"href={link}" not in nav, link
