"""The concern a talk follows up, for the talk form's box (`Module.occasions`): the due list
opens the talks module's form with `?concern=<id>`, and the core asks here what to show."""

from __future__ import annotations

from flask_babel import format_date

from portal.core.access import in_scope
from portal.core.audit import record_denial, record_view_now
from portal.core.i18n import _
from portal.core.occasions import OccasionNote
from portal.extensions import db

from .labels import kinds_text
from .models import Concern


def concern_note(concern_id: int, student) -> OccasionNote | None:
    """The concern about `student` as its follow-up reads it (course, teacher, what they
    saw, their note, the day raised); None when it is another student's or out of the
    reader's scope (a forged id shows nothing)."""
    concern = db.session.get(Concern, concern_id)
    if concern is None:
        return None
    if not in_scope(concern.student, "concerns.view"):
        record_denial(f"scope: concerns.view Concern {concern_id}")
        return None
    if concern.student_id != student.id:
        return None
    facts = [
        (_("Course"), concern.assignment.course_name),
        (_("Course teacher"), concern.assignment.teacher.name),
        (_("Concern"), kinds_text(concern.kinds)),
    ]
    if concern.note:
        # The teacher's note is sensitive: its reading is audited, on a form sent back too.
        record_view_now(concern, ["note"], student_id=concern.student_id)
        facts.append((_("Teacher's note"), concern.note))
    facts.append((_("Raised on"), format_date(concern.raised_on, "short")))
    return OccasionNote(_("The course teacher's concern this talk follows up"), facts)
