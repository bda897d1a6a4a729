"""The audit page's words for this module's fields (portal/core/audit_words.py)."""

from portal.core.i18n import _l

from .labels import FIELD_LABELS

FIELDS = {
    **FIELD_LABELS,  # the form fields' words, as the pages show them
    "acknowledged_at": _l("Confirmed by the student at"),
    "level_label": _l("Warning level"),
    "present": _l("Present"),
    "reviewed_on": _l("Reviewed on"),
    "text": _l("Text"),
    "version": _l("Version"),
}
