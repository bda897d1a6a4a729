"""WTForms' own messages (a forged choice, a number that is not one) are said in the reader's
language on every form: WTForms' zh catalogue lacks some, and a form inside a form said none."""

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_wtf import FlaskForm
from wtforms import Form
from wtforms.i18n import messages_path

from portal.core.form_i18n import FORM_TRANSLATIONS
from portal.core.forms import PortalForm, PortalSubform

from .test_cadence_views import rows, rule


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def test_every_form_of_the_portal_says_wtforms_messages_in_the_readers_language(app):
    """A new form cannot forget: each one inherits the base that translates them."""
    forms = {cls for cls in subclasses(Form) if cls.__module__.startswith("portal.")}
    assert len(forms) > 40  # the app imported every module's forms
    forgot = sorted(
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in forms
        if not issubclass(cls, PortalForm if issubclass(cls, FlaskForm) else PortalSubform)
    )
    assert forgot == [], "inherit portal.core.forms.PortalForm (PortalSubform in a FormField)"


def wtforms_messages() -> list[tuple[str, str]]:
    """Each message of the installed WTForms as (singular, plural); a plain one twice."""
    with (Path(messages_path()) / "wtforms.pot").open("rb") as handle:
        ids = [m.id for m in read_po(handle) if m.id]
    return [msgid if isinstance(msgid, tuple) else (msgid, msgid) for msgid in ids]


def say(translations, singular: str, plural: str, n: int) -> str:
    if singular == plural:
        return translations.gettext(singular)
    return translations.ngettext(singular, plural, n)


def wtforms_catalogue(language: str) -> gettext.GNUTranslations:
    with (Path(messages_path()) / language / "LC_MESSAGES/wtforms.mo").open("rb") as handle:
        return gettext.GNUTranslations(handle)


def test_every_wtforms_message_is_said_in_chinese_and_wtforms_wording_is_kept(app):
    theirs = wtforms_catalogue("zh")
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        for singular, plural in wtforms_messages():
            for n in (1, 2):
                said = say(FORM_TRANSLATIONS, singular, plural, n)
                assert said not in (singular, plural), singular
                wtforms_said = say(theirs, singular, plural, n)
                if wtforms_said not in (singular, plural):
                    assert said == wtforms_said
        assert FORM_TRANSLATIONS.gettext("This field is required.") == "该字段是必填字段。"


def test_english_readers_get_wtforms_english(app):
    theirs = wtforms_catalogue("en")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        for singular, plural in wtforms_messages():
            for n in (1, 2):
                assert say(FORM_TRANSLATIONS, singular, plural, n) == say(
                    theirs, singular, plural, n
                )


@pytest.mark.parametrize(
    "language, refusal",
    [("zh_CN", "不是有效的整数。"), ("en", "Not a valid integer value.")],
)
def test_a_row_of_the_cadence_editor_refuses_a_non_number_in_the_readers_language(
    client, login, make, db, followup, language, refusal
):
    """Each rule is a form inside the policy's form: its messages were English everywhere."""
    from portal.core.models import CadencePolicy

    college = followup.school_class.major.college
    before = db.session.query(CadencePolicy).filter_by(college_id=college.id).one().rules
    secretary = make.user(role="secretary", scope=college, locale=language)
    login(secretary)
    row = rule("academic:red", "counselor", "talk", first_within_days=3, every_days="abc")
    response = client.post(f"/cadence/policies/{college.id}", data=rows(row))
    assert response.status_code == 422
    assert f'<small class="err">{refusal}' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.query(CadencePolicy).filter_by(college_id=college.id).one().rules == before
