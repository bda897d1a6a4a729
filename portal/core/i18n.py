"""Locale choice: the user's setting, then the cookie, then Accept-Language, then zh_CN."""

from babel import support
from flask import current_app, g, has_app_context, has_request_context, request
from flask_babel import (
    Domain,
    get_locale,
    ngettext,  # noqa: F401
)
from flask_babel import gettext as _  # noqa: F401  (re-exported for modules)
from flask_babel import lazy_gettext as _l  # noqa: F401
from flask_login import current_user

LOCALE_COOKIE = "lang"


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, when shown."""
    return message


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


def catalogue_name(locale) -> str:
    """Babel reads `zh_CN` as `zh_Hans_CN`, which gettext would not find under `zh_CN/`."""
    return "zh_CN" if locale is None or locale.language == "zh" else locale.language


# Compiled catalogues change only with a deployment: parse each once a process (Flask-Babel
# would parse the .mo file again on every request, about 4 ms each).
_CATALOGUES: dict[tuple, support.NullTranslations] = {}


class CatalogueDomain(Domain):
    """Flask-Babel's domain, finding catalogues by our directory names (`zh_CN`, `en`)."""

    def get_translations(self):
        if not has_app_context():
            return support.NullTranslations()
        # A page asks a few hundred times: the answer is kept beside Flask-Babel's own
        # per-request locale, for as long as that stays the same object (force_locale sets
        # another for a while). Without that namespace it is simply looked up each time.
        state = g.get("_flask_babel")
        kept = getattr(state, "portal_catalogue", None)
        if kept is not None and kept[0] is getattr(state, "babel_locale", None):
            return kept[1]
        locale = get_locale()
        key = (tuple(self.translation_directories), catalogue_name(locale), self.domain[0])
        if key not in _CATALOGUES:
            _CATALOGUES[key] = _load(*key)
        state = g.get("_flask_babel")
        if state is not None:
            state.portal_catalogue = (locale, _CATALOGUES[key])
        return _CATALOGUES[key]


def install_in_jinja(app, domain: CatalogueDomain) -> None:
    """Templates call `_()` the most: straight to the domain, not through Flask-Babel's
    lookup of the current domain on every string."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: domain.get_translations().ugettext(s),
        ngettext=lambda s, p, n: domain.get_translations().ungettext(s, p, n),
        pgettext=lambda c, s: domain.get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: domain.get_translations().unpgettext(c, s, p, n),
        newstyle=True)


def _load(directories: tuple, name: str, domain: str) -> support.NullTranslations:
    # Start from the first loaded catalogue, not an empty one: the empty one's plural rule
    # (n != 1) would stay, and Chinese has one plural form.
    translations = None
    for dirname in directories:
        loaded = support.Translations.load(dirname, [name], domain)
        translations = loaded if translations is None else translations.merge(loaded)
    return translations or support.NullTranslations()
