"""Warnings forms."""

from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.core.i18n import _l

from .models import PROPOSAL_REASONS

REASON_LABELS = {
    "attitude": _l("Attitude to study"), "attendance": _l("Attendance"),
    "discipline": _l("Discipline"), "sudden_drop": _l("Sudden drop in results"),
    "other": _l("Other"),
}


class ComputeForm(FlaskForm):
    term = SelectField(_l("Term"), validate_choice=False, validators=[DataRequired()])
    college = SelectField(_l("College"), validate_choice=False)
    ruleset = SelectField(_l("Ruleset"), validate_choice=False)


class ProposalForm(FlaskForm):
    action = SelectField(_l("Proposal"), validate_choice=False)
    level = SelectField(_l("Category and level"), validate_choice=False)
    reason = SelectField(_l("Reason"), validate_choice=False)
    explanation = TextAreaField(_l("Explanation"), validators=[DataRequired(), Length(max=2000)])


class DecisionForm(FlaskForm):
    note = TextAreaField(_l("Note to the proposer"), validators=[Length(max=2000)])


__all__ = ["PROPOSAL_REASONS", "REASON_LABELS"]
