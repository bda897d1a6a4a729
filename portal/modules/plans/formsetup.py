"""Choices for the plan forms, translated per request."""

from .models import PARTS, Day, Part, Remedy


def plan_form(form):
    for row in form.courses:
        row.how.choices = Remedy.choices(blank="—")
    for row in form.weekly:
        row.day.choices = Day.choices()
    return form


def review_form(form):
    # "The whole plan" first: a sign-off or a general remark needs no choice.
    form.part.choices = Part.choices(("general", *[p for p in PARTS if p != "general"]))
    return form
