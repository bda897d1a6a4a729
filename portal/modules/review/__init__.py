"""帮扶效果 — effectiveness review. Declarations only; the code is in the other files."""

from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission

from .views import bp

module = Module(
    name="review",
    label=_l("Effectiveness review"),
    blueprint=bp,
    permissions=[
        Permission(code="review.view", label=_l("Read the effectiveness review"),
                   roles=("leader", "secretary", "counselor",)),
    ],
    nav=[NavItem(endpoint="review.index", label=_l("Effectiveness review"), permission="review.view", order=70)],
)
