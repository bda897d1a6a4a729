"""The audit page in the reader's words (walk finding 7): its columns, every action, every
kind of record and every field of each, in Chinese and English, never a code."""

import ast
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import portal
from portal.core.models import AuditEvent

SOURCE = Path(portal.__file__).parent

# Fields that views record as read (record_view) besides a record's own columns.
READ_FIELDS = {
    "Student": ["key_group_flags", "family_situation", "phone", "guardians"],
    "Guardian": ["phone", "address"],
    "Plan": ["content", "report"],
    "Meeting": ["content"],
    "SupportPlan": ["plan", "referred", "study_change"],
    "Volunteer": ["bank_account"],
    "Concern": ["note"],
}

# Actions made up where they are recorded ("roster_" + action …), and the failed password
# checks passed down by name.
COMPOSED_ACTIONS = [
    "roster_submit",
    "roster_approve",
    "roster_return",
    "objection_upheld",
    "objection_withdrawn",
    "proposal_accepted",
    "proposal_rejected",
    "notice_kept",
    "notice_dropped",
    "password_change_failed",
    "reauth_failed",
]

_AUDIT_CALLS = {"record", "record_on", "record_selected", "_audited", "_audit_flag"}
_NAMING_CALLS = {"download", "printed", "keep_file", "record", "record_on", "record_selected"}


