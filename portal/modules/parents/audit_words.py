"""The audit page's words for this module's records and fields (core/audit_words.py)."""

from portal.core.i18n import _l

from .labels import FIELD_LABELS

RECORDS = {
    "Contact": _l("parent contact"),
    "parents.contact": _l("parent contact"),  # a contact's scans (portal.core.attachments)
}

FIELDS = {
    **FIELD_LABELS,  # the form fields' words, as the pages show them
    "recorded_by_id": _l("Recorded by"),
}
