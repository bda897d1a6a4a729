"""The audit page's words for this module's records, fields and detail keys
(core/audit_words.py)."""

from portal.core.audit_words import DetailKey
from portal.core.i18n import _, _l
from portal.core.standing import ruleset_name

RECORDS = {
    "Ruleset": _l("ruleset"),
    "CollegeRuleset": _l("college ruleset"),
    "Run": _l("warning run"),
    "RunEvent": _l("roster step"),
    "Warning": _l("warning"),
    "Proposal": _l("proposal"),
    "Notice": _l("notice"),
    "Lift": _l("lifting"),
    "Roster": _l("warning roster"),  # its export's rows
}

FIELDS = {
    "action": _l("Action"),
    "answer": _l("Answer"),
    "answered_at": _l("Answered at"),
    "answered_by_id": _l("Answered by"),
    "category": _l("Category"),
    "code": _l("Code"),
    "comment": _l("Comment"),
    "confirm_days": _l("Days to confirm"),
    "confirmed_at": _l("Confirmed at"),
    "confirmed_by_id": _l("Confirmed by"),
    "created_by_id": _l("Computed by"),
    "decided_at": _l("Decided at"),
    "decided_by_id": _l("Decided by"),
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
    "previous_run_id": _l("Previous computation"),
    "proposed_at": _l("Proposed at"),
    "proposed_by_id": _l("Proposed by"),
    "proposed_in_run_id": _l("Proposed in the computation"),
    "reason": _l("Reason"),
    "receipt_returned_on": _l("Receipt returned on"),
    "roster_deadline_days": _l("Roster deadline (days)"),
    "ruleset_code": _l("Ruleset"),
    "ruleset_snapshot": _l("Ruleset as used"),
    "run_id": _l("Warning run"),
    "skip_reason": _l("Why skipped"),
    "state": _l("State"),
    "updated_by_id": _l("Changed by"),
    "warning_id": _l("Warning"),
    "Run.status": _l("Roster status"),
}


def _removed_by(proposal_id: str) -> str:
    """Why a notice was withdrawn off a published roster: the removal accepted."""
    if not proposal_id.isdigit():
        return proposal_id
    return _("accepted proposal %(id)s removed the student from the roster", id=int(proposal_id))


# The keys of the details this module records: a computation's (compute.py), a confirmation
# of liftings (lifting.py), a notice kept or withdrawn by a new roster (publication.py), or
# withdrawn because an accepted proposal removed the student (notices.withdraw_removed).
DETAILS = {
    "ruleset": DetailKey(FIELDS["ruleset_code"], ruleset_name),
    "warned": _l("Students warned"),
    "run": FIELDS["run_id"],
    "Warning.count": _l("Liftings confirmed"),
    "Warning.warned_again": _l("Of them, warned again"),
    "Notice.removed_by": DetailKey(_l("Why withdrawn"), _removed_by),
}

# Its pages named where a refused request or an export's slot is read (core/audit_words.py):
# the nav links and the student tab are named by their labels already.
PAGES = {
    "warnings.export": _l("Academic warning roster"),
    "warnings.print_class": _l("Academic warning notices to print"),
    "warnings.notice": _l("Academic warning notice"),
    "warnings.print_notice": _l("Academic warning notice"),
    "warnings.confirm_notice": _l("Academic warning notice"),
    "warnings.object_notice": _l("Academic warning notice"),
    "warnings.answer_notice": _l("Academic warning notice"),
    "warnings.parent_copy": _l("Academic warning notice"),
    "warnings.run": _l("Warning run"),
    "warnings.run_action": _l("Warning run"),
    "warnings.compute": _l("Compute a roster"),
    "warnings.proposals": _l("Proposals"),
    "warnings.decide_proposal": _l("Proposals"),
    "warnings.my_proposals": _l("My proposals"),
    "warnings.propose_student": _l("Propose a change to the roster"),
    "warnings.objections": _l("Objections"),
    "warnings.lifting": _l("Lifting"),
    "warnings.confirm_lifting": _l("Lifting"),
    "warnings.unconfirmed": _l("Notices not yet confirmed"),
    "warnings.deadlines_section": _l("Warning rosters due"),
    "warnings.ruleset": _l("Rulesets"),
    "warnings.edit_ruleset": _l("Rulesets"),
    "warnings.clone_ruleset": _l("Rulesets"),
    "warnings.assign_ruleset": _l("Rulesets"),
    "warnings.settings": _l("Notice settings"),
}
