"""The audit trail in words: what was done, to which kind of record, which fields. Rows keep
their codes (`update`, `Talk`, `content`); the page reads them in the reader's language.
The core names its own records and fields; a module declares its own in its
`audit_words.RECORDS`, `.FIELDS` and `.DETAILS`, which the loader hands to `register` (the
core knows no module by name). A code nobody named is shown as stored.

A row's detail is read the same way: each `key=value` the core or the row's record's module
names reads "word: value", a value that is a code (a term, a ruleset) in its words; the row
keeps what was recorded (`term=2026-2027-1 rows=3`).

A field is named per kind of record (walk finding 7): `status` is a student's 学籍状态 but
a study plan's own state, `content` a talk's 谈话主要内容 but a plan's text. A module's
field words are for its own records; a key `Record.field` gives one record its own word
for a field the others share."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs

from flask import Flask, current_app

from ..extensions import db
from .audit import REFUSED
from .i18n import _, _l
from .models import College, Major, SchoolClass
from .models.students import KeyGroupFlag
from .modules import ModuleError
from .numbers import as_id
from .roles import ROLES, SCOPE_KINDS

ACTIONS = {
    "create": _l("created"),
    "update": _l("changed"),
    "delete": _l("deleted"),
    "view": _l("viewed"),
    "print": _l("printed"),
    "archive_view": _l("viewed the archive"),
    "archive_export": _l("exported the archive"),
    "print_export": _l("printed many students' records"),
    "export_slot": _l("asked to export or print many students' records"),
    "export": _l("exported"),
    "attachment_add": _l("attached a scan"),
    "attachment_view": _l("opened a scan"),
    "login": _l("logged in"),
    "login_failed": _l("failed to log in"),
    "logout": _l("logged out"),
    "reauth": _l("confirmed the password"),
    "reauth_failed": _l("failed to confirm the password"),
    "password_reset": _l("reset a password"),
    "password_change_failed": _l("failed to change the password"),
    "accounts_created": _l("created student accounts"),
    "initial_passwords": _l("printed initial passwords"),
    "import": _l("imported a file"),
    "compute": _l("computed warnings"),
    "lift": _l("lifted a warning"),
    "flag_set": _l("set a key-group flag"),
    "flag_cleared": _l("cleared a key-group flag"),
    "notice_issued": _l("issued a notice"),
    "notice_kept": _l("kept a notice for a new roster"),
    # By a new roster, or by an accepted removal (its detail names the proposal).
    "notice_dropped": _l("withdrew a notice: the roster no longer lists the student"),
    "notice_settings": _l("changed notice settings"),
    "retention": _l("purged old records"),
    "retention_policy": _l("changed the retention policy"),
    "term_dates": _l("changed term dates"),
    "denied": _l("was refused"),
    "roster_submit": _l("submitted a roster"),
    "roster_approve": _l("approved a roster"),
    "roster_return": _l("returned a roster"),
    "proposal_accepted": _l("accepted a proposal"),
    "proposal_rejected": _l("rejected a proposal"),
    "objection_upheld": _l("upheld a notice after an objection"),
    "objection_withdrawn": _l("withdrew a notice after an objection"),
}

RECORDS = {
    "User": _l("account"),
    "RoleGrant": _l("role"),
    "Student": _l("student"),
    "Guardian": _l("parent or guardian"),
    "College": _l("college"),
    "Major": _l("major"),
    "SchoolClass": _l("class"),
    "Term": _l("term"),
    "GradeRecord": _l("grade"),
    "ImportBatch": _l("import"),
    "ImportJob": _l("import"),
    "StudentFlag": _l("key-group flag"),
    "CadencePolicy": _l("cadence policy"),
    "RetentionPolicy": _l("retention policy"),
    "Notification": _l("notification"),
    "StoredFile": _l("stored file"),
    "Attachment": _l("scan"),
}

# Fields any record may have, in the same words on every one (a last resort: a record's
# own words come first).
COMMON = {
    "at": _l("Time"),
    "created_at": _l("Created at"),
    "updated_at": _l("Changed at"),
    "student_id": _l("Student"),
    "user_id": _l("Account"),
    "college_id": _l("College"),
    "major_id": _l("Major"),
    "class_id": _l("Class"),
    "term_id": _l("Term"),
    "version": _l("Version"),
}

# The core's records' fields.
FIELDS = {
    "name": _l("Name"),
    "phone": _l("Phone"),
    "address": _l("Address"),  # a parent's home address (Guardian)
    "relation": _l("Relation"),
    "gender": _l("Gender"),
    "locale": _l("Language"),
    "password_hash": _l("Password"),
    "must_change_password": _l("Must change the password"),
    "active": _l("Active"),
    "family_situation": _l("Family situation"),
    "guardians": _l("Parents and guardians"),
    "key_group_flags": _l("Key groups"),
    "native_place": _l("Native place"),
    "start_date": _l("First day"),
    "end_date": _l("Last day"),
    "rules": _l("Rules"),
    "code": _l("Code"),
    "content_type": _l("File type"),
    "data": _l("File content"),
    "extended_study": _l("Extended study"),
    "filename": _l("File name"),
    "flag": _l("Flag"),
    "grade_year": _l("Year of entry"),
    "inserted": _l("Rows added"),
    "kind": _l("Kind"),
    "n": _l("Term of the year"),
    "office": _l("Office"),
    "period_days": _l("Period (days)"),
    "permission": _l("Permission"),
    "preset": _l("Preset"),
    "record_id": _l("Record"),
    "role": _l("Role"),
    "rows": _l("Rows"),
    "scope_id": _l("Scope unit"),
    "scope_kind": _l("Scope"),
    "set_at": _l("Set at"),
    "set_by_id": _l("Set by"),
    "granted_by_id": _l("Granted by"),
    "sha256": _l("File digest"),
    "show_phone": _l("Phone shown to students"),
    "size": _l("Size"),
    "start_year": _l("First year"),
    "status_reason": _l("Reason for the status"),
    "status_since": _l("Status since"),
    "student_no": _l("Student number"),
    "unchanged": _l("Rows unchanged"),
    "updated": _l("Rows updated"),
    "updated_by_id": _l("Changed by"),
    "uploaded_at": _l("Uploaded at"),
    "uploaded_by_id": _l("Uploaded by"),
    "username": _l("User name"),
    "Student.status": _l("Status"),  # 学籍状态
    "RetentionPolicy.years": _l("Years kept"),
}


def register(
    app: Flask, *, records=None, fields=None, actions=None, details=None, pages=None
) -> None:
    """A module's words for its records (model class names), their fields, the keys of their
    rows' details, its actions and its pages (endpoints). A record name is one model's: a
    second module's is refused. The fields and detail keys are words for the module's own
    records only (`Record.field` for one of them alone): another module's `status` or
    `count` is another thing."""
    words = app.extensions.setdefault("portal.audit_words", _empty())
    twice = sorted(set(records or {}) & set(words["records"]))
    if twice:
        raise ModuleError(f"audit record names {twice} declared twice")
    words["records"].update(records or {})
    words["fields"].update(fields_by_record(records or {}, fields or {}))
    words["details"].update(fields_by_record(records or {}, details or {}))
    words["actions"].update(actions or {})
    words["pages"].update(pages or {})


def _empty() -> dict:
    return {"records": {}, "fields": {}, "details": {}, "actions": {}, "pages": {}}


def fields_by_record(records, fields) -> dict[str, dict]:
    """record -> field -> words: the fields every one of `records` shares, each record's own
    (`Record.field`) over them."""
    shared = {code: word for code, word in fields.items() if "." not in code}
    return {
        record: {
            **shared,
            **{
                code.partition(".")[2]: word
                for code, word in fields.items()
                if code.partition(".")[0] == record
            },
        }
        for record in records
    }


CORE_FIELDS = fields_by_record(RECORDS, FIELDS)


@dataclass(frozen=True)
class DetailKey:
    """A key of a row's detail (`term=2026-2027-1`) in words; `value(code) -> words` when its
    values are codes (a term, a ruleset), returning a code it does not know as it is. A
    module's `audit_words.DETAILS` maps keys to these, or to words alone."""

    label: object
    value: Callable[[str], str] | None = None


