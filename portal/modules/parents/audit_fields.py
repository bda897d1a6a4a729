"""The audit page's words for this module's fields (portal/core/audit_words.py)."""

from portal.core.i18n import _l

FIELDS = {
    "version": _l("Version"),
}
