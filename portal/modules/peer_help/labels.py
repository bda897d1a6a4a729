"""Words for peer-help codes."""

from portal.core.i18n import _l

LABELS = {
    "times": {"weekday_noon": _l("weekday lunchtimes"), "weekday_eve": _l("weekday evenings"),
              "weekend": _l("weekends")},
    "volunteer": {"applied": _l("applied"), "active": _l("active"), "retired": _l("retired"),
                  "declined": _l("not selected")},
    "pairing": {"advisor": _l("waiting for the class advisor's opinion"),
                "college": _l("waiting for the college's review"),
                "school": _l("waiting for the school's review"), "active": _l("active"),
                "rejected": _l("not approved"), "ended": _l("ended")},
    "stage": {"advisor": _l("Class advisor's opinion"), "college": _l("College review"),
              "school": _l("School review")},
    "attendance": {"pending": _l("not yet confirmed"), "confirmed": _l("confirmed"),
                   "disputed": _l("disputed")},
    "session": {"pending": _l("waiting for your mentee"), "confirmed": _l("confirmed, to be checked"),
                "disputed": _l("questioned by your mentee"), "checked": _l("checked, to be certified"),
                "certified": _l("certified")},
    # The criteria the seed colleges select volunteers by: 成绩排名 (gxu 第四条, shaoxing
    # 第六条 选拔), 党员 and 学生干部 (lzut 四.6, gxu 第二条4), 同寝室 (lzut 四.6).
    "criteria": {"rank": _l("good grade ranking"), "party_member": _l("Party member"),
                 "cadre": _l("student cadre"), "roommate": _l("roommate of a student helped")},
    "reason": {"major": _l("same major"), "times": _l("free at the same times")},
}


def peer_label(kind: str, code: str | None) -> str:
    if code and code.startswith("course:"):
        return str(_l("passed %(course)s well", course=code[7:]))
    return str(LABELS[kind].get(code, code)) if code else ""


def session_state(session) -> str:
    """Where one of the volunteer's sessions stands, as the volunteer follows it."""
    if session.certification_id:
        return "certified"
    if session.checked_at:
        return "checked"
    states = {a.state for a in session.attendance}
    if "disputed" in states:
        return "disputed"
    return "confirmed" if states == {"confirmed"} else "pending"


def hours_text(minutes: int | None) -> str:
    """Minutes as hours for a page: 3, 1.5, not 3.00."""
    from flask_babel import format_decimal

    from .hours import hours

    return format_decimal(hours(minutes or 0), format="#,##0.##")


# The names templates use (`Module.template_globals`, `.template_filters`), prefixed with
# the module's name.
TEMPLATE_GLOBALS = {"peer_help_label": peer_label, "peer_help_session_state": session_state}
TEMPLATE_FILTERS = {"peer_help_hours": hours_text}
