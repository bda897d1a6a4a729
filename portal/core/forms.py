"""Core forms. Labels are lazy: fields are class attributes, built before any request."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    ValidationError,
)
from wtforms.csrf.core import CSRFTokenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget, Select

from . import clock
from .form_i18n import FORM_TRANSLATIONS
from .form_input import settle
from .i18n import _l
from .names import ACCOUNT_NAME_RULE, account_name, person_name
from .roles import ROLES


class NotLaterToday:
    """The time of a record of what happened, dated by another field (`day`): today's talk
    at 19:00 has not happened at 10:00 either. A day in the future is the date's error."""

    def __init__(self, day: str):
        self.day = day

    def __call__(self, form, field):
        day = form[self.day].data
        if day and field.data and not clock.is_future(day) and clock.is_future(day, field.data):
            raise ValidationError(_l("This time is still to come today: record what has happened."))


class NotBefore:
    """A date that cannot come before another field's (a follow-up before the talk)."""

    def __init__(self, other: str, message):
        self.other, self.message = other, message

    def __call__(self, form, field):
        earlier = form[self.other].data
        if field.data and earlier and field.data < earlier:
            raise ValidationError(self.message)


class ChoiceSelect(Select):
    """A select that always holds one of its options needs no `required` (HTML allows it
    only when the first option is an empty placeholder); the server checks the choice as
    before. A select whose first option is empty keeps `required`."""

    def __call__(self, field, **kwargs):
        if not self.multiple and "required" not in kwargs:
            choices = list(field.iter_choices()) if not field.has_groups() else []
            if choices and choices[0][0] not in ("", None):
                kwargs["required"] = False
        return super().__call__(field, **kwargs)


class TokenInput(HiddenInput):
    """The CSRF token's hidden input without an id: a page with several forms would
    otherwise repeat id="csrf_token" (nothing refers to it by id; it is posted by name)."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", False)
        return super().__call__(field, **kwargs)


# Every single-choice select of the portal (the modules' forms too) renders through it,
# and every form's CSRF token.
SelectField.widget = ChoiceSelect()
CSRFTokenField.widget = TokenInput()


class SaidMeta:
    """Every form's messages in the reader's language, WTForms' own too (form_i18n); every
    field's input read alike (form_input: text without control characters, a date or a
    number that cannot be read said so)."""

    def get_translations(self, form):
        return FORM_TRANSLATIONS

    def bind_field(self, form, unbound_field, options):
        return settle(super().bind_field(form, unbound_field, options))


class PortalForm(FlaskForm):
    """The base of every form of the portal (tests/core/test_form_messages.py checks)."""

    Meta = SaidMeta


class PortalSubform(Form):
    """The base of a form inside a form (a row of a FieldList of FormFields): a plain
    WTForms form would say its messages untranslated, in English."""

    Meta = SaidMeta


class LoginForm(PortalForm):
    username = StringField(
        _l("Student or staff number"), validators=[DataRequired(), Length(max=40)]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


class ConfirmForm(PortalForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


class ChangePasswordForm(PortalForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(_l("New password"), validators=[DataRequired()])
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new", message=_l("The two new passwords differ."))],
    )


class ContactForm(PortalForm):
    """A staff member's contact for the students they help (issue 17): what students see on
    their home page. The phone stays hidden unless its owner ticks show_phone."""

    office = StringField(
        _l("Office / contact"),
        validators=[Optional(), Length(max=200)],
        description=_l(
            "Where and when students find you, or an e-mail "
            "address, e.g. Student Affairs Building 305, weekdays 9–17."
        ),
    )
    phone = StringField(
        _l("Phone"),
        validators=[
            Optional(),
            Length(max=30),
            Regexp(
                r"^[0-9 +()-]+$", message=_l("A phone number holds digits, spaces, + and - only.")
            ),
        ],
    )
    show_phone = BooleanField(_l("Show this phone to the students I help"))


class UserForm(ContactForm):
    """An account as its page edits it; its number is fixed once made."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100), person_name])
    active = BooleanField(_l("Account active"), default=True)


class NewUserForm(UserForm):
    username = StringField(
        _l("Student or staff number"),
        validators=[DataRequired(), account_name],
        description=ACCOUNT_NAME_RULE,
    )


class GrantForm(PortalForm):
    role = SelectField(
        _l("Role"), choices=[SelectChoice(code, label) for code, label in ROLES.items()]
    )
    # "all", "self", or "college:3" / "major:7" / "class:12"; choices are set per request.
    scope = SelectField(_l("Scope"), choices=[], validate_choice=False)


class UploadForm(PortalForm):
    file = FileField(_l("Spreadsheet (.xlsx or .xls)"), validators=[FileRequired()])


class AttachmentForm(PortalForm):
    file = FileField(
        _l("Scan of the signed paper form (PDF, JPEG or PNG)"), validators=[FileRequired()]
    )


class AuditFilterForm(PortalForm):
    class Meta:
        csrf = False  # a GET filter: nothing changes

    user = StringField(_l("Account"), validators=[Optional(), Length(max=40)])
    # Codes chosen by their words; the choices, and the check, per request (core/audit_page.py).
    action = SelectField(_l("Action"), validate_choice=False)
    object_type = SelectField(_l("Record type"), validate_choice=False)


class CadenceRuleForm(PortalSubform):
    """One row of the cadence editor; a row without a level is ignored."""

    level = SelectField(_l("Level"), validators=[Optional()])
    role = SelectField(_l("Who"))
    kind = SelectField(_l("What"))
    first_within_days = IntegerField(
        _l("First within (days)"), validators=[Optional(), NumberRange(0, 365)]
    )
    every_days = IntegerField(_l("Then every (days)"), validators=[Optional(), NumberRange(1, 365)])
    per_term_min = IntegerField(
        _l("At least (per period)"), validators=[Optional(), NumberRange(1, 60)]
    )
    method = SelectField(_l("Method"), validators=[Optional()])
    clause = StringField(_l("Policy clause"), validators=[Optional(), Length(max=120)])
    note = StringField(
        _l("Note (what was chosen where the policy is silent)"),
        validators=[Optional(), Length(max=400)],
    )

    def validate_level(self, field):
        if field.data and not any(
            self[name].data for name in ("first_within_days", "every_days", "per_term_min")
        ):
            raise ValidationError(_l("Give a first date, an interval or a minimum count."))


class CadencePolicyForm(PortalForm):
    period_days = IntegerField(
        _l("Support period after publication (days)"),
        validators=[DataRequired(), NumberRange(7, 400)],
    )
    rules = FieldList(FormField(CadenceRuleForm), min_entries=0)


class CadencePresetForm(PortalForm):
    preset = SelectField(_l("Start from a preset"), validators=[DataRequired()])


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (topics, times, who was present)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
