"""A refused request and an export's slot on the audit page in words (an outside tester's
finding: their Detail read "GET /students/ [students.view]"): the page by its name, the right
by its label, what was exported and its term, in the reader's language. The rows keep what
was recorded."""

import pytest

from portal.core.models import AuditEvent

from .test_audit_words import audit_rows


def _details(client, user: str, locale: str, action: str) -> list[str]:
    """The Detail cells of the user's rows of `action`, newest first, read in `locale`."""
    client.post("/locale", data={"locale": locale})
    page = client.get(f"/admin/audit?user={user}&action={action}").get_data(as_text=True)
    return [row[5] for row in audit_rows(page)]


@pytest.fixture
def refused(client, make, login, db):
    """An account with no role opens the student list; a counselor opens a student of another
    class (out of reach: 404)."""
    login(make.user("RW1"))
    assert client.get("/students/").status_code == 403
    counselor = make.user("RW2", role="counselor", scope=make.school_class())
    other = make.student(make.school_class())
    login(counselor)
    assert client.get(f"/students/{other.id}").status_code == 404
    login(make.user("RWA", role="admin"))
    return other


@pytest.mark.parametrize(
    ("locale", "missing_right", "out_of_reach"),
    [
        (
            "en",
            "Access denied: Student list (needs the right: View student profiles)",
            "Access denied: Student profile (student {id} is outside the account's reach for "
            "the right: View student profiles)",
        ),
        (
            "zh_CN",
            "拒绝访问：学生名单（需要权限：查看学生档案）",
            "拒绝访问：学生主页（学生 {id} 不在该账户“查看学生档案”权限的范围内）",
        ),
    ],
)
def test_a_refused_request_names_the_page_and_the_right(
    client, db, refused, locale, missing_right, out_of_reach
):
    assert _details(client, "RW1", locale, "denied") == [missing_right]
    assert _details(client, "RW2", locale, "denied") == [out_of_reach.format(id=refused.id)]
    # The rows are as recorded.
    stored = {e.detail for e in db.session.query(AuditEvent).filter_by(action="denied")}
    out_of_scope = f"GET /students/{refused.id} [scope: students.view Student {refused.id}]"
    assert stored == {"GET /students/ [students.view]", out_of_scope}


@pytest.mark.parametrize(
    ("locale", "roster", "notices", "unknown"),
    [
        (
            "en",
            "Export allowance used: Academic warning roster (2024–2025 term 1)",
            "Export allowance used: Academic warning notices to print",
            "Export allowance used: /nowhere",
        ),
        (
            "zh_CN",
            "导出额度：学业警示名单（2024-2025学年第1学期）",
            "导出额度：打印学业警示通知书",
            "导出额度：/nowhere",
        ),
    ],
)
def test_an_export_slot_names_what_was_exported_and_its_term(
    client, make, login, db, locale, roster, notices, unknown
):
    term = make.term("2024-2025-1")
    for detail in (
        "GET /nowhere",
        "POST /warnings/notices/print?class=3",
        f"GET /warnings/export?term={term.id}",
    ):
        db.session.add(AuditEvent(username="SW1", action="export_slot", detail=detail))
    db.session.commit()
    login(make.user("SWA", role="admin"))
    assert _details(client, "SW1", locale, "export_slot") == [roster, notices, unknown]


def test_a_detail_that_is_no_recorded_request_reads_as_before(client, make, login, db):
    db.session.add(AuditEvent(username="SW2", action="denied", detail="something else"))
    db.session.commit()
    login(make.user("SWB", role="admin"))
    assert _details(client, "SW2", "en", "denied") == ["something else"]
