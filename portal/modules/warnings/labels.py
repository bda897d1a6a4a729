"""Words the warnings templates use: changes between runs, exam kinds, scales, skip reasons."""

from portal.core.i18n import _l

from .explain import OPERATORS, describe, metric_label, reasons, show_number

CHANGE_LABELS = {"new": _l("new"), "escalated": _l("escalated"), "eased": _l("eased"),
                 "same": _l("unchanged")}
EXAM_LABELS = {"regular": _l("regular exam"), "makeup": _l("make-up exam"),
               "retake": _l("retake")}
SCALE_LABELS = {"linear5": _l("5-point linear: (score − 50) ÷ 10"),
                "standard4": _l("4-point standard scale (90+ = 4.0)")}
RUN_STATUS = {"draft": _l("draft"), "submitted": _l("waiting for approval"),
              "returned": _l("returned for changes"), "published": _l("published")}
RUN_ACTIONS = {"submit": _l("submitted for approval"), "approve": _l("approved and published"),
               "return": _l("returned")}
SKIP_LABELS = {"evaluated on the second term only": _l(
    "This ruleset is evaluated once a year, on the second term; a first term gives no roster.")}


def register(app) -> None:
    app.jinja_env.globals.update(
        change_label=lambda code: str(CHANGE_LABELS.get(code, code)),
        exam_label=lambda code: str(EXAM_LABELS.get(code, code)),
        skip_label=lambda reason: str(SKIP_LABELS.get(reason, reason)),
        scale_label=lambda code: str(SCALE_LABELS.get(code, code)),
        operator_label=lambda op: OPERATORS.get(op, op),
        run_status_label=lambda code: str(RUN_STATUS.get(code, code)),
        run_action_label=lambda code: str(RUN_ACTIONS.get(code, code)),
        describe=describe, metric_label=metric_label, reasons=reasons, show_number=show_number,
    )
