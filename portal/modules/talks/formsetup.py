"""Fill the talk forms' choices and defaults for one user and student."""

from __future__ import annotations

from datetime import time

from wtforms.fields.choices import SelectChoice

from portal.core import clock, support_floor
from portal.core.access import FILE_KEEPERS, roles_reaching
from portal.core.roles import ROLES

from .models import (
    INDIVIDUAL_METHODS,
    Initiator,
    Method,
    RootCause,
    StudyChange,
    Talk,
    Topic,
    YesNo,
)
from .records import talker_roles


def role_choices(roles) -> list[SelectChoice]:
    return [SelectChoice(role, str(ROLES[role])) for role in roles]


def talk_form(form, user, student, talk: Talk | None = None, *, fresh: bool | None = None):
    """`fresh`: fill the defaults (a GET, or the next form opened after a save)."""
    roles = talker_roles(user, student)
    if talk and talk.talker_role not in roles:
        roles.append(talk.talker_role)
    form.method.choices = Method.choices(codes=_methods(talk))
    form.initiated_by.choices = Initiator.choices()
    form.topics.choices = Topic.choices()
    form.root_cause.choices = RootCause.choices(blank="—")
    form.talker_role.choices = role_choices(roles)
    form.parents_contacted.choices = YesNo.choices(blank="—")
    if form.is_submitted():
        form.floor = support_floor.of_student(student, kept=talk.held_at.date() if talk else None)
    if not adds_opinion(user, student, talk):
        del form.counselor_opinion
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


def adds_opinion(user, student, talk: Talk | None) -> bool:
    """The supplementary opinion (辅导员的补充意见) is a counselor's over the student, added
    to a talk someone else recorded (a class advisor's) and signed as theirs on the printed
    form: not on a new talk nor on their own record, where it would be their own words
    again. Where it is not offered, a posted one is not read (records.fill)."""
    return (
        talk is not None
        and talk.recorded_by_id != user.id
        and bool(roles_reaching(user, student, FILE_KEEPERS))
    )


def _methods(talk: Talk | None) -> list[str]:
    """A talk with the student themself; a group meeting has its own form (Meeting). A record
    saved with another method (集体座谈, once offered) keeps it until someone changes it."""
    methods = [m.value for m in INDIVIDUAL_METHODS]
    if talk and talk.method not in methods and Method.find(talk.method) is not None:
        methods.append(talk.method)
    return methods


def support_form(form):
    form.study_change.choices = StudyChange.choices()
    return form
