"""Words for outcomes and the dimensions the figures are grouped by."""

from .figures import OUTCOMES, Dimension, Outcome

outcome_label = Outcome.label_of
dimension_label = Dimension.label_of


def register(app) -> None:
    app.jinja_env.globals.update(outcome_label=outcome_label, dimension_label=dimension_label,
                                 review_outcomes=OUTCOMES)
