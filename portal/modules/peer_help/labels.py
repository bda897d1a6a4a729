"""Words for peer-help codes."""

from portal.core.codes import labeller
from portal.core.i18n import _l
from portal.core.templating import number

from .hours import hours
from .models import (
    AttendanceState,
    Criterion,
    FreeTime,
    MatchReason,
    PairingState,
    SessionState,
    Stage,
    VolunteerState,
)
from .pairings import stage_now

peer_labels = labeller(
    {
        "times": FreeTime,
        "volunteer": VolunteerState,
        "pairing": PairingState,
        "stage": Stage,
        "attendance": AttendanceState,
        "session": SessionState,
        "criteria": Criterion,
        "reason": MatchReason,
    }
)


def peer_label(kind: str, code: str | None) -> str:
    if code and code.startswith("course:"):
        return str(_l("passed %(course)s well", course=code[7:]))
    return peer_labels(kind, code)


def pairing_state(pairing) -> str:
    """Where a pairing stands, as those who act on it see it (`pairings.stage_now`)."""
    return peer_labels("pairing", stage_now(pairing))


def session_state(session) -> str:
    """Where one of the volunteer's sessions stands, as the volunteer follows it, and as the
    hours count it (`sessions.counted`): a session is checked only once every mentee present
    confirmed it; one checked before that rule waits for its mentee as any other."""
    if session.certification_id:
        return "certified"
    states = {a.state for a in session.attendance}
    if "disputed" in states:
        return "disputed"
    if states != {"confirmed"}:
        return "pending"
    return "checked" if session.checked_at else "confirmed"


def hours_text(minutes: int | None) -> str:
    """Minutes as hours for a page: 3, 1.5, not 3.00."""
    return number(hours(minutes or 0))


# The names templates use (`Module.template_globals`, `.template_filters`), prefixed with
# the module's name.
TEMPLATE_GLOBALS = {
    "peer_help_label": peer_label,
    "peer_help_pairing_state": pairing_state,
    "peer_help_session_state": session_state,
}
TEMPLATE_FILTERS = {"peer_help_hours": hours_text}
