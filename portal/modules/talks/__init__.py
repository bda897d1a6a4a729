"""谈话 — talks. Declarations only; the code is in the other files."""

from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission

from .views import bp

module = Module(
    name="talks",
    label=_l("Talks"),
    blueprint=bp,
    permissions=[
        Permission(code="talks.view", label=_l("View talk records"),
                   roles=("leader", "secretary", "counselor", "class_advisor", "mentor",)),
        Permission(code="talks.create", label=_l("Record talks"),
                   roles=("counselor", "class_advisor",)),
    ],
    nav=[NavItem(endpoint="talks.index", label=_l("Talks"), permission="talks.view", order=30)],
)
