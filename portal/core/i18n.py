"""Locale choice: the user's setting, then the cookie, then Accept-Language, then zh_CN.

Catalogues are stock Flask-Babel's (cached per locale in its domain): `zh_CN` parses as
`zh_Hans_CN`, which gettext finds under `translations/zh/`. Measured (issue 22 #4): a cached
per-request catalogue would save about 6 µs a string (7 against 13 µs in a template), 1–2 ms
on a page of 300 strings, below the noise of rendering one; not worth a subclass."""

from flask import current_app, has_request_context, request
from flask_babel import (
    force_locale,
    get_locale,
    ngettext,  # noqa: F401
)
from flask_babel import gettext as _  # noqa: F401  (re-exported for modules)
from flask_babel import lazy_gettext as _l  # noqa: F401
from flask_babel.speaklater import LazyString
from flask_login import current_user

LOCALE_COOKIE = "lang"
# The language of the documents the portal prints (a warning notice): the policies' own.
DOCUMENT_LOCALE = "zh_CN"


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, when shown."""
    return message


def kept(msgid: str, **params) -> dict:
    """Words kept as data (a job's name, a notification's parameter): an `N_()` id and its
    parameters, said in the reader's language when shown (`say`), never in the language of
    whoever happened to store them."""
    return {"msgid": msgid, "params": params}


def keep(message):
    """A message made with `_l` as kept words (`kept`: its id and parameters, its lazy
    parameters kept too), to be stored and said later in the reader's language; any other
    message (already said) as its text. An import's report is read by whoever opens it,
    not in the uploader's language (walk finding 18)."""
    # `_l(msgid, **params)` is flask_babel's LazyString(gettext, msgid, **params): its
    # function, id and parameters are what it keeps (flask_babel/speaklater.py).
    if isinstance(message, LazyString) and message._func is _ and len(message._args) == 1:
        return kept(message._args[0], **{k: _kept_param(v) for k, v in message._kwargs.items()})
    return "" if message is None else str(message)


def _kept_param(value):
    if isinstance(value, LazyString):
        return keep(value)
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def say(value) -> str:
    """Kept words (`kept`) in the reader's language; plain text (an older row's) as it is."""
    if isinstance(value, dict) and "msgid" in value:
        return said(value["msgid"], value.get("params"))
    return "" if value is None else str(value)


def said(msgid: str, params: dict | None) -> str:
    """`msgid` translated with `params`: a `term` parameter is stored as its code
    (2024-2025-1) and reads as words (2024-2025学年第1学期 / 2024–2025 term 1); a parameter
    that is itself kept words is said too."""
    from .templating import term_label

    params = {
        key: say(value) if isinstance(value, dict) else value
        for key, value in (params or {}).items()
    }
    if params.get("term"):
        params["term"] = term_label(params["term"])
    return _(msgid, **params)


class TranslatedError(Exception):
    """An error whose `message` is a lazy translation, said in the reader's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def select_locale() -> str:
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in languages:
        return user_locale
    cookie = request.cookies.get(LOCALE_COOKIE)
    if cookie in languages:
        return cookie
    best = request.accept_languages.best_match(["zh_CN", "zh", "en"])
    if best == "en":
        return "en"
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def pick(names: dict[str, str], locale: str | None = None) -> str:
    """Choose the zh or en text of a bilingual value stored as data (rulesets, presets)."""
    lang = "en" if str(locale or get_locale()).startswith("en") else "zh"
    return names.get(lang) or names.get("zh") or next(iter(names.values()), "")


def document_locale() -> str:
    """The language a document is printed in: Chinese, whatever the reader's interface
    language — it is the college's official document — unless the request asks for another
    the portal has (`lang=en`: an international student's copy)."""
    asked = request.args.get("lang") if has_request_context() else None
    return asked if asked in current_app.config["LANGUAGES"] else DOCUMENT_LOCALE


def lang_tag(locale: str) -> str:
    """The `lang` attribute of a page or part in `locale` (zh_CN → zh-CN)."""
    return "zh-CN" if str(locale).startswith("zh") else "en"


def in_locale(locale: str, caller):
    """`{% call in_locale(locale) %}…{% endcall %}`: a part of a page said in `locale`, not
    in the reader's language (a printed document inside a page whose links and hints stay in
    the reader's)."""
    with force_locale(locale):
        return caller()
