"""Words the warnings templates use: the code sets' words (codes.py), rules explained."""

from portal.core.i18n import _l

from .codes import (
    LIFTED_NOTICE,
    Change,
    ExamKind,
    NoticeKind,
    NoticePart,
    NoticeState,
    ObjectionOutcome,
    ParentMethod,
    ProposalAction,
    ProposalReason,
    Receipt,
    RunAction,
    RunStatus,
    Scale,
    SkipReason,
)
from .explain import (
    OPERATORS,
    added_reason,
    condition_words,
    describe,
    metric_label,
    metric_value,
    reasons,
)
from .presets import COLLEGE_SETS
from .student_card import standing_now


def notice_state_label(state: str, lifted: bool = False) -> str:
    """A notice's state in words; `lifted`: it asks for a confirmation nobody owes any more,
    its warning lifted since (notices.lifted)."""
    return str(LIFTED_NOTICE) if lifted else NoticeState.label_of(state)


def college_sets(ruleset_code: str, level: str | None = None, metric: str | None = None) -> bool:
    """A condition whose figure the policy leaves to the college (ASNU 旷课, 大幅度下滑); with
    no level, whether the ruleset has any."""
    marked = COLLEGE_SETS.get(ruleset_code, set())
    return bool(marked) if level is None else (level, metric) in marked


def receipt_of(notice) -> str:
    if notice.receipt_returned_on:
        return "returned"
    return "sent" if notice.parent_sent_on else "none"


# The changes as the run page's column heads (sentence case; the cells say `Change.label`).
CHANGE_HEADINGS = {
    Change.NEW: _l("New"),
    Change.CONTINUING: _l("Continuing from last term"),
    Change.ESCALATED: _l("Escalated"),
    Change.EASED: _l("Eased"),
}


def change_heading(code: str) -> str:
    return str(CHANGE_HEADINGS.get(code) or Change.label_of(code))


# The names templates call (`Module.template_globals`), prefixed with the module's name.
TEMPLATE_GLOBALS = {
    "warnings_change_label": Change.label_of,
    "warnings_change_heading": change_heading,
    "warnings_exam_label": ExamKind.label_of,
    "warnings_skip_label": SkipReason.label_of,
    "warnings_scale_label": Scale.label_of,
    "warnings_operator_label": lambda op: OPERATORS.get(op, op),
    "warnings_run_status_label": RunStatus.label_of,
    "warnings_notice_state_label": notice_state_label,
    "warnings_objection_outcome_label": ObjectionOutcome.label_of,
    "warnings_parent_method_label": ParentMethod.label_of,
    "warnings_notice_part_label": NoticePart.label_of,
    "warnings_notice_title": NoticeKind.title_of,
    "warnings_receipt_label": Receipt.label_of,
    "warnings_run_action_label": RunAction.label_of,
    "warnings_college_sets": college_sets,
    "warnings_receipt_of": receipt_of,
    "warnings_describe": describe,
    "warnings_proposal_reason_label": ProposalReason.label_of,
    "warnings_proposal_action_label": ProposalAction.label_of,
    "warnings_added_reason": added_reason,
    "warnings_metric_label": metric_label,
    "warnings_reasons": reasons,
    "warnings_metric_value": metric_value,
    "warnings_condition": condition_words,
    "warnings_standing": standing_now,  # the student's standing now: current, and lifted
}
