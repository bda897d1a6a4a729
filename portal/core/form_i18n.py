"""WTForms' own messages (a forged choice, a date out of range) in the reader's language.

Flask-WTF says them with WTForms' catalogue; the zh one shipped with WTForms 3.3.2 lacks
the messages below (its compiled .mo lags the source), so a Chinese page showed them in
English. The portal's catalogue says those; WTForms' says the rest, as before. Every form
gets this through `forms.PortalForm` / `forms.PortalSubform`."""

from flask_babel import get_translations
from flask_wtf.i18n import translations as wtforms_catalogue

from .i18n import N_

# The messages of WTForms 3.3.2 (wtforms/locale/wtforms.pot) that its zh catalogue does not
# translate. A plural one is two messages here: Chinese says both forms alike.
MISSING_IN_WTFORMS_ZH = (
    N_("'%(value)s' is not a valid choice for this field."),  # SelectMultipleField
    N_("'%(value)s' are not valid choices for this field."),
    N_("Date must be at least %(min)s."),  # validators.DateRange
    N_("Date must be at most %(max)s."),
    N_("Date must be between %(min)s and %(max)s."),
    N_("This field cannot be edited."),  # validators.ReadOnly
    N_("This field is disabled and cannot have a value."),  # validators.Disabled
    N_("Not a valid week value."),  # WeekField
)


class FormTranslations:
    """What a form's fields and validators call to say a message: WTForms' catalogue for
    the reader's locale, and the portal's where WTForms' leaves the message unsaid."""

    def gettext(self, string: str) -> str:
        said = wtforms_catalogue.gettext(string)
        return said if said != string else get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        said = wtforms_catalogue.ngettext(singular, plural, n)
        if said not in (singular, plural):
            return said
        return get_translations().ugettext(singular if n == 1 else plural)


FORM_TRANSLATIONS = FormTranslations()
