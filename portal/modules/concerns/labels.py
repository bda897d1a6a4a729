"""Words for the module's codes, in the reader's language."""

from portal.core.i18n import _l

LABELS = {
    "kind": {"absence": _l("Frequent absence"), "homework": _l("Missing homework"),
             "quiz": _l("Poor quiz results"), "engagement": _l("Disengaged in class"),
             "other": _l("Other")},
    "outcome": {"talked_improving": _l("Talked; the student is catching up"),
                "talked_support": _l("Talked; support arranged (tutoring, study plan)"),
                "referred": _l("Referred on (mentor, counselling centre)"),
                "no_issue": _l("Talked; no real problem"),
                "unreachable": _l("Could not reach the student")},
    "climate": {"good": _l("Good"), "fair": _l("Fair"), "poor": _l("Poor")},
}


def concern_label(group: str, code: str | None) -> str:
    return str(LABELS.get(group, {}).get(code, code or ""))


def joined(items) -> str:
    """A list in the reader's language: 、 between Chinese items, a comma in English."""
    from flask_babel import get_locale

    sep = "、" if str(get_locale() or "zh").startswith("zh") else ", "
    return sep.join(str(item) for item in items)


def kinds_text(kinds) -> str:
    return joined(concern_label("kind", k) for k in kinds)


def helpers_text(helpers) -> str:
    """"陈辅导员 (Counselor)、黄班主任 (Class advisor)" from (role, name) pairs."""
    from portal.core.i18n import _
    from portal.core.roles import ROLES

    return joined(_("%(name)s (%(role)s)", name=name, role=ROLES.get(role, role))
                  for role, name in helpers)


# The names templates call (`Module.template_globals`), prefixed with the module's name.
TEMPLATE_GLOBALS = {"concerns_label": concern_label, "concerns_kinds": kinds_text,
                    "concerns_join": joined, "concerns_helpers": helpers_text}
