"""The audit page's Detail column in the reader's words: each key a writer records (the
core's and each module's, declared through the module contract) reads as a word and its
value, codes (terms, rulesets, key groups) in their words; an unknown key stays as recorded,
and so does the stored row."""

import pytest

from portal.core import audit
from portal.core.models import AuditEvent
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run

from .test_audit_words import audit_rows

# (action, record, detail as its writer records it, its words in Chinese, in English)
WRITTEN = [
    (
        "import",
        "grades",
        "成绩 1.xlsx rows=3 inserted=1 updated=0 unchanged=2",
        "成绩 1.xlsx 行数：3；新增行数：1；更新行数：0；未变行数：2",
        "成绩 1.xlsx Rows: 3; Rows added: 1; Rows updated: 0; Rows unchanged: 2",
    ),
    (
        "export",
        "Roster",
        "rows=12 file=roster-2026-2027-1.xlsx",
        "行数：12；文件：roster-2026-2027-1.xlsx",
        "Rows: 12; File: roster-2026-2027-1.xlsx",
    ),
    (
        "print_export",
        "Review",
        "rows=40 page=/review/print?term=2026-2027-1",
        None,
        "Rows: 40; Page: Academic support effectiveness review (2026–2027 term 1)",
    ),
    (
        "print_export",
        "SchoolClass",
        "rows=25 page=/binder/3/2026-2027-1",
        None,
        "Rows: 25; Page: Term binder (2026–2027 term 1)",
    ),
    (
        "print_export",
        "Notice",
        "rows=3 page=/nowhere?class=3",
        None,
        "Rows: 3; Page: /nowhere?class=3",
    ),
    ("attachment_view", "talks.talk", "attachment=7", None, "Scan: 7"),
    ("accounts_created", "User", "count=30", None, "Count: 30"),
    ("flag_set", "Student", "financial", "经济困难", "Financial hardship"),
    (
        "lift",
        "Warning",
        "count=3 warned_again=1",
        None,
        "Liftings confirmed: 3; Of them, warned again: 1",
    ),
    ("notice_kept", "Notice", "run=5 -> run=7", "预警计算：5 -> 预警计算：7", None),
    ("retention_policy", None, "1=5, 2=6", "1=5, 2=6", "1=5, 2=6"),
]


def _details_by_object(client) -> dict[str, str]:
    """Each row's detail cell, by the object id its Record cell ends with."""
    page = client.get("/admin/audit").get_data(as_text=True)
    return {row[3].split()[-1]: row[5] for row in audit_rows(page) if row[3]}


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("zh_CN", "学期：2024-2025学年第1学期；规则集：鞍山师范学院（三色预警）；预警人数：1"),
        (
            "en",
            "Term: 2024–2025 term 1; Ruleset: Anshan Normal University (three colours); "
            "Students warned: 1",
        ),
    ],
)
def test_a_computation_s_detail_reads_as_words_not_keys(client, make, login, db, locale, words):
    college = make.college("审计学院")
    student = make.student(make.school_class(make.major(college)))
    term = make.term("2024-2025-1")
    make.grade(student, term, "A", 4, 30)
    make.grade(student, term, "B", 16, 90)
    admin = make.user("AD1", role="admin", locale=locale)
    compute_run(term, rulesets.load("anshan"), college_id=college.id)
    db.session.commit()
    login(admin)
    page = client.get("/admin/audit?action=compute").get_data(as_text=True)
    [detail] = [row[5] for row in audit_rows(page)]
    assert detail == words
    assert "term=" not in page and "ruleset=" not in page and "warned=" not in page


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_each_writer_s_keys_read_as_words_and_the_rows_keep_what_was_recorded(
    client, make, login, db, locale
):
    for number, (action, record, detail, *_words) in enumerate(WRITTEN):
        audit.record(action, object_type=record, object_id=f"D{number}", detail=detail)
    db.session.commit()
    login(make.user("AD2", role="admin", locale=locale))
    shown = _details_by_object(client)
    for number, (action, _record, detail, zh, en) in enumerate(WRITTEN):
        expected = zh if locale == "zh_CN" else en
        if expected is not None:
            assert shown[f"D{number}"] == expected, action
        stored = db.session.query(AuditEvent).filter_by(action=action, object_id=f"D{number}")
        assert stored.one().detail == detail


def test_a_print_of_many_notices_names_the_page_and_its_term_not_its_address(
    client, make, login, db
):
    """An outside tester's finding: a "printed many students' records" row read "Page
    address: /warnings/notices/print?class=3&term=5"; it reads as the page's words now (the
    module names its pages: `Module.audit_pages`), the row keeps the address."""
    term = make.term("2024-2025-1")
    detail = f"rows=3 page=/warnings/notices/print?class=3&term={term.id}"
    audit.record("print_export", object_type="Notice", object_id="N1", detail=detail)
    db.session.commit()
    login(make.user("AD3", role="admin", locale="en"))
    assert _details_by_object(client)["N1"] == (
        "Rows: 3; Page: Academic warning notices to print (2024–2025 term 1)"
    )
    assert db.session.query(AuditEvent).filter_by(object_id="N1").one().detail == detail
