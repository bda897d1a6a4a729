"""The audit page's words for this module's records (model class names) and fields
(portal/core/audit_words.py), found by `Module` in this file."""

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
}

FIELDS = {
    "answered_at": _l("Answered at"),
    "applied_at": _l("Applied at"),
    "approved": _l("Approved"),
    "bank_account": _l("Bank account"),
    "bank_name": _l("Bank"),
    "certified_at": _l("Certified at"),
    "checked_at": _l("Checked at"),
    "commended_note": _l("Commendation"),
    "comment": _l("Comment"),
    "contact": _l("Way of contact"),
    "course": _l("Course"),
    "courses": _l("Courses"),
    "criteria": _l("Selection criteria"),
    "difficulty": _l("Difficulty"),
    "ends_at": _l("Ends at"),
    "ends_on": _l("Ends on"),
    "held_on": _l("Held on"),
    "max_mentees": _l("Most students helped"),
    "max_session_minutes": _l("Longest session (minutes)"),
    "max_week_minutes": _l("Most minutes a week"),
    "minutes": _l("Minutes"),
    "note": _l("Note"),
    "ranking": _l("Ranking"),
    "school_review": _l("School review"),
    "sessions": _l("Sessions"),
    "stage": _l("Stage"),
    "starts_at": _l("Starts at"),
    "starts_on": _l("Starts on"),
    "state": _l("State"),
    "statement": _l("Statement"),
    "times": _l("Times available"),
    "topic": _l("Topic"),
    "version": _l("Version"),
    "what": _l("What was done"),
}
