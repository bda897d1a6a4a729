"""Words the warnings templates use: the code sets' words (codes.py), rules explained."""

from .codes import (
    Change,
    ExamKind,
    NoticeKind,
    NoticePart,
    NoticeState,
    ParentMethod,
    Receipt,
    RunAction,
    RunStatus,
    Scale,
    SkipReason,
)
from .explain import OPERATORS, describe, metric_label, reasons, show_number


def register(app) -> None:
    app.jinja_env.globals.update(
        change_label=Change.label_of,
        exam_label=ExamKind.label_of,
        skip_label=SkipReason.label_of,
        scale_label=Scale.label_of,
        operator_label=lambda op: OPERATORS.get(op, op),
        run_status_label=RunStatus.label_of,
        notice_state_label=NoticeState.label_of,
        parent_method_label=ParentMethod.label_of,
        notice_part_label=NoticePart.label_of,
        notice_title=NoticeKind.title_of,
        college_sets=college_sets,
        receipt_label=Receipt.label_of,
        receipt_of=receipt_of,
        run_action_label=RunAction.label_of,
        describe=describe, metric_label=metric_label, reasons=reasons, show_number=show_number,
    )


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
