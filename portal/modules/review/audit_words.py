"""The audit page's words for this module's records and fields (core/audit_words.py)."""

from portal.core.i18n import _l

RECORDS = {
    "Report": _l("support report"),
    "ReviewSetting": _l("review settings"),
    "Review": _l("effectiveness review"),  # its export's and printout's rows
}

FIELDS = {
    "changes": _l("Changes"),
    "count_eased": _l("Eased counted as converted"),
    "not_worked": _l("What did not work"),
    "saved_at": _l("Saved at"),
    "saved_by_id": _l("Saved by"),
    "span": _l("Period"),
    "worked": _l("What worked"),
}

# Its pages that are no nav link, named where a refused request or an export's slot of the
# limit is read (core/audit_words.py).
PAGES = {
    "review.export_xlsx": _l("Effectiveness review"),
    "review.print_review": _l("Academic support effectiveness review"),
    "review.save_report": _l("Effectiveness review"),
    "review.save_setting": _l("Effectiveness review"),
}
