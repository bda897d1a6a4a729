"""学业警示 — academic warnings. Declarations only; the code is in the other files."""

from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission

from .views import bp

module = Module(
    name="warnings",
    label=_l("Academic warnings"),
    blueprint=bp,
    permissions=[
        Permission(code="warnings.view", label=_l("View academic warnings"),
                   roles=("leader", "secretary", "counselor", "class_advisor", "mentor", "student",)),
        Permission(code="warnings.manage", label=_l("Compute and manage the warning roster"),
                   roles=("secretary",)),
    ],
    nav=[NavItem(endpoint="warnings.index", label=_l("Academic warnings"), permission="warnings.view", order=20)],
)
