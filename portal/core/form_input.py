"""What every form of the portal does with what was typed, before its own rules: free text
without control characters, and a date, a time or a number that cannot be read said to be
so, not to be missing. `forms.SaidMeta` applies both to each field it binds, so every form
(`PortalForm`, `PortalSubform`) gets them without asking."""

from __future__ import annotations

from wtforms import (
    DateTimeField,
    DecimalField,
    FloatField,
    IntegerField,
    PasswordField,
    StringField,
)
from wtforms.validators import DataRequired, StopValidation

# Control characters (Unicode Cc: U+0000–U+001F, U+007F–U+009F) but the tab and the line
# breaks a textarea sends: no one types them (a paste from a terminal, a forged post sends
# \x07), they show as nothing, and an export's cell refuses them (export_xlsx.clean_text).
# cells.text, for a spreadsheet's cell, also turns the line breaks into spaces; a form's
# text keeps its lines.
_CONTROLS = dict.fromkeys(c for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r")


def without_controls(value):
    """A field's text without its control characters (a filter: None stays None)."""
    return value.translate(_CONTROLS) if isinstance(value, str) else value


# The fields that read what was typed into a value: a date or a time (DateField, TimeField
# and the others are DateTimeFields), a whole or a decimal number.
READ_FIELDS = (DateTimeField, IntegerField, DecimalField, FloatField)


class Required(DataRequired):
    """`DataRequired` for a field that reads what was typed into a value. DataRequired
    takes a value for missing when it is falsy and then clears the field's errors: a date
    typed 2026-13-45 (no value read) was said "This field is required." where WTForms had
    said "Not a valid date value.", and a 0 (a support period of 0 days) or 00:00 too. Here
    text typed but not read keeps WTForms' words, and ends the field's checks; a value read,
    even 0, is given: the field's range says whether it is allowed."""

    def __call__(self, form, field):
        typed = " ".join(field.raw_data or ()).strip()
        if typed and field.process_errors:
            raise StopValidation()  # no words of its own: the field's own stand
        if field.data is None:
            super().__call__(form, field)


def settle(field):
    """A field as every form has it: its text without control characters (a password is
    compared as typed), and `Required` where a field reading a value asks DataRequired."""
    if isinstance(field, StringField) and not isinstance(field, PasswordField):
        field.filters = (without_controls, *field.filters)
    if isinstance(field, READ_FIELDS):
        field.validators = [
            Required(v.message) if type(v) is DataRequired else v for v in field.validators
        ]
    return field