def _term_words(code: str) -> str:
    from .templating import term_label  # deferred: .templating imports this module

    return term_label(code)


def _as_recorded(text: str) -> str:
    return text


_UNITS = {"college": College, "major": Major, "class": SchoolClass}


def _role_words(code: str) -> str:
    return str(ROLES.get(code, code))


def _scope_words(code: str) -> str:
    """A grant's scope (`all`, `self`, `class:12`) as the account's page names it: the kind,
    and the unit by its name (its id once the unit is gone)."""
    kind, _sep, unit_id = code.partition(":")
    words = str(SCOPE_KINDS.get(kind, kind))
    if not unit_id:
        return words
    model, known = _UNITS.get(kind), as_id(unit_id)
    unit = db.session.get(model, known) if model and known else None
    return f"{words} {unit.name if unit else unit_id}"


# The keys the core writes into details (an import's, an export's, a scan's, a role grant's),
# for any record. A file name is shown as recorded, a term code in it too; a page (a bulk
# print's) by its words, as a refused request's is.
DETAILS = {
    "term": DetailKey(_l("Term"), _term_words),
    "count": _l("Count"),
    "rows": FIELDS["rows"],
    "inserted": FIELDS["inserted"],
    "updated": FIELDS["updated"],
    "unchanged": FIELDS["unchanged"],
    "file": DetailKey(_l("File"), _as_recorded),
    "page": DetailKey(_l("Page"), lambda path: page_words("GET", path)),
    "attachment": _l("Scan"),
    "role": DetailKey(FIELDS["role"], _role_words),
    "scope": DetailKey(FIELDS["scope_kind"], _scope_words),
    "account": DetailKey(COMMON["user_id"], _as_recorded),
}

