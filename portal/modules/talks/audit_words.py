"""The audit page's words for this module's records and fields (core/audit_words.py)."""

from portal.core.i18n import _l

from .labels import FIELD_LABELS

RECORDS = {
    "Talk": _l("talk"),
    "Meeting": _l("group meeting"),
    "Attendee": _l("meeting attendee"),
    "SupportPlan": _l("support plan"),
    "SupportReview": _l("support review"),
    "talks.talk": _l("talk"),  # a talk's scans (portal.core.attachments)
}

FIELDS = {
    **FIELD_LABELS,  # the form fields' words, as the pages show them
    "acknowledged_at": _l("Confirmed by the student at"),
    "by_id": _l("Reviewed by"),
    "created_by_id": _l("Created by"),
    "level_label": _l("Warning level"),
    "meeting_id": _l("Group meeting"),
    "plan_id": _l("Support plan"),
    "present": _l("Present"),
    "recorded_by_id": _l("Recorded by"),
    "reviewed_on": _l("Reviewed on"),
    "text": _l("Text"),
    "Meeting.content": _l("Meeting content"),
}
