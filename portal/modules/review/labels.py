"""Words for outcomes and the dimensions the figures are grouped by."""

from .figures import OUTCOMES, Dimension, Outcome

outcome_label = Outcome.label_of
dimension_label = Dimension.label_of


# The names templates use (`Module.template_globals`), prefixed with the module's name.
TEMPLATE_GLOBALS = {
    "review_outcome_label": outcome_label,
    "review_dimension_label": dimension_label,
    "review_outcomes": OUTCOMES,
}
