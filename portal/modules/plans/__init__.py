"""学习计划 — study plans. Declarations only; the code is in the other files."""

from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission

from .views import bp

module = Module(
    name="plans",
    label=_l("Study plans"),
    blueprint=bp,
    permissions=[
        Permission(code="plans.view", label=_l("View study plans"),
                   roles=("leader", "secretary", "counselor", "class_advisor", "mentor", "student",)),
        Permission(code="plans.review", label=_l("Review and sign off study plans"),
                   roles=("class_advisor", "mentor",)),
    ],
    nav=[NavItem(endpoint="plans.index", label=_l("Study plans"), permission="plans.view", order=50)],
)
