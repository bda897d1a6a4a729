"""Fill the talk forms' choices and defaults for one user and student."""

from __future__ import annotations

from datetime import time

from wtforms.fields.choices import SelectChoice

from portal.core import clock
from portal.core.roles import ROLES

from .labels import LABELS
from .models import INITIATORS, METHODS, ROOT_CAUSES, STUDY_CHANGES, TOPICS, Talk
from .records import talker_roles


def _choices(kind: str, codes) -> list[SelectChoice]:
    return [SelectChoice(code, str(LABELS[kind][code])) for code in codes]


def role_choices(roles) -> list[SelectChoice]:
    return [SelectChoice(role, str(ROLES[role])) for role in roles]


def talk_form(form, user, student, talk: Talk | None = None, *, fresh: bool | None = None):
    """`fresh`: fill the defaults (a GET, or the next form opened after a save)."""
    roles = talker_roles(user, student)
    if talk and talk.talker_role not in roles:
        roles.append(talk.talker_role)
    form.method.choices = _choices("method", METHODS)
    form.initiated_by.choices = _choices("initiator", INITIATORS)
    form.topics.choices = _choices("topic", TOPICS)
    form.root_cause.choices = [SelectChoice("", "—")] + _choices("root_cause", ROOT_CAUSES)
    form.talker_role.choices = role_choices(roles)
    form.parents_contacted.choices = [SelectChoice("", "—"),
                                      SelectChoice("yes", str(LABELS["yes_no"]["yes"])),
                                      SelectChoice("no", str(LABELS["yes_no"]["no"]))]
    if not (fresh if fresh is not None else not form.is_submitted()):
        return form
    if talk is None:
        form.held_on.data = clock.today()
        form.talkers.data = user.name
        form.talker_role.data = roles[0] if roles else None
        form.method.data, form.initiated_by.data = "face", "teacher"
    else:
        # Saved without a time (kept as midnight): the field stays empty, not "00:00".
        form.held_on.data = talk.held_at.date()
        form.held_time.data = talk.held_at.time() if talk.held_at.time() != time() else None
        form.parents_contacted.data = {True: "yes", False: "no"}.get(talk.parents_contacted, "")
    return form


def support_form(form):
    form.study_change.choices = _choices("study_change", STUDY_CHANGES)
    return form
