"""The plans module's sheet of a student's archive (一生一档): every version's status."""

from sqlalchemy import select

from portal.core.export import Sheet
from portal.core.i18n import _
from portal.core.templating import punctuation
from portal.extensions import db

from .labels import plan_label
from .models import Plan


def plan_sheets(student) -> list[Sheet]:
    headers = [
        _("Support period from"),
        _("Version"),
        _("Self-analysis"),
        _("Goals"),
        _("Signed off"),
        _("Signed off by"),
        _("Reviewer's comments"),
        _("Term-end report"),
    ]
    rows = []
    for plan in db.session.scalars(
        select(Plan).where(Plan.student_id == student.id).order_by(Plan.period_start)
    ):
        for version in plan.versions:
            content, report = version.content, version.report or {}
            rows.append(
                [
                    plan.period_start.isoformat(),
                    version.number,
                    content["analysis"],
                    punctuation()["semicolon"].join(g["text"] for g in content["goals"]),
                    version.signed_at.date().isoformat()
                    if version.signed_at
                    else plan_label("status", plan.status)
                    if version is plan.current
                    else "",
                    version.signed_by.name if version.signed_by else "",
                    "\n".join(_comment(c) for c in version.comments),
                    report.get("summary", ""),
                ]
            )
    return [Sheet(_("Study plan"), headers, rows, [14, 8, 50, 40, 14, 12, 40, 50])]


def _comment(comment) -> str:
    who = comment.author.name if comment.author else ""
    return f"{comment.at:%Y-%m-%d} {who}: {comment.text}"
