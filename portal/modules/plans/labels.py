"""Words for plan codes."""

from portal.core.codes import labeller

from .models import Day, Part, PlanStatus, Remedy, ReviewAction

plan_label = labeller(
    {"status": PlanStatus, "how": Remedy, "day": Day, "part": Part, "action": ReviewAction}
)


# The names templates call (`Module.template_globals`), prefixed with the module's name.
TEMPLATE_GLOBALS = {"plans_label": plan_label}
