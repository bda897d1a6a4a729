"""The audit page's words for this module's records and fields (core/audit_words.py)."""

from portal.core.i18n import _l

RECORDS = {
    "Volunteer": _l("volunteer"),
    "Training": _l("training"),
    "Pairing": _l("pairing"),
    "Mentee": _l("mentee"),
    "Step": _l("pairing step"),
    "TutoringSession": _l("tutoring session"),
    "Presence": _l("attendance"),
    "Certification": _l("hours certification"),
    "PeerSetting": _l("peer help settings"),
    "VolunteerHours": _l("volunteer hours"),  # an export's rows
}

FIELDS = {
    "answered_at": _l("Answered at"),
    "applied_at": _l("Applied at"),
    "approved": _l("Approved"),
    "bank_account": _l("Bank account"),
    "bank_name": _l("Bank"),
    "certification_id": _l("Hours certification"),
    "certified_at": _l("Certified at"),
    "certified_by_id": _l("Certified by"),
    "checked_at": _l("Checked at"),
    "checked_by_id": _l("Checked by"),
    "commended_note": _l("Commendation"),
    "comment": _l("Comment"),
    "contact": _l("Way of contact"),
    "course": _l("Course"),
    "courses": _l("Courses"),
    "created_by_id": _l("Created by"),
    "criteria": _l("Selection criteria"),
    "decided_by_id": _l("Decided by"),
    "difficulty": _l("Difficulty"),
    "ends_at": _l("Ends at"),
    "ends_on": _l("Ends on"),
    "held_on": _l("Held on"),
    "max_mentees": _l("Most students helped"),
    "max_session_minutes": _l("Longest session (minutes)"),
    "max_week_minutes": _l("Most minutes a week"),
    "minutes": _l("Minutes"),
    "note": _l("Note"),
    "pairing_id": _l("Pairing"),
    "place": _l("Place"),
    "ranking": _l("Ranking"),
    "school_review": _l("School review"),
    "session_id": _l("Tutoring session"),
    "sessions": _l("Sessions"),
    "stage": _l("Stage"),
    "starts_at": _l("Starts at"),
    "starts_on": _l("Starts on"),
    "state": _l("State"),
    "statement": _l("Statement"),
    "times": _l("Times available"),
    "topic": _l("Topic"),
    "volunteer_id": _l("Volunteer"),
    "what": _l("What was done"),
    "Pairing.plan": _l("Tutoring plan"),
    "Step.by_id": _l("Decided by"),
}

# Its export, named where its slot of the export limit is read (core/audit_words.py).
PAGES = {"peer_help.export": _l("Volunteer hours")}
