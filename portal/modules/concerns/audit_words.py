"""The audit page's words for this module's records and fields (core/audit_words.py)."""

from portal.core.i18n import _l

RECORDS = {
    "Survey": _l("mid-term survey"),
    "Assignment": _l("survey assignment"),
    "Concern": _l("concern"),
    "Officer": _l("information officer"),
    "ClassReport": _l("class report"),
    "Setting": _l("settings"),
}

FIELDS = {
    "answered_at": _l("Answered at"),
    "appointed_by_id": _l("Appointed by"),
    "assignment_id": _l("Survey assignment"),
    "attendance": _l("Attendance"),
    "climate": _l("Learning climate"),
    "closed_by_id": _l("Closed by"),
    "closed_on": _l("Closed on"),
    "closed_role": _l("Closed by (role)"),
    "closes_on": _l("Closes on"),
    "course_name": _l("Course name"),
    "hard_courses": _l("Courses found hard"),
    "kinds": _l("Kinds of concern"),
    "no_concerns": _l("No concerns"),
    "note": _l("Note"),
    "opened_by_id": _l("Opened by"),
    "opens_on": _l("Opens on"),
    "outcome": _l("Outcome"),
    "raised_by_id": _l("Raised by"),
    "raised_on": _l("Raised on"),
    "remarks": _l("Remarks"),
    "show_note_to_student": _l("Note shown to the student"),
    "submitted_at": _l("Submitted at"),
    "submitted_by_id": _l("Submitted by"),
    "survey_id": _l("Survey"),
    "talk_within_days": _l("Talk within (days)"),
    "teacher_id": _l("Course teacher"),
    "title": _l("Title"),
}
