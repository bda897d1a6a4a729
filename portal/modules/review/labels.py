"""Words for outcomes and the dimensions the figures are grouped by, and the sentences the
page, its print and its workbook share (the rate's formula, lifts awaiting confirmation, the
period's heading): written once, so the workbook says what the page says."""

from portal.core.i18n import _, _l
from portal.core.templating import punctuation, role_label

from .figures import OUTCOMES, Dimension, Group, Outcome

outcome_label = Outcome.label_of
dimension_label = Dimension.label_of

# The leaders' assessment (评估意见): its parts (Report's columns) in the order the form,
# the print and the workbook give them.
ASSESSMENT_PARTS = {
    "worked": _l("What worked"),
    "not_worked": _l("What did not work"),
    "changes": _l("What changes next term"),
}


def formula(total: Group, count_eased: bool) -> str:
    """How the conversion rate is worked out, with its counts (warning-rules.md §6), and
    which numerator the college chose."""
    counts = total.outcomes
    if count_eased:
        return _(
            "= (lifted %(lifted)d + milder level %(eased)d) ÷ (warned %(warned)d − not yet known "
            "%(pending)d − graduated %(graduated)d − suspended %(suspended)d): this college "
            "counts a milder level as converted",
            lifted=counts["lifted"],
            eased=counts["eased"],
            warned=total.warned,
            pending=counts["pending"],
            graduated=counts["graduated"],
            suspended=counts["suspended"],
        )
    return _(
        "= lifted %(lifted)d ÷ (warned %(warned)d − not yet known %(pending)d − graduated "
        "%(graduated)d − suspended %(suspended)d); a milder level is counted separately, a "
        "withdrawn student was not converted",
        lifted=counts["lifted"],
        warned=total.warned,
        pending=counts["pending"],
        graduated=counts["graduated"],
        suspended=counts["suspended"],
    )


def numerator_label(count_eased: bool) -> str:
    return _("lifted + milder level") if count_eased else _("lifted")


def awaiting(n: int) -> str:
    """Of the lifted, how many still await the secretary's confirmation (§6 marks them)."""
    return _(
        "%(n)d awaiting confirmation by the %(role)s",
        n=n,
        role=role_label("secretary").lower(),
    )


def lifted_awaiting() -> str:
    """A lifted student's outcome, its lifting not yet confirmed (the workbook's mark)."""
    p = punctuation()
    return (
        f"{outcome_label('lifted')}{p['open']}"
        + _("awaiting confirmation by the %(role)s", role=role_label("secretary").lower())
        + p["close"]
    )


def warned_heading(span: str) -> str:
    """The summary's first figure: a term's warnings, or a year's (its terms' together)."""
    if span == "year":
        return _("Warnings in this academic year")
    return _("Warnings at this term")


def warned_note(span: str) -> str:
    if span == "year":
        return _(
            "one per student and category at each term, carried ones included: a student "
            "warned in both terms counts in each"
        )
    return _("one per student and category, carried ones included")


def compared_note(n: int) -> str:
    """Before and after are medians of the same students: those with both figures."""
    return _("of the %(n)d with a figure both before and after", n=n)


def help_as_of() -> str:
    """When the help compared is counted (facts.Cohort.as_of)."""
    return _(
        "Help is counted as it stood at the end of each support period, the day the next "
        "evaluation term's roster was published; for warnings not yet judged, as it stands "
        "today."
    )


# The names templates use (`Module.template_globals`), prefixed with the module's name.
TEMPLATE_GLOBALS = {
    "review_outcome_label": outcome_label,
    "review_dimension_label": dimension_label,
    "review_outcomes": OUTCOMES,
    "review_formula": formula,
    "review_awaiting": awaiting,
    "review_warned_heading": warned_heading,
    "review_warned_note": warned_note,
    "review_compared_note": compared_note,
    "review_help_as_of": help_as_of,
}
