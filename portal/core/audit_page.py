"""The audit page's filters and the students its rows name (views/admin.py `audit_log`).

The filters are chosen in words and sent as codes (`?action=create&object_type=Talk`): the
actions and kinds of record the audit words name, and a code no one named that rows still
carry (an action of an earlier version). A code the trail does not know is said to be
unknown, not answered with nothing. Kinds of record that read the same (a talk, and a talk's
scans: `Talk`, `talks.talk`) are one choice: the rows of either read "谈话 17"."""

from __future__ import annotations

from sqlalchemy import false, select
from wtforms import ValidationError

from ..extensions import db
from .audit_words import action_codes, action_label, record_codes, record_label
from .forms import AuditFilterForm
from .i18n import _
from .models import AuditEvent, Student


def filter_form(args) -> AuditFilterForm:
    """The filters as asked in `args`, their choices in the reader's words, validated."""
    form = AuditFilterForm(args)
    actions = {code: action_label(code) for code in action_codes()}
    form.action.choices = _choices(actions, AuditEvent.action, form.action.data)
    form.object_type.data = _records_of(form.object_type.data)[0]
    form.object_type.choices = _choices(_records(), AuditEvent.object_type, form.object_type.data)
    form.validate(
        extra_validators={"action": [_known(_no_action)], "object_type": [_known(_no_kind)]}
    )
    return form


def _no_action(code: str) -> str:
    return _("The audit trail knows no action %(code)s: choose one from the list.", code=code)


def _no_kind(code: str) -> str:
    return _("The audit trail knows no record type %(code)s: choose one from the list.", code=code)


def rows(form: AuditFilterForm):
    """The rows the filters keep, newest first; none while a filter is wrong."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if form.errors:
        return query.where(false())
    if form.user.data:
        query = query.where(AuditEvent.username == form.user.data.strip())
    if form.action.data:
        query = query.where(AuditEvent.action == form.action.data)
    if form.object_type.data:
        query = query.where(AuditEvent.object_type.in_(_records_of(form.object_type.data)))
    return query


def student_numbers(events) -> dict[int, str]:
    """The number of each student the rows concern: a talk's row names its student too."""
    ids = {e.student_id for e in events if e.student_id}
    if not ids:
        return {}
    found = select(Student.id, Student.student_no).where(Student.id.in_(ids))
    return dict(db.session.execute(found).all())


def _records() -> dict[str, str]:
    """Each wording of a kind of record, by the first code that reads so: code -> words."""
    first = {}
    for code in record_codes():
        first.setdefault(record_label(code), code)
    return {code: words for words, code in first.items()}


def _records_of(code: str | None) -> list[str | None]:
    """The codes of the kinds of record that read as `code` does, the one chosen for them
    first; a code no one named, alone."""
    same = [c for c in record_codes() if record_label(c) == record_label(code)]
    return same if code in same else [code]


def _choices(named: dict[str, str], column, asked: str | None) -> list[tuple[str, str]]:
    """One filter's choices: all, each named code in its words, and `asked` as it is when
    no one named it but rows carry it."""
    choices = [("", _("All")), *named.items()]
    if asked and asked not in named and _carried(column, asked):
        choices.append((asked, asked))
    return choices


def _carried(column, code: str) -> bool:
    return db.session.scalar(select(AuditEvent.id).where(column == code).limit(1)) is not None


def _known(unknown):
    """A filter's check: a code among its choices, else `unknown(code)` as its error."""

    def check(form, field):
        if field.data and field.data not in dict(field.choices):
            raise ValidationError(unknown(field.data))

    return check
