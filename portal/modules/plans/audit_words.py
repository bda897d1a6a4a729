"""The audit page's words for this module's records and fields (core/audit_words.py)."""

from portal.core.i18n import _l

RECORDS = {
    "Plan": _l("study plan"),
    "Version": _l("study plan version"),
    "Comment": _l("comment"),
    "PlanSetting": _l("study plan settings"),
    "Read": _l("study plan read mark"),
}

FIELDS = {
    "action": _l("Action"),
    "author_id": _l("Written by"),
    "content": _l("Study plan content"),
    "due_days": _l("Due within (days)"),
    "mentor_from_year": _l("Mentor from year"),
    "number": _l("Version number"),
    "part": _l("Part"),
    "period_start": _l("Period start"),
    "plan_id": _l("Study plan"),
    "report": _l("Report"),
    "reported_at": _l("Reported at"),
    "returned_at": _l("Returned at"),
    "reviewer_role": _l("Reviewer"),
    "saved_at": _l("Saved at"),
    "signed_at": _l("Signed at"),
    "signed_by_id": _l("Signed by"),
    "status": _l("Plan status"),
    "submitted_at": _l("Submitted at"),
    "text": _l("Text"),
    "version_id": _l("Study plan version"),
}
