"""Words for the module's codes, in the reader's language."""

from flask_babel import get_locale

from portal.core.codes import labeller
from portal.core.i18n import _
from portal.core.roles import ROLES

from .models import Climate, ConcernKind, Outcome

concern_label = labeller({"kind": ConcernKind, "outcome": Outcome, "climate": Climate})


def joined(items) -> str:
    """A list in the reader's language: 、 between Chinese items, a comma in English."""
    sep = "、" if str(get_locale() or "zh").startswith("zh") else ", "
    return sep.join(str(item) for item in items)


def kinds_text(kinds) -> str:
    return joined(concern_label("kind", k) for k in kinds)


def helpers_text(helpers) -> str:
    """ "陈辅导员 (Counselor)、黄班主任 (Class advisor)" from (role, name) pairs."""
    return joined(
        _("%(name)s (%(role)s)", name=name, role=ROLES.get(role, role)) for role, name in helpers
    )


# The names templates call (`Module.template_globals`), prefixed with the module's name.
TEMPLATE_GLOBALS = {
    "concerns_label": concern_label,
    "concerns_kinds": kinds_text,
    "concerns_join": joined,
    "concerns_helpers": helpers_text,
}