# Actions whose whole detail is one code: its words (a key-group flag set or cleared).
ACTION_DETAILS = {
    "flag_set": KeyGroupFlag.label_of,
    "flag_cleared": KeyGroupFlag.label_of,
}


def _words(kind: str) -> dict:
    return current_app.extensions.get("portal.audit_words", {}).get(kind, {})


def action_codes() -> list[str]:
    """Every action the core and the modules name (the audit page's choices)."""
    return list(dict.fromkeys([*ACTIONS, *_words("actions")]))


def record_codes() -> list[str]:
    """Every kind of record the core, the modules and the imports name (the page's choices)."""
    from .importing import kinds  # deferred: importing imports the audit trail

    return list(dict.fromkeys([*RECORDS, *_words("records"), *kinds()]))


def action_label(code: str) -> str:
    return str(_words("actions").get(code) or ACTIONS.get(code) or code)


def record_label(code: str | None) -> str:
    """A record's kind in words: a model's, or an import's kind (`grades`) as the import
    page names it."""
    if not code:
        return ""
    from .importing import kinds  # deferred: importing imports the audit trail

    word = _words("records").get(code) or RECORDS.get(code)
    if word is None and code in kinds():
        word = kinds()[code].label
    return str(word or code)


def field_label(code: str, record: str | None = None) -> str:
    """One field of a kind of record in words: the record's own, else a word every record
    shares (`created_at`), else the code as stored."""
    own = _words("fields").get(record) or CORE_FIELDS.get(record) or {}
    return str(own.get(code) or COMMON.get(code) or code)


def fields_label(codes: str | None, record: str | None = None) -> str:
    """The comma-joined field codes of a row of `record`, each in words."""
    if not codes:
        return ""
    from .templating import punctuation  # deferred: .templating imports this module

    return punctuation()["list"].join(field_label(c, record) for c in codes.split(","))


def detail_key(code: str, record: str | None = None) -> DetailKey | None:
    """A detail's key as the row's record's module names it, else as the core does."""
    entry = (_words("details").get(record) or {}).get(code) or DETAILS.get(code)
    if entry is None or isinstance(entry, DetailKey):
        return entry
    return DetailKey(entry)


_PAIR = re.compile(r"([A-Za-z_]\w*)=(.*)")


def detail_words(detail: str | None, record: str | None = None, action: str | None = None) -> str:
    """A row's detail as recorded (`term=2026-2027-1 rows=3`) in the reader's words
    ("学期：2026-2027学年第1学期；行数：3"): each known key's word and its value, pairs side by
    side joined by a semicolon; other text (a file name, an unknown key) as recorded, its
    term codes in words."""
    if not detail:
        return ""
    if action in ACTION_DETAILS:
        return ACTION_DETAILS[action](detail)
    if action in REQUEST_DETAILS:
        said = REQUEST_DETAILS[action](detail)
        if said:
            return said
    from .templating import punctuation  # deferred: .templating imports this module

    punct = punctuation()
    said, paired_before = "", False
    for token in detail.split(" "):
        words, paired = _token_words(token, record, punct["colon"])
        if said:
            said += punct["semicolon"] if paired and paired_before else " "
        said, paired_before = said + words, paired
    return said


