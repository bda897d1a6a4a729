"""Choices for the plan forms, translated per request."""

from wtforms.fields.choices import SelectChoice

from .labels import LABELS
from .models import PARTS


def _choices(kind: str, codes, blank: bool = False) -> list[SelectChoice]:
    head = [SelectChoice("", "—")] if blank else []
    return head + [SelectChoice(code, str(LABELS[kind][code])) for code in codes]


def plan_form(form):
    for row in form.courses:
        row.how.choices = _choices("how", LABELS["how"], blank=True)
    for row in form.weekly:
        row.day.choices = _choices("day", LABELS["day"])
    return form


def review_form(form):
    # "The whole plan" first: a sign-off or a general remark needs no choice.
    form.part.choices = _choices("part", ("general", *[p for p in PARTS if p != "general"]))
    return form
