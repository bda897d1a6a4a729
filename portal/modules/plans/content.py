"""A plan's content as data: from the form, back into it, and what a submission needs."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from portal.core.i18n import _
from portal.core.transcript import outstanding_failures

BLANK_ROWS = 2


def empty(student_id: int) -> dict:
    courses = [
        {
            "code": c.code,
            "name": c.name,
            "credits": str(c.credits),
            "how": "",
            "when": "",
            "note": "",
        }
        for c in outstanding_failures(student_id)
    ]
    return {
        "analysis": "",
        "courses": courses,
        "weekly": [],
        "goals": [],
        "help": {"peer": False, "office_hours": False, "other": ""},
    }


def form_data(content: dict) -> dict:
    """The form's data: the rows, then a few blank ones to add more."""
    help_ = content.get("help", {})
    courses = [{**course, "title": course["name"]} for course in content.get("courses", [])]
    return {
        "analysis": content.get("analysis", ""),
        "courses": courses,
        "weekly": content.get("weekly", []) + [{}] * BLANK_ROWS,
        "goals": content.get("goals", []) + [{}] * BLANK_ROWS,
        "help_peer": help_.get("peer"),
        "help_office": help_.get("office_hours"),
        "help_other": help_.get("other", ""),
    }


def from_form(form, courses: list[dict]) -> dict:
    """The plan's content from the form. The failed courses are the plan's own (prefilled
    from the grades): the form only says how, when and a note for each of them; a course
    added, renamed, re-credited or dropped in the posted rows changes nothing."""

    def text(value):
        return (value or "").strip()

    posted = {}
    for row in form.courses:
        if row.code.data:
            posted.setdefault(row.code.data, row)
    rows = []
    for course in courses:
        row = posted.get(course["code"])
        rows.append(
            {
                **course,
                "how": row.how.data or "",
                "when": text(row.when.data),
                "note": text(row.note.data),
            }
            if row is not None
            else dict(course)
        )
    return {
        "analysis": text(form.analysis.data),
        "courses": rows,
        "weekly": [
            {"day": r.day.data, "time": text(r.time.data), "what": text(r.what.data)}
            for r in form.weekly
            if text(r.what.data)
        ],
        "goals": [{"text": text(r.text.data)} for r in form.goals if text(r.text.data)],
        "help": {
            "peer": bool(form.help_peer.data),
            "office_hours": bool(form.help_office.data),
            "other": text(form.help_other.data),
        },
    }


def changed_courses(form, courses: list[dict]) -> bool:
    """Whether the posted course rows differ from the plan's (prefilled from the grades): a
    row added, dropped, or with another name or credits."""
    posted = [
        (r.code.data or "", r.title.data or "", _number(r.credits.data))
        for r in form.courses
        if r.code.data or r.title.data or r.credits.data
    ]
    return posted != [(c["code"], c["name"], _number(c["credits"])) for c in courses]


def _number(value) -> Decimal | str:
    try:
        return Decimal(str(value)).normalize()
    except (InvalidOperation, ValueError):
        return str(value)


def missing_for_submission(content: dict) -> list[str]:
    """What a plan needs before the reviewer sees it, in the reader's words."""
    problems = []
    if not content["analysis"]:
        problems.append(_("Write why you fell behind."))
    for course in content["courses"]:
        if not course["how"] or not course["when"]:
            problems.append(
                _("Say how and when you will retake or re-sit %(course)s.", course=course["name"])
            )
    if not content["weekly"]:
        problems.append(_("Add at least one row to your weekly time plan."))
    if not content["goals"]:
        problems.append(_("Add at least one goal for the term."))
    return problems