def _token_words(token: str, record: str | None, colon: str) -> tuple[str, bool]:
    """(the words of one token of a detail, whether it was a known key's pair)."""
    pair = _PAIR.fullmatch(token)
    key = detail_key(pair[1], record) if pair else None
    if key is None:
        return _terms_in_words(token), False
    value = key.value(pair[2]) if key.value else _terms_in_words(pair[2])
    return f"{key.label}{colon}{value}", True


def _terms_in_words(text: str) -> str:
    """Text as recorded, each term code standing alone in it in words."""
    from .templating import TERM_CODE

    alone = rf"(?<![\d-]){TERM_CODE.pattern}(?![\d-])"  # not part of a longer number
    return re.sub(alone, lambda match: _term_words(match.group()), text)


# ---- a refused request and an export's slot: the request they recorded, in words ----------
#
# A refusal records the request and why (`GET /students/ [students.view]`, `… [scope:
# students.view Student 5]`, `… [undeclared]`, `… [refused]` by a view's own check;
# audit.record_denial); an export's slot the request it was taken for (`GET
# /warnings/export?term=3`, export._take_slot). The page names them: the page by its words
# (a module's `audit_words.PAGES`, the core's, else its nav link's, tab's or card's label;
# else its path as recorded), the right by its label, the record out of reach by its kind's
# words. The row keeps what was recorded.

# The core's pages, as its menu and pages name them (the modules' pages are their own).
PAGES = {
    "main.dashboard": _l("Home"),
    "students.index": _l("Student list"),
    "students.profile": _l("Student profile"),
    "students.family": _l("Family and parent contacts"),
    "students.set_status": _l("Student profile"),
    "students.set_flags": _l("Student profile"),
    "students.accounts": _l("Student accounts"),
    "archive.page": _l("Student archive"),
    "archive.export": _l("Student archive"),
    "binder.index": _l("Term binder"),
    "binder.print_binder": _l("Term binder"),
    "binder.export": _l("Term binder"),
    "binder.export_zip": _l("Term binder"),
    "imports.index": _l("Imports"),
    "imports.upload": _l("Imports"),
    "imports.job": _l("Imports"),
    "imports.template": _l("Imports"),
    "jobs.index": _l("My background jobs"),
    "jobs.job": _l("My background jobs"),
    "jobs.file": _l("My background jobs"),
    "cadence.due": _l("Owed by me"),
    "cadence.compliance": _l("Compliance"),
    "cadence.missing": _l("Compliance"),
    "cadence.policies": _l("Cadence"),
    "cadence.policy": _l("Cadence"),
    "cadence.apply_preset": _l("Cadence"),
    "admin.users": _l("Accounts"),
    "admin.user": _l("Accounts"),
    "admin.new_user": _l("Accounts"),
    "admin.add_grant": _l("Accounts"),
    "admin.remove_grant": _l("Accounts"),
    "admin.reset_password": _l("Accounts"),
    "admin.audit_log": _l("Audit trail"),
    "admin.retention": _l("Retention"),
    "admin.terms": _l("Terms"),
    "notifications.index": _l("Notifications"),
}

# Records a refusal names in lower case (`scope: review.write college 3`).
SCOPE_RECORDS = {"college": RECORDS["College"], "job": _l("background job")}

_REQUEST = re.compile(r"(?P<method>[A-Z]+) (?P<path>/\S*)(?: \[(?P<reason>.*)\])?")
_SCOPE = re.compile(r"scope: (?P<right>\S+) (?P<record>\S+) (?P<id>[^ ()]+)(?: \(.*\))?")


