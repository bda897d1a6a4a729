"""What every template can use: the nav the modules contribute, terms, dates, badges."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, request
from flask_babel import format_date, format_datetime, format_decimal, format_percent, get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from . import audit_words, clock, dues, standing
from .access import can, in_scope
from .cadence import Due
from .cadence_presets import TITLES
from .cells import SCORE_WORDS_IN_ENGLISH
from .codes import LabelledEnum
from .dues import kinds, method_label
from .form_errors import error_lines
from .helpers import who_helps
from .i18n import _, _l, in_locale, lang_tag, pick, say
from .models import KEY_GROUP_FLAGS
from .models.students import Gender, KeyGroupFlag, Relation, Status
from .modules import ModuleError
from .notify import text_of, unread_count
from .redirects import this_page
from .roles import ROLES, SCOPE_KINDS

TERM_CODE = re.compile(r"\d{4}-\d{4}-[123]")
YEAR_CODE = re.compile(r"\d{4}-\d{4}")


def term_label(code: str | None) -> str:
    """`2024-2025-1` → 2024-2025学年第1学期 / 2024–2025 term 1 (summer: 夏季学期 / summer);
    a year, `2024-2025`, → 2024-2025学年 / 2024–2025 academic year: every term and year in
    the same words (walk finding 17: the review's year had an en dash in Chinese)."""
    if not code:
        return ""
    if YEAR_CODE.fullmatch(code):
        first, second = code.split("-")
        return _("%(first)s–%(second)s academic year", first=first, second=second)
    if not TERM_CODE.fullmatch(code):
        return code  # not a term code: shown as it is
    first, second, n = code.split("-")
    if n == "3":
        return _("%(first)s–%(second)s summer term", first=first, second=second)
    return _("%(first)s–%(second)s term %(n)s", first=first, second=second, n=n)


def score_label(text: str | None) -> str:
    """A score as stored, for a page: on an English page a score word (§1) in English with
    the stored word in brackets ("absent (旷考)"); a number, or any word on a Chinese page,
    as it is. Exports keep the stored text."""
    english = SCORE_WORDS_IN_ENGLISH.get(text or "")
    if english is None or not str(get_locale()).startswith("en"):
        return text or ""
    return f"{english} ({text})"


def number(value) -> str:
    """A figure as people write it — 5, 4.5, 0, not 5.00 — to 2 decimals at most: credits,
    hours, a median of them (stored as Decimal to the cent); none as "—", text that is no
    number as it is."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Fraction):  # an exact median
        value = Decimal(value.numerator) / Decimal(value.denominator)
    try:
        figure = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return format_decimal(figure, format="#,##0.##")


def epoch_ms(stored: datetime | None) -> int:
    """A moment stored as UTC as JavaScript counts time (`Date.now()`, milliseconds since
    1970 in UTC), whatever the server's own time zone: `.timestamp()` of a naive value
    reads it as the server's local time. None is 0."""
    return int(stored.replace(tzinfo=UTC).timestamp() * 1000) if stored else 0


def _registry():
    return current_app.extensions["portal.modules"]


def nav_items():
    """The links this user can open: one's "own" pages (my plan, my talks) only for a user
    who is a student, even when a grant of theirs carries the permission."""
    return [
        item
        for item in _registry().nav()
        if can(current_user, item.permission)
        and (current_user.student_id or not item.permission.endswith(".own"))
    ]


def dashboard_widgets():
    return [
        item
        for item in _registry().widgets()
        if can(current_user, item.permission) and (item.when is None or item.when(current_user))
    ]


def profile_tabs(student):
    return [
        tab
        for tab in _registry().profile_tabs()
        if can(current_user, tab.permission) and in_scope(student, tab.permission)
    ]


@lru_cache(maxsize=16)
def _static_version(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def static_version(filename: str) -> str:
    return _static_version(str(Path(current_app.static_folder) / filename))


flag_label = KeyGroupFlag.label_of
status_label = Status.label_of


class DueState(LabelledEnum):
    """Where a due item stands (cadence.assess), "today" as the reader sees it."""

    ON_TIME = "on_time", _l("done on time")
    LATE = "late", _l("done late")
    MISSED = "missed", _l("missed")
    OVERDUE = "overdue", _l("overdue")
    DUE = "due", _l("due soon")
    TODAY = "today", _l("due today")
    UPCOMING = "upcoming", _l("coming up")


def due_state_label(state: str, due_on: date | None = None) -> str:
    """With the date it falls due: an item due today reads "due today", not "due soon"."""
    if state == "due" and due_on is not None and due_on == clock.today():
        state = "today"
    return DueState.label_of(state)


def due_when(due: Due) -> str:
    """When a due item falls due, as the due lists write it: its day; for a period of the
    rhythm gone without (overdue, cadence.assess), the period, from its first day to its
    day: a talk held now meets the period under way, not the one named."""
    end = format_date(due.due_on, "short")
    if due.state != "overdue" or due.starts is None:
        return end
    # i18n: the period an overdue talk or contact was owed in, between two dates
    return _("%(start)s to %(end)s", start=format_date(due.starts, "short"), end=end)


def due_kind_label(code: str) -> str:
    kind = kinds().get(code)
    return str(kind.label) if kind else code


def due_method_label(code: str) -> str:
    return method_label(code)


def gender_label(gender: str | None) -> str:
    """性别 as the roster file gives it (男 / 女), in the reader's language; other text as is."""
    return Gender.label_of((gender or "").strip())


def relation_label(relation: str | None) -> str:
    """A guardian's relation in the reader's language (父亲: father); other words as typed."""
    return Relation.label_of((relation or "").strip())


def role_label(role: str) -> str:
    return str(ROLES.get(role, role))


# The punctuation between a template's translated words: full-width in Chinese only.
PUNCT_ZH = {
    "list": "、",
    "colon": "：",
    "semicolon": "；",
    "open": "（",
    "close": "）",
    "sentence": "",
}
PUNCT_EN = {
    "list": ", ",
    "colon": ": ",
    "semicolon": "; ",
    "open": " (",
    "close": ")",
    "sentence": " ",
}


def punctuation() -> dict[str, str]:
    """The reader's punctuation, for text built in Python (an archive's joined lists)."""
    return PUNCT_ZH if str(get_locale() or "zh").startswith("zh") else PUNCT_EN


class _Punctuation:
    """`punct.colon` in any template, an imported macro's too (a context processor's
    values do not reach those): the reader's punctuation, looked up when rendered."""

    def __getattr__(self, name: str) -> str:
        try:
            return punctuation()[name]
        except KeyError:
            raise AttributeError(name) from None


def quoted(words: str) -> Markup:
    """Words quoted from a Chinese document (a header a file must carry, a policy's term):
    in quotation marks and marked Chinese, so an English page shows them as a quotation."""
    return Markup('“<span lang="zh-CN">{}</span>”').format(words)


_CHINESE_RUN = re.compile(
    r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+(?:[0-9]+(?=[\u4e00-\u9fff]))?"
    r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef0-9]*"
)


def policy_words(text: str | None) -> Markup:
    """A policy's clause or a note citing it (anshan-normal 第十二条), the seed policy named by
    its title: the Chinese words are quotations of the document, marked so, on a page of
    either language."""
    source, _, rest = (text or "").partition(" ")
    if source in TITLES:
        text = f"{TITLES[source]}{rest}"
    escaped = str(Markup.escape(text or ""))
    return Markup(_CHINESE_RUN.sub(lambda m: f'<span lang="zh-CN">{m.group(0)}</span>', escaped))


def code_example(text: str) -> Markup:
    """A value as it is typed into a field or file (a term's code): shown as code."""
    return Markup("<code>{}</code>").format(text)


def link_args() -> dict[str, str]:
    """This page's query, for a link to another page of the same list (the pager): without
    the names `url_for` reads itself (`endpoint`, `_external`, `_method`, …), which in a
    crafted query answered 500 or pointed the link elsewhere."""
    return {
        name: value
        for name, value in request.args.items()
        if name != "endpoint" and not name.startswith("_")
    }


def _add_module_names(app: Flask) -> None:
    """The modules' template names (`Module.template_globals`, `.template_filters`), after
    the core's and Jinja's own: one that would replace any of them stops the start-up."""
    for key, names in (
        ("portal.template_globals", app.jinja_env.globals),
        ("portal.template_filters", app.jinja_env.filters),
    ):
        declared = app.extensions.get(key, {})
        clash = sorted(set(declared) & set(names))
        if clash:
            raise ModuleError(f"template names {clash} are the core's or Jinja's already")
        names.update(declared)


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        punct=_Punctuation(),
        status_label=status_label,
        flag_label=flag_label,
        key_group_flags=KEY_GROUP_FLAGS,
        unread_count=unread_count,
        notification_text=text_of,
        nav_items=nav_items,
        dashboard_widgets=dashboard_widgets,
        profile_tabs=profile_tabs,
        can=lambda permission: can(current_user, permission),
        may_owe=lambda: dues.may_owe(current_user),
        static_version=static_version,
        ROLES=ROLES,
        SCOPE_KINDS=SCOPE_KINDS,
        pick=pick,
        csrf_token=generate_csrf,
        due_state_label=due_state_label,
        due_when=due_when,
        role_label=role_label,
        due_kind_label=due_kind_label,
        due_method_label=due_method_label,
        quoted=quoted,
        code_example=code_example,
        audit_action=audit_words.action_label,
        audit_record=audit_words.record_label,
        audit_fields=audit_words.fields_label,
        audit_detail=audit_words.detail_words,
        in_scope_of=lambda student, permission: in_scope(student, permission),
        link_args=link_args,
        this_page=this_page,
        form_error_lines=error_lines,
        say=say,  # kept words (i18n.kept) in the reader's language
        in_locale=in_locale,
        who_helps=who_helps,
    )
    app.jinja_env.filters.update(
        term=term_label,
        score=score_label,
        gender=gender_label,
        relation=relation_label,
        policy_words=policy_words,
        level_label=standing.relabel,
        ruleset_name=standing.ruleset_name,
        # A naive datetime is a moment stored as UTC (models.base.utcnow): both show it on
        # the college's clock (BABEL_DEFAULT_TIMEZONE), the day clock.day_of gives.
        date=format_date,
        datetime=format_datetime,
        decimal=format_decimal,
        number=number,
        percent=format_percent,
        epoch_ms=epoch_ms,
        # Event times users type (a talk at 15:00) are stored as local wall time: no rebase.
        local_date=lambda value, fmt="medium": format_date(value, fmt, rebase=False),
        local_datetime=lambda value, fmt="medium": format_datetime(value, fmt, rebase=False),
    )

    _add_module_names(app)

    @app.context_processor
    def locale_context():
        locale = str(get_locale() or "zh_CN")
        return {"locale": locale, "html_lang": lang_tag(locale)}
