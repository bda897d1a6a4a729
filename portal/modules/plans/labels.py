"""Words for plan codes."""

from portal.core.i18n import _l

LABELS = {
    "status": {"draft": _l("being written"), "submitted": _l("waiting for review"),
               "returned": _l("returned for changes"), "signed": _l("signed off"),
               "reported": _l("term-end report written"), "closed": _l("closed"),
               "none": _l("no plan yet")},
    "how": {"retake": _l("retake the course"), "resit": _l("re-sit the exam"),
            "substitute": _l("take a substitute course"), "other": _l("other")},
    "day": {"mon": _l("Monday"), "tue": _l("Tuesday"), "wed": _l("Wednesday"),
            "thu": _l("Thursday"), "fri": _l("Friday"), "sat": _l("Saturday"),
            "sun": _l("Sunday"), "daily": _l("every day")},
    "part": {"analysis": _l("Self-analysis"), "courses": _l("Failed courses"),
             "weekly": _l("Weekly time plan"), "goals": _l("Goals"), "help": _l("Help wanted"),
             "report": _l("Term-end report"), "general": _l("The whole plan")},
    "action": {"comment": _l("commented"), "return": _l("returned for changes"),
               "sign": _l("signed off"), "closing": _l("closing comment")},
}


def plan_label(kind: str, code: str | None) -> str:
    return str(LABELS[kind].get(code, code)) if code else ""


# The names templates call (`Module.template_globals`), prefixed with the module's name.
TEMPLATE_GLOBALS = {"plans_label": plan_label}
