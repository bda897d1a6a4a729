"""Words the warnings templates use: changes between runs, exam kinds, scales, skip reasons."""

from portal.core.i18n import _l
from portal.core.standing import of_student

from .explain import OPERATORS, describe, metric_label, reasons, show_number

CHANGE_LABELS = {"new": _l("new"), "escalated": _l("escalated"), "eased": _l("eased"),
                 "same": _l("unchanged"), "continuing": _l("continuing from last term")}
EXAM_LABELS = {"regular": _l("regular exam"), "makeup": _l("make-up exam"),
               "retake": _l("retake")}
SCALE_LABELS = {"linear5": _l("5-point linear: (score − 50) ÷ 10"),
                "standard4": _l("4-point standard scale (90+ = 4.0)")}
RUN_STATUS = {"draft": _l("draft"), "submitted": _l("waiting for approval"),
              "returned": _l("returned for changes"), "published": _l("published")}
RUN_ACTIONS = {"submit": _l("submitted for approval"), "approve": _l("approved and published"),
               "return": _l("returned")}
NOTICE_STATES = {"pending": _l("waiting for the student's confirmation"),
                 "confirmed": _l("confirmed by the student"), "objected": _l("objection raised"),
                 "upheld": _l("objection answered; warning upheld"),
                 "withdrawn": _l("withdrawn after objection")}
PARENT_METHODS = {"registered_letter": _l("registered letter"),
                  "handed": _l("handed over in person"), "phone": _l("by phone"),
                  "wechat": _l("WeChat")}
RECEIPTS = {"none": _l("parent copy not sent"), "sent": _l("parent copy sent"),
            "returned": _l("receipt returned")}
NOTICE_PARTS = {"stub": _l("college stub"), "student": _l("student copy"),
                "parent": _l("parent copy")}
NOTICE_TITLES = {"warning": _l("Academic warning notice"),
                 "standing": _l("Demotion and dropout warning notice"),
                 "degree": _l("Degree warning notice")}
SKIP_LABELS = {"evaluated on the second term only": _l(
    "This ruleset is evaluated once a year, on the second term; a first term gives no roster.")}


def college_sets(ruleset_code: str, level: str | None = None, metric: str | None = None) -> bool:
    """A condition whose figure the policy leaves to the college (ASNU 旷课, 大幅度下滑); with
    no level, whether the ruleset has any."""
    from .presets import COLLEGE_SETS

    marked = COLLEGE_SETS.get(ruleset_code, set())
    return bool(marked) if level is None else (level, metric) in marked


def receipt_of(notice) -> str:
    if notice.receipt_returned_on:
        return "returned"
    return "sent" if notice.parent_sent_on else "none"


# The names templates call (`Module.template_globals`), prefixed with the module's name.
TEMPLATE_GLOBALS = {
    "warnings_change_label": lambda code: str(CHANGE_LABELS.get(code, code)),
    "warnings_exam_label": lambda code: str(EXAM_LABELS.get(code, code)),
    "warnings_skip_label": lambda reason: str(SKIP_LABELS.get(reason, reason)),
    "warnings_scale_label": lambda code: str(SCALE_LABELS.get(code, code)),
    "warnings_operator_label": lambda op: OPERATORS.get(op, op),
    "warnings_run_status_label": lambda code: str(RUN_STATUS.get(code, code)),
    "warnings_notice_state_label": lambda code: str(NOTICE_STATES.get(code, code)),
    "warnings_parent_method_label": lambda code: str(PARENT_METHODS.get(code, code)),
    "warnings_notice_part_label": lambda code: str(NOTICE_PARTS.get(code, code)),
    "warnings_notice_title": lambda kind: str(NOTICE_TITLES.get(kind, NOTICE_TITLES["warning"])),
    "warnings_receipt_label": lambda code: str(RECEIPTS.get(code, code)),
    "warnings_run_action_label": lambda code: str(RUN_ACTIONS.get(code, code)),
    "warnings_college_sets": college_sets, "warnings_receipt_of": receipt_of,
    "warnings_describe": describe, "warnings_metric_label": metric_label,
    "warnings_reasons": reasons, "warnings_show_number": show_number,
    "warnings_standing": of_student,  # the student's standing now, for their own view
}
