"""A new record's audit row carries its id and the page names it (security.md check 25): an
outside tester found every create row without one (65 talks, 32 parent contacts, 279 role
grants), read as "admin 新建 角色" with no account, role or scope."""

import pytest

from portal.core.models import AuditEvent, RoleGrant

from ..modules.test_followup_privacy import records  # noqa: F401  (a fixture)
from .test_audit_words import audit_rows


def create_row(db, record_type: str) -> AuditEvent:
    [row] = db.session.query(AuditEvent).filter_by(action="create", object_type=record_type).all()
    return row


@pytest.mark.parametrize(("record_type", "key"), [("Talk", "talk_id"), ("Contact", "contact_id")])
def test_a_new_talk_or_parent_contact_leaves_a_row_with_its_id_and_student(
    db,
    records,
    record_type,
    key,  # noqa: F811  (the fixture imported above)
):
    row = create_row(db, record_type)
    assert row.object_id == str(records[key]) and row.student_id == records["student_id"]


@pytest.mark.parametrize(
    ("locale", "talk", "contact"),
    [
        ("zh_CN", "谈话 {talk_id}（学生 {no}）", "家长联系 {contact_id}（学生 {no}）"),
        ("en", "talk {talk_id} (student {no})", "parent contact {contact_id} (student {no})"),
    ],
)
def test_the_audit_page_names_a_new_talk_and_contact_by_number_and_student(
    client,
    make,
    login,
    db,
    followup,
    records,
    locale,
    talk,
    contact,  # noqa: F811
):
    login(make.user("AC1", role="admin", locale=locale))
    page = client.get("/admin/audit?action=create").get_data(as_text=True)
    named = {row[3] for row in audit_rows(page)}
    ids = dict(records, no=followup.red.student_no)
    assert {talk.format(**ids), contact.format(**ids)} <= named


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("zh_CN", "角色：班主任；范围：班级 计科2101；账号：AC3"),
        ("en", "Role: Class advisor; Scope: Class 计科2101; Account: AC3"),
    ],
)
def test_a_granted_and_a_removed_role_name_the_account_the_role_and_the_scope(
    client, make, login, db, locale, words
):
    login(make.user("AC2", role="admin", locale=locale))
    school_class = make.school_class(name="计科2101")
    target = make.user("AC3")
    client.post(
        f"/admin/users/{target.id}/grants",
        data={"role": "class_advisor", "scope": f"class:{school_class.id}"},
    )
    grant = db.session.query(RoleGrant).filter_by(user_id=target.id).one()
    client.post(f"/admin/users/{target.id}/grants/{grant.id}/delete")
    page = client.get("/admin/audit?object_type=RoleGrant&user=AC2").get_data(as_text=True)
    [removed, granted] = [row[2:6] for row in audit_rows(page)]
    record = "角色" if locale == "zh_CN" else "role"
    assert granted[1:] == [f"{record} {grant.id}", "", words]
    assert removed[1:] == [f"{record} {grant.id}", "", words]


def test_a_grant_s_row_keeps_its_codes(client, make, login, db):
    """The row keeps what was recorded; the page reads it in words."""
    make.user("AC4", role="counselor", scope=make.school_class())
    grant = db.session.query(RoleGrant).filter_by(role="counselor").one()
    row = create_row(db, "RoleGrant")
    assert row.object_id == str(grant.id)
    assert row.detail == f"role=counselor scope=class:{grant.scope_id} account=AC4"
