"""Words for plan codes."""

from portal.core.codes import labeller
from portal.core.helpers import holders
from portal.core.i18n import _
from portal.core.roles import ROLES

from .models import Day, Part, PlanStatus, Remedy, ReviewAction

plan_label = labeller(
    {"status": PlanStatus, "how": Remedy, "day": Day, "part": Part, "action": ReviewAction}
)


def reviewer(plan) -> str:
    """Who reviews the plan: the role, and the names of who holds it over the student (the
    student knows whom to ask, not only "an academic mentor")."""
    role = str(ROLES.get(plan.reviewer_role, plan.reviewer_role))
    names = _(", ").join(name for _role, name, _id in holders(plan.student, [plan.reviewer_role]))
    return f"{role} {names}" if names else role


# The names templates call (`Module.template_globals`), prefixed with the module's name.
TEMPLATE_GLOBALS = {"plans_label": plan_label, "plans_reviewer": reviewer}
