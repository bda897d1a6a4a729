"""The warnings module's sheet of a student's archive."""

from sqlalchemy import select

from portal.core.export import Sheet, day_cell
from portal.core.i18n import _, pick
from portal.core.models import Term
from portal.extensions import db

from .codes import Change, NoticeKind, NoticeState, ParentMethod
from .explain import history, reasons
from .models import Notice, Run


def sheets(student) -> list[Sheet]:
    headers = [_("Term"), _("Category"), _("Level"), _("Why"), _("Since last term"), _("Lifted")]
    rows = []
    for story in history(student):
        for warning in story.warnings:
            info = story.catalogue.get((warning.category, warning.level))
            rows.append(
                [
                    story.term.code,
                    pick(info.category_names) if info else warning.category,
                    pick(info.names) if info else warning.level,
                    reasons(warning),
                    Change.label_of(warning.since_last_term),
                    day_cell(warning.lifted_at),
                ]
            )
    return [
        Sheet(_("Academic warnings"), headers, rows, [13, 14, 14, 60, 10, 12]),
        notice_sheet(student),
    ]


def notice_sheet(student) -> Sheet:
    """Each notice: the student's confirmation or objection, and the parent copy's way out
    and its receipt (anshan 第九条 学生签字确认; lzut §三.7 家长回执)."""
    headers = [
        _("Term"),
        _("Notice"),
        _("Issued on"),
        _("Student's confirmation"),
        _("Confirmed on"),
        _("Objection"),
        _("Answer"),
        _("Parent copy sent"),
        _("Sent on"),
        _("Reference"),
        _("Receipt returned on"),
        _("Parent's remarks"),
    ]
    notices = db.session.execute(
        select(Notice, Term.code)
        .join(Run, Run.id == Notice.run_id)
        .join(Term)
        .where(Notice.student_id == student.id)
        .order_by(Notice.created_at)
    ).all()
    rows = [
        [
            code,
            NoticeKind.label_of(n.kind),
            day_cell(n.created_at),
            NoticeState.label_of(n.state),
            day_cell(n.confirmed_at),
            n.objection or "",
            n.answer or "",
            ParentMethod.label_of(n.parent_method),
            n.parent_sent_on.isoformat() if n.parent_sent_on else "",
            n.parent_reference or "",
            n.receipt_returned_on.isoformat() if n.receipt_returned_on else "",
            n.parent_remarks or "",
        ]
        for n, code in notices
    ]
    return Sheet(
        _("Notices and parent receipts"),
        headers,
        rows,
        [13, 18, 12, 18, 12, 30, 30, 16, 12, 14, 14, 30],
    )
