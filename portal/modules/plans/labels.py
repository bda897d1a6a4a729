"""Words for plan codes."""

from portal.core.codes import labeller
from portal.core.i18n import _
from portal.core.roles import ROLES

from .models import Day, Part, PlanStatus, Remedy, ReviewAction
from .reviewers import reviewer_of

plan_label = labeller(
    {"status": PlanStatus, "how": Remedy, "day": Day, "part": Part, "action": ReviewAction}
)


def reviewer(plan) -> str:
    """Who reviews the plan now: the role, and the names of who holds it over the student
    (the student knows whom to ask, not only "an academic mentor"); "nobody yet" where
    nobody of its chain is in the portal."""
    found = reviewer_of(plan)
    if found.nobody:
        return _("nobody yet")
    role = str(ROLES.get(found.role, found.role))
    return f"{role} {_(', ').join(found.names)}"


# The names templates call (`Module.template_globals`), prefixed with the module's name.
TEMPLATE_GLOBALS = {
    "plans_label": plan_label,
    "plans_reviewer": reviewer,
    "plans_reviewer_of": reviewer_of,
}
