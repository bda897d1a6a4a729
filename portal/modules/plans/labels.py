"""Words for plan codes."""

from portal.core.codes import labeller

from .models import Day, Part, PlanStatus, Remedy, ReviewAction

plan_label = labeller({"status": PlanStatus, "how": Remedy, "day": Day, "part": Part,
                       "action": ReviewAction})


def register(app) -> None:
    app.jinja_env.globals.update(plan_label=plan_label)
