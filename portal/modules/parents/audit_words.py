"""The audit page's words for this module's records and fields (core/audit_words.py)."""

from portal.core.i18n import _l

from .labels import FIELD_LABELS

RECORDS = {"Contact": _l("parent contact")}

FIELDS = {
    **FIELD_LABELS,  # the form fields' words, as the pages show them
    "version": _l("Version"),
}
