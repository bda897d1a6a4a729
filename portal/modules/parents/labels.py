"""Words for the parent contact codes."""

from portal.core.codes import labeller
from portal.core.i18n import _l

from .models import Agreement, MeetingReason, Method

FIELD_LABELS = {
    "guardian_id": _l("Parent or guardian"),
    "parent_name": _l("Name"),
    "relation": _l("Relation"),
    "method": _l("Method"),
    "contacted_at": _l("Date"),
    "made_by": _l("Contact made by"),
    "made_by_role": _l("As"),
    "content": _l("Content"),
    "parent_opinion": _l("The parent's opinion"),
    "parent_agrees": _l("Does the parent agree with the support measures?"),
    "follow_up": _l("Follow-up"),
    "follow_up_on": _l("Follow up on"),
    "is_meeting": _l("Face-to-face meeting"),
    "meeting_reason": _l("Reason for the meeting"),
    "place": _l("Place"),
    "attendees": _l("Attendees"),
    "parent_confirmed_on": _l("Parent confirmed on"),
}

parent_label = labeller({"method": Method, "reason": MeetingReason, "agrees": Agreement})


# The names templates call (`Module.template_globals`), prefixed with the module's name.
TEMPLATE_GLOBALS = {
    "parents_label": parent_label,
    "parents_field": lambda name: str(FIELD_LABELS.get(name, name)),
}
