"""家长联系 — parent contact. Declarations only; the code is in the other files."""

from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission

from .views import bp

module = Module(
    name="parents",
    label=_l("Parent contact"),
    blueprint=bp,
    permissions=[
        Permission(code="parents.view", label=_l("View parent contacts"),
                   roles=("leader", "secretary", "counselor",)),
        Permission(code="parents.create", label=_l("Record parent contacts"),
                   roles=("counselor", "class_advisor",)),
    ],
    nav=[NavItem(endpoint="parents.index", label=_l("Parent contact"), permission="parents.view", order=40)],
)
