"""The audit page's words for this module's records (model class names) and fields
(portal/core/audit_words.py), found by `Module` in this file."""

from portal.core.i18n import _l

RECORDS = {
    "Ruleset": _l("ruleset"),
    "CollegeRuleset": _l("college ruleset"),
    "Run": _l("warning run"),
    "RunEvent": _l("roster step"),
    "Warning": _l("warning"),
    "Proposal": _l("proposal"),
    "Notice": _l("notice"),
    "Lift": _l("lifting"),
}

FIELDS = {
    "action": _l("Action"),
    "answer": _l("Answer"),
    "answered_at": _l("Answered at"),
    "category": _l("Category"),
    "code": _l("Code"),
    "comment": _l("Comment"),
    "confirm_days": _l("Days to confirm"),
    "confirmed_at": _l("Confirmed at"),
    "decided_at": _l("Decided at"),
    "decision": _l("Decision"),
    "decision_note": _l("Decision note"),
    "definition": _l("Definition"),
    "detail": _l("Detail"),
    "evaluated": _l("Students evaluated"),
    "explanation": _l("Explanation"),
    "is_preset": _l("Preset"),
    "kind": _l("Kind"),
    "level": _l("Level"),
    "objected_at": _l("Objected at"),
    "objection": _l("Objection"),
    "office_phone": _l("Office phone"),
    "parent_method": _l("Parent copy sent by"),
    "parent_reference": _l("Parent copy reference"),
    "parent_remarks": _l("Parent copy remarks"),
    "parent_sent_on": _l("Parent copy sent on"),
    "proposed_at": _l("Proposed at"),
    "reason": _l("Reason"),
    "receipt_returned_on": _l("Receipt returned on"),
    "roster_deadline_days": _l("Roster deadline (days)"),
    "ruleset_code": _l("Ruleset"),
    "ruleset_snapshot": _l("Ruleset as used"),
    "skip_reason": _l("Why skipped"),
    "state": _l("State"),
    "version": _l("Version"),
}
