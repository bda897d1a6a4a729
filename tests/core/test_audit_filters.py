"""The audit page's filters are chosen in words and sent as codes: an outside tester typed
操作=新建 and 记录类型=谈话 and got nothing, where `create` and `Talk` gave 50 rows. A code the
trail does not know is said so; filters that keep nothing say that too."""

import re

import pytest

from portal.core import audit

from .test_audit_words import audit_rows


def options(page: str, name: str) -> dict[str, str]:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group()
    return dict(re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select))


@pytest.fixture
def admin(make, login):
    def log_in(locale="zh_CN"):
        login(make.user("AF1", role="admin", locale=locale))

    return log_in


def talk_rows(db):
    audit.record("create", object_type="Talk", object_id=7)
    audit.record("attachment_add", object_type="talks.talk", object_id=7, detail="attachment=2")
    audit.record("create", object_type="Contact", object_id=8)
    db.session.commit()


@pytest.mark.parametrize(
    ("locale", "create", "talk"), [("zh_CN", "新建", "谈话"), ("en", "created", "talk")]
)
def test_the_filters_offer_actions_and_kinds_of_record_in_words_with_codes_as_values(
    client, db, admin, locale, create, talk
):
    admin(locale)
    page = client.get("/admin/audit").get_data(as_text=True)
    actions, kinds = options(page, "action"), options(page, "object_type")
    assert actions["create"] == create and kinds["Talk"] == talk
    assert actions[""] == kinds[""] == ("全部" if locale == "zh_CN" else "All")
    # A talk's scans read as the talk does: one choice, not two alike.
    assert "talks.talk" not in kinds and list(kinds.values()).count(talk) == 1


def test_a_kind_of_record_chosen_keeps_the_rows_that_read_as_it(client, db, admin):
    talk_rows(db)
    admin()
    for asked in ("Talk", "talks.talk"):
        page = client.get(f"/admin/audit?object_type={asked}").get_data(as_text=True)
        assert sorted(row[2] for row in audit_rows(page)) == ["上传扫描件", "新建"]
        assert '<option selected value="Talk">' in page


def test_an_action_chosen_keeps_its_rows(client, db, admin):
    talk_rows(db)
    admin()
    page = client.get("/admin/audit?action=create").get_data(as_text=True)
    rows = audit_rows(page)
    assert {"家长联系 8", "谈话 7"} <= {row[3] for row in rows}  # and the admin's account
    assert {row[2] for row in rows} == {"新建"} and '<option selected value="create">' in page


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("action=新建", "The audit trail knows no action 新建: choose one from the list."),
        (
            "object_type=谈话",
            "The audit trail knows no record type 谈话: choose one from the list.",
        ),
    ],
)
def test_a_code_the_trail_does_not_know_is_said_to_be_unknown(client, db, admin, query, said):
    talk_rows(db)
    admin("en")
    response = client.get(f"/admin/audit?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and page.count(said) == 2  # by the field, in the summary
    assert audit_rows(page) == []


def test_a_code_no_one_named_but_rows_carry_is_still_a_filter(client, db, admin):
    audit.record("old_action", detail="from an earlier version")
    db.session.commit()
    admin("en")
    page = client.get("/admin/audit?action=old_action").get_data(as_text=True)
    assert [row[5] for row in audit_rows(page)] == ["from an earlier version"]
    assert '<option selected value="old_action">old_action</option>' in page


def test_filters_that_keep_nothing_say_so(client, db, admin):
    admin("en")
    response = client.get("/admin/audit?action=retention")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<table>" not in page
    assert "No audit rows match these filters." in page
