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


def register(app) -> None:
    app.jinja_env.globals["concern_label"] = concern_label
