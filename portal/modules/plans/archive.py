"""The plans module's sheet of a student's archive (一生一档): every version's status."""

from sqlalchemy import select

from portal.core.export import Column, Sheet, day_cell, sheet_of
from portal.core.i18n import _
from portal.core.templating import punctuation
from portal.extensions import db

from .labels import plan_label
from .models import Plan


def sheets(student) -> list[Sheet]:
    columns = [
        Column(_("Support period from"), 14, lambda v: v.plan.period_start.isoformat()),
        Column(_("Version"), 8, lambda v: v.number),
        Column(_("Self-analysis"), 50, lambda v: v.content["analysis"]),
        Column(_("Goals"), 40, _goals),
        Column(_("Signed off"), 14, _signed_off),
        Column(_("Signed off by"), 12, lambda v: v.signed_by.name if v.signed_by else ""),
        Column(_("Reviewer's comments"), 40, lambda v: "\n".join(map(_comment, v.comments))),
        Column(_("Term-end report"), 50, lambda v: (v.report or {}).get("summary", "")),
    ]
    plans = db.session.scalars(
        select(Plan).where(Plan.student_id == student.id).order_by(Plan.period_start)
    )
    return [sheet_of(_("Study plan"), columns, [v for plan in plans for v in plan.versions])]


def _goals(version) -> str:
    return punctuation()["semicolon"].join(g["text"] for g in version.content["goals"])


def _signed_off(version) -> str:
    """When it was signed off; for the plan's current version not yet signed, its status."""
    if version.signed_at:
        return day_cell(version.signed_at)
    plan = version.plan
    return plan_label("status", plan.status) if version is plan.current else ""


def _comment(comment) -> str:
    who = comment.author.name if comment.author else ""
    return f"{day_cell(comment.at)} {who}: {comment.text}"
