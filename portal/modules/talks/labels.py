"""Words for the talk forms' codes (the seed forms' own terms in Chinese)."""

from portal.core.codes import labeller
from portal.core.i18n import _l

from .models import Initiator, Method, RootCause, StudyChange, Topic, YesNo

FIELD_LABELS = {
    "held_at": _l("Date"),
    "place": _l("Place"),
    "method": _l("Method"),
    "initiated_by": _l("Who asked for the talk"),
    "topics": _l("Topics"),
    "topic_other": _l("Other topic"),
    "talker_role": _l("Talking as"),
    "talkers": _l("Talked with the student (names)"),
    "first_impression": _l("First impression"),
    "content": _l("Main content"),
    "measures": _l("Agreed measures"),
    "effect": _l("Effect of the measures"),
    "follow_up_on": _l("Follow up on"),
    "root_cause": _l("Root cause of the difficulty"),
    "organiser": _l("Organiser"),
    "agenda": _l("Agenda"),
    "decisions": _l("Decisions"),
    "advisor": _l("Class advisor"),
    "counselor": _l("Counselor"),
    "teacher": _l("Subject teacher (and course)"),
    "plan": _l("Support plan"),
    "referred": _l("Referred to psychological counselling"),
    "referred_on": _l("Referral date"),
    "study_change": _l("Change of study plan"),
    "student_feedback": _l("The student's feedback, in their own words"),
    "parents_contacted": _l("Parents contacted about it"),
    "counselor_opinion": _l("The counselor's supplementary opinion"),
    "acknowledged_at": _l("Confirmed by the student"),
}


talk_label = labeller(
    {
        "method": Method,
        "topic": Topic,
        "initiator": Initiator,
        "root_cause": RootCause,
        "study_change": StudyChange,
        "yes_no": YesNo,
    }
)


# The names templates call (`Module.template_globals`), prefixed with the module's name.
TEMPLATE_GLOBALS = {
    "talks_label": talk_label,
    "talks_field": lambda name: str(FIELD_LABELS.get(name, name)),
}
