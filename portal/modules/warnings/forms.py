"""Warnings forms."""

from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from portal.core.forms import PortalForm
from portal.core.i18n import _l

from .codes import ProposalAction


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