def _denial_words(detail: str) -> str | None:
    """A refusal in words: "拒绝访问：学生（需要权限：查看学生档案）"; None for a detail
    that is not a recorded request."""
    request = _REQUEST.fullmatch(detail)
    if request is None or request["reason"] is None:
        return None
    page, reason = page_words(request["method"], request["path"]), request["reason"]
    if reason == "undeclared":
        return _("Access denied: %(page)s (the page declares no right, so it is closed)", page=page)
    if reason == REFUSED:
        return _(
            "Access denied: %(page)s (the page does not allow this account to do this)", page=page
        )
    right = permission_label(reason)
    if right:
        return _("Access denied: %(page)s (needs the right: %(right)s)", page=page, right=right)
    scope = _SCOPE.fullmatch(reason)
    if scope is None:
        return None
    record = _scope_record(scope["record"], scope["id"])
    right = permission_label(scope["right"])
    if right:
        return _(
            "Access denied: %(page)s (%(record)s is outside the account's reach for the "
            "right: %(right)s)",
            page=page,
            record=record,
            right=right,
        )
    return _(
        "Access denied: %(page)s (%(record)s is outside the account's reach)",
        page=page,
        record=record,
    )


def _slot_words(detail: str) -> str | None:
    """An export's slot in words, naming what was exported: "导出额度：学业警示名单
    （2025–2026学年第1学期）"; None for a detail that is not a recorded request."""
    request = _REQUEST.fullmatch(detail)
    if request is None or request["reason"] is not None:
        return None
    return _("Export allowance used: %(what)s", what=page_words(request["method"], request["path"]))


# Actions whose detail is the request they recorded.
REQUEST_DETAILS = {"denied": _denial_words, "export_slot": _slot_words}


def permission_label(code: str) -> str | None:
    """A right's label as the roles page shows it, None for a code no one declared."""
    registry = current_app.extensions.get("portal.modules")
    permission = registry.permissions.get(code) if registry else None
    return str(permission.label) if permission else None


def _scope_record(kind: str, record_id: str) -> str:
    word = _words("records").get(kind) or RECORDS.get(kind) or SCOPE_RECORDS.get(kind)
    if word is None:
        from .importing import kinds  # deferred: importing imports the audit trail

        word = kinds()[kind].label if kind in kinds() else kind
    return f"{word} {record_id}"


def page_words(method: str, path: str) -> str:
    """The page a request asked for, in words, with the term it names if it names one
    ("学业警示名单（2025–2026学年第1学期）"); a page nobody named, as its path."""
    from werkzeug.exceptions import HTTPException
    from werkzeug.routing import RequestRedirect

    address, _sep, query = path.partition("?")
    try:
        endpoint, values = current_app.url_map.bind("localhost").match(address, method)
    except (HTTPException, RequestRedirect):
        return _terms_in_words(path)
    name = page_label(endpoint)
    if name is None:
        return _terms_in_words(path)
    term = _term_named(values, parse_qs(query))
    if not term:
        return name
    from .templating import punctuation  # deferred: .templating imports this module

    punct = punctuation()
    return f"{name}{punct['open']}{term}{punct['close']}"


def page_label(endpoint: str) -> str | None:
    """An endpoint's words: its module's or the core's name for it, else the label of its
    nav link, profile tab or dashboard card; None if nobody named it."""
    word = _words("pages").get(endpoint) or PAGES.get(endpoint)
    if word is None:
        registry = current_app.extensions.get("portal.modules")
        items = [*registry.nav(), *registry.profile_tabs(), *registry.widgets()] if registry else []
        word = next((item.label for item in items if item.endpoint == endpoint), None)
    return None if word is None else str(word)


def _term_named(values: dict, query: dict) -> str:
    """The term a page's address names: a term code in its path (a binder's) or its query (a
    term's or a year's, the review's `?term=2026-2027-1`), a term's id in its path or its
    query (`?term=3`, the roster's); "" if none, or not a term."""
    from .models import Term
    from .templating import TERM_CODE, YEAR_CODE  # deferred: .templating imports this module

    code, asked = values.get("term"), (query.get("term") or [""])[0]
    if not isinstance(code, str) and (TERM_CODE.fullmatch(asked) or YEAR_CODE.fullmatch(asked)):
        code = asked
    if isinstance(code, str):
        return _term_words(code)
    term_id = values.get("term_id") or as_id(asked)
    term = db.session.get(Term, term_id) if term_id else None
    return _term_words(term.code) if term else ""
