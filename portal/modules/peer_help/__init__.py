"""朋辈帮扶 — peer help. Declarations only; the code is in the other files."""

from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission

from .views import bp

module = Module(
    name="peer_help",
    label=_l("Peer help"),
    blueprint=bp,
    permissions=[
        Permission(code="peer_help.view", label=_l("Take part in peer help"),
                   roles=("student", "volunteer", "leader", "secretary", "counselor", "class_advisor",)),
        Permission(code="peer_help.manage", label=_l("Pair volunteers and certify hours"),
                   roles=("secretary", "counselor",)),
    ],
    nav=[NavItem(endpoint="peer_help.index", label=_l("Peer help"), permission="peer_help.view", order=60)],
)
