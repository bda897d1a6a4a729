"""A refused request and an export's slot on the audit page in words (an outside tester's
finding: their Detail read "GET /students/ [students.view]"): the page by its name, the right
by its label, what was exported and its term, in the reader's language. The rows keep what
was recorded; the raw text stays on the cell's title."""

from html.parser import HTMLParser

import pytest

from portal.core.models import AuditEvent


class _Details(HTMLParser):
    """(the Detail cell's text, its title) of each row of the audit table's body."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell, self._title, self._column = [], None, "", 0

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._column = 0
        elif tag == "td":
            self._column += 1
            if self._column == 6:
                self._cell, self._title = [], dict(attrs).get("title") or ""

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.rows.append(("".join(self._cell).strip(), self._title))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _details(client, user: str, locale: str, action: str) -> list[tuple[str, str]]:
    """(the Detail cell's words, its title: the row as recorded) of the user's rows of
    `action`, newest first, read in `locale`."""
    client.post("/locale", data={"locale": locale})
    parser = _Details()
    parser.feed(client.get(f"/admin/audit?user={user}&action={action}").get_data(as_text=True))
    return parser.rows


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
    [(words, raw)] = _details(client, "RW1", locale, "denied")
    assert words == missing_right and raw == "GET /students/ [students.view]"
    [(words, raw)] = _details(client, "RW2", locale, "denied")
    assert words == out_of_reach.format(id=refused.id)
    assert raw == f"GET /students/{refused.id} [scope: students.view Student {refused.id}]"
    # The rows are as recorded.
    stored = {e.detail for e in db.session.query(AuditEvent).filter_by(action="denied")}
    assert stored == {raw, "GET /students/ [students.view]"}


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
    said = [words for words, _raw in _details(client, "SW1", locale, "export_slot")]
    assert said == [roster, notices, unknown]


def test_a_detail_that_is_no_recorded_request_reads_as_before(client, make, login, db):
    db.session.add(AuditEvent(username="SW2", action="denied", detail="something else"))
    db.session.commit()
    login(make.user("SWB", role="admin"))
    assert _details(client, "SW2", "en", "denied") == [("something else", "")]
