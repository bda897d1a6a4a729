"""帮扶效果 — the effectiveness review: outcomes of a term's warned students, conversion
rate, before and after, compliance, plans, peer volunteers and volunteer hours, as SVG charts,
tables, a printable report and an .xlsx export. Declarations only."""

from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission, Ref
from portal.core.roles import COLLEGE_STAFF

from .cli import review_cli
from .views import bp

module = Module(
    __name__,
    label=_l("Effectiveness review"),
    blueprint=bp,
    permissions=[
        Permission(
            "review.view", _l("Read the effectiveness review"), (*COLLEGE_STAFF, "counselor")
        ),
        Permission("review.write", _l("Write the review's assessment"), ("leader",)),
    ],
    order=70,
    nav=[NavItem("review.index", _l("Effectiveness review"))],
    commands=[review_cli],
    init_app=Ref(".jobs:register"),
)