def _literals_in_source() -> tuple[set, set]:
    """(actions, record types) written as literals where the portal records audit rows."""
    actions, records = set(), set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            strings = [
                (i, a.value)
                for i, a in enumerate(node.args)
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if name in _AUDIT_CALLS:
                first = 1 if name == "record_on" else 0
                actions |= {value for i, value in strings if i == first}
                if name == "record_selected":
                    records |= {value for i, value in strings if i == 1}
            if name in _NAMING_CALLS:
                for keyword in node.keywords:
                    value = keyword.value
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        if keyword.arg in ("object_type", "what"):
                            records.add(value.value)
                        if keyword.arg == "action" and name != "record_many":
                            actions.add(value.value)
    return actions, records


def _audited_models(db):
    """(the name audit rows give, columns) of each audited model (portal.core.audit)."""
    for mapper in db.Model.registry.mappers:
        cls = mapper.class_
        if getattr(cls, "__audit__", True) is not False:
            name = getattr(cls, "__audit_name__", None) or cls.__name__
            yield name, [c.key for c in mapper.columns if c.key != "id"]


def _attachment_kinds() -> set:
    from portal.core.scan_views import ScannedRecordPage

    return {
        value.kind
        for module in list(sys.modules.values())
        if getattr(module, "__name__", "").startswith("portal.modules.")
        for value in vars(module).values()
        if isinstance(value, ScannedRecordPage)
    }


def everything_audited(app, db) -> tuple[set, set, dict]:
    """Every action, every kind of record and each one's fields the trail can hold."""
    from portal.core import audit_words
    from portal.core.export import EXPORT_ACTIONS
    from portal.core.importing import kinds

    actions, records = _literals_in_source()
    registered = app.extensions["portal.audit_words"]
    actions |= set(audit_words.ACTIONS) | set(registered["actions"]) | set(EXPORT_ACTIONS)
    actions |= {"attachment_add", "attachment_view", *COMPOSED_ACTIONS}
    fields = {}
    for name, columns in _audited_models(db):
        fields[name] = list(dict.fromkeys([*columns, *READ_FIELDS.get(name, [])]))
    with app.app_context():
        records |= set(fields) | set(kinds()) | _attachment_kinds()
    return actions, records, fields


class _Rows(HTMLParser):
    """The audit table's body rows, each a list of its cells' text."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell, self._in_body = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag == "td" and self._in_body:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def audit_rows(page: str) -> list[list[str]]:
    parser = _Rows()
    parser.feed(page)
    return parser.rows


def _headings(page: str) -> list[str]:
    head = page[page.index("<thead>") : page.index("</thead>")]
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th>(.*?)</th>", head, re.S)]


@pytest.mark.parametrize(("locale", "ip", "not_ip"), [("zh_CN", "IP 地址", "家庭住址")])
def test_the_client_address_column_is_headed_ip_address_not_a_home_address(
    client, make, login, db, locale, ip, not_ip
):
    login(make.user("AW1", role="admin", locale=locale))
    page = client.get("/admin/audit").get_data(as_text=True)
    assert _headings(page)[-1] == ip
    assert not_ip not in _headings(page)


def test_the_client_address_column_in_english(client, make, login, db):
    login(make.user("AW2", role="admin", locale="en"))
    page = client.get("/admin/audit").get_data(as_text=True)
    assert _headings(page)[-1] == "IP address"


@pytest.mark.parametrize(
    ("locale", "plan", "student", "guardian", "meeting"),
    [
        ("zh_CN", "计划状态、学习计划内容", "学籍状态", "家庭住址", "座谈会主要内容"),
        ("en", "Plan status, Study plan content", "Status", "Address", "Meeting content"),
    ],
)
def test_a_field_is_named_for_its_own_kind_of_record(
    client, make, login, db, locale, plan, student, guardian, meeting
):
    """A plan's status is not a student's 学籍状态; its content is not a talk's 谈话主要内容."""
    from portal.core import audit

    login(make.user("AW3", role="admin", locale=locale))
    for record, fields in (
        ("Plan", ["status", "content"]),
        ("Student", ["status"]),
        ("Guardian", ["address"]),
        ("Meeting", ["content"]),
        ("Talk", ["content"]),
    ):
        audit.record("update", object_type=record, object_id=1, fields=fields, detail=record)
    db.session.commit()
    rows = {r[5]: r[4] for r in audit_rows(client.get("/admin/audit").get_data(as_text=True))}
    assert rows["Plan"] == plan
    assert rows["Student"] == student
    assert rows["Guardian"] == guardian
    assert rows["Meeting"] == meeting
    assert rows["Talk"] == ("谈话主要内容" if locale == "zh_CN" else "Main content")


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_action_record_and_field_reads_in_words(
    app, client, make, login, db, monkeypatch, locale
):
    """Every action the portal records, every kind of record (models, exports' and imports'
    kinds, scans) and every field of each, on the page: Chinese with no Latin letters left,
    English with no code shown as stored."""
    actions, records, fields = everything_audited(app, db)
    rows = [dict(action=a, object_type=None, fields=None, detail=f"a:{a}") for a in actions]
    rows += [dict(action="view", object_type=r, fields=None, detail=f"r:{r}") for r in records]
    rows += [
        dict(action="update", object_type=r, fields=f, detail=f"f:{r}.{f}")
        for r, names in fields.items()
        for f in names
    ]
    db.session.add_all(AuditEvent(username="AW4", **row) for row in rows)
    db.session.commit()
    monkeypatch.setitem(app.config, "PAGE_SIZE", 200)
    login(make.user("AW4", role="admin", locale=locale))
    shown = {}
    for start in range(0, len(rows) + 10, 200):
        page = client.get(f"/admin/audit?user=AW4&page={start // 200 + 1}").get_data(as_text=True)
        for cells in audit_rows(page):
            if cells[0] and cells[5][1:2] == ":":
                shown[cells[5]] = cells
    raw = []
    for row in rows:
        cells = shown[row["detail"]]
        kind, code = row["detail"].split(":", 1)
        said = {"a": cells[2], "r": cells[3].strip(), "f": cells[4]}[kind]
        if locale == "zh_CN":
            if re.search(r"[A-Za-z_]", said):
                raw.append(f"{row['detail']} → {said}")
        elif said == (row["fields"] if kind == "f" else code):
            raw.append(row["detail"])
    assert len(shown) == len(rows) > 400
    assert not raw, raw
