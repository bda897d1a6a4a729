"""Warnings forms."""

from datetime import date

from flask_babel import format_date
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional, ValidationError

from portal.core.forms import NotBefore, PortalForm
from portal.core.happened import HappenedOn
from portal.core.i18n import _, _l

from .codes import ParentMethod, ProposalAction


class ComputeForm(PortalForm):
    """Choices are set per request to what the user's scope reaches; a value posted that is
    not among them (another college, the whole school, an unknown term) is refused."""

    term = SelectField(_l("Term"), validators=[DataRequired()])
    college = SelectField(_l("College"))
    ruleset = SelectField(_l("Ruleset"))


class ProposalForm(PortalForm):
    """The page chose the action (a link each, so the reasons and hints offered are that
    action's without JavaScript); the reason is checked against that action's choices."""

    # The term whose roster the form named: a proposal is for that one (proposals.py).
    term = HiddenField(_l("Term"))
    action = HiddenField(_l("Proposal"), validators=[AnyOf(list(ProposalAction))])
    level = SelectField(_l("Category and level"))
    reason = SelectField(_l("Reason"))
    explanation = TextAreaField(_l("Explanation"), validators=[DataRequired(), Length(max=2000)])


class DecisionForm(PortalForm):
    note = TextAreaField(_l("Note to the proposer"), validators=[Length(max=2000)])


class PostedDay(DateField):
    """A date input whose value is a day or empty: anything else (2026-02-30, "yesterday")
    is refused naming the field, never kept as "no date" (that would wipe the date already
    recorded and still say it worked)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:  # an empty one is no date: Optional() takes the error back
            raise ValueError(
                _(
                    "“%(field)s” is not a valid date; write it as 2026-09-01. Nothing was saved.",
                    field=self.label.text,
                )
            ) from None


class NotBeforeIssue:
    """A parent copy's date: not before the notice it copies was issued (`form.issued`)."""

    def __call__(self, form, field):
        if field.data and field.data < form.issued:
            raise ValidationError(
                _(
                    "This date is before the notice was issued (%(day)s).",
                    day=format_date(form.issued, "short"),
                )
            )


# What a parent copy's fields say together (ParentCopyForm.validate).
SENT_FIRST = _l("The receipt came back: give the day the parent copy was sent.")
LETTER_NUMBER = _l("Sent by registered letter: give the letter number.")
NOTHING_TO_SAVE = _l("Nothing to save: give at least the day the parent copy was sent.")


class ParentCopyForm(PortalForm):
    """The parent copy of a notice and its receipt (家长联与回执): how and when it went out,
    when the receipt came back. Each date is one of what has happened (core.happened: from
    the records' floor to today, as the contact log's), not before the notice was issued
    (`issued`, its day in the college's time), the receipt not before the sending."""

    method = SelectField(_l("Sent by"), choices=ParentMethod.choices(), validate_choice=False)
    reference = StringField(_l("Letter number"), validators=[Optional(), Length(max=60)])
    sent_on = PostedDay(_l("Sent on"), validators=[Optional(), HappenedOn(), NotBeforeIssue()])
    returned_on = PostedDay(
        _l("Receipt returned on"),
        validators=[
            Optional(),
            HappenedOn(),
            NotBeforeIssue(),
            NotBefore("sent_on", _l("The receipt cannot come back before the notice was sent.")),
        ],
    )
    remarks = TextAreaField(_l("Parent's remarks"), validators=[Length(max=2000)])

    def __init__(self, *args, issued: date, recorded: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.issued, self.recorded = issued, recorded

    def validate_method(self, field):
        if ParentMethod.find(field.data) is None:
            raise ValidationError(_l("Choose how the parent copy was sent."))

    def validate(self, extra_validators=None):
        """The fields' own checks, then what they say together, each at the field to fill:
        a receipt back needs the copy sent first (its day, and a registered letter's number:
        one was saved with neither), and a copy with nothing recorded is not saved empty
        (`recorded`: the notice's copy holds something already; emptying it is a change)."""
        valid = super().validate(extra_validators)
        missing = list(self._missing())
        for field, message in missing:
            field.errors.append(message)
        return valid and not missing

    def _missing(self):
        sent, letter = _given(self.sent_on), _given(self.reference)
        if self.returned_on.data is not None:
            if not sent:
                yield self.sent_on, SENT_FIRST
            if self.method.data == ParentMethod.REGISTERED_LETTER and not letter:
                yield self.reference, LETTER_NUMBER
        elif not (self.recorded or sent or letter or _given(self.returned_on, self.remarks)):
            yield self.sent_on, NOTHING_TO_SAVE


def _given(*fields) -> bool:
    """Whether any of `fields` was given: text other than spaces, or a date (one typed
    but not a date is given, and its error says so)."""
    return any((f.data.strip() if isinstance(f.data, str) else f.data) or f.errors for f in fields)
