"""Words and colours for outcomes."""

from portal.core.i18n import _l

OUTCOMES = {"lifted": _l("lifted"), "eased": _l("milder level"), "same": _l("same level"),
            "escalated": _l("more severe level"), "graduated": _l("graduated"),
            "suspended": _l("suspended"), "withdrawn": _l("withdrawn or dismissed"),
            "pending": _l("not yet known")}
OUTCOME_CSS = {"lifted": "o-lifted", "eased": "o-eased", "same": "o-same",
               "escalated": "o-escalated", "graduated": "o-graduated",
               "suspended": "o-suspended", "withdrawn": "o-left", "pending": "o-pending"}
DIMENSIONS = {"college": _l("College"), "major": _l("Major"), "class": _l("Class"),
              "counselor": _l("Counselor"), "level": _l("Level")}


def outcome_label(code: str) -> str:
    return str(OUTCOMES.get(code, code))


def dimension_label(code: str) -> str:
    return str(DIMENSIONS.get(code, code))


# The names templates use (`Module.template_globals`), prefixed with the module's name.
TEMPLATE_GLOBALS = {"review_outcome_label": outcome_label,
                    "review_dimension_label": dimension_label,
                    "review_outcomes": tuple(OUTCOMES)}
