"""帮扶效果 — the effectiveness review: outcomes of a term's warned students, conversion
rate, before and after, compliance, plans, mentors and volunteer hours, as SVG charts,
tables, a printable report and an .xlsx export. Declarations only."""

from portal.core.i18n import _l
from portal.core.modules import Module, NavItem, Permission, Ref

from .cli import review_cli
from .views import bp

module = Module(
    name="review",
    label=_l("Effectiveness review"),
    blueprint=bp,
    models="portal.modules.review.models",
    permissions=[
        Permission(
            code="review.view",
            label=_l("Read the effectiveness review"),
            roles=("leader", "secretary", "counselor"),
        ),
        Permission(
            code="review.write", label=_l("Write the review's assessment"), roles=("leader",)
        ),
    ],
    nav=[
        NavItem(
            endpoint="review.index",
            label=_l("Effectiveness review"),
            permission="review.view",
            order=70,
        )
    ],
    commands=[review_cli],
    init_app=Ref("portal.modules.review.jobs:register"),
    audit_records={"Report": _l("support report")},
    audit_fields=Ref("portal.modules.review.audit_fields:FIELDS"),
    template_globals=Ref("portal.modules.review.labels:TEMPLATE_GLOBALS"),
)
