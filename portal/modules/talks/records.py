"""Talk records: create, edit with history, the numbered timeline, the due-list feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import literal, select
from sqlalchemy.orm import selectinload

from portal.core import revisions, standing
from portal.core.access import roles_reaching
from portal.core.dues import dates_by_student_and_role
from portal.core.i18n import N_
from portal.core.models import Revision, Student, User
from portal.core.notify import notify
from portal.extensions import db

from .models import TALKER_ROLES, Attendee, Meeting, Method, SupportPlan, Talk

EDITABLE = (
    "held_at",
    "place",
    "method",
    "initiated_by",
    "topics",
    "topic_other",
    "talker_role",
    "talkers",
    "first_impression",
    "content",
    "measures",
    "effect",
    "follow_up_on",
    "root_cause",
    "student_feedback",
    "parents_contacted",
    "referred",
    "counselor_opinion",
)


def talker_roles(user, student: Student | None = None) -> list[str]:
    """The roles a user can talk as (for this student): counselor and advisor first; any
    of them when none of the user's grants reaches the student."""
    return roles_reaching(user, student, TALKER_ROLES) or list(TALKER_ROLES)


def level_label(student: Student) -> str:
    return " · ".join(s.label for s in standing.of_student(student.id))


def held_at(day: date, at: time | None) -> datetime:
    return datetime.combine(day, at or time(0, 0))


def fill(talk: Talk, form) -> None:
    talk.held_at = held_at(form.held_on.data, form.held_time.data)
    talk.place = (form.place.data or "").strip() or None
    talk.method = form.method.data
    talk.initiated_by = form.initiated_by.data
    talk.topics = list(form.topics.data or [])
    talk.topic_other = (form.topic_other.data or "").strip() or None
    talk.talker_role = form.talker_role.data
    talk.talkers = form.talkers.data.strip()
    for name in (
        "first_impression",
        "content",
        "measures",
        "effect",
        "student_feedback",
        "counselor_opinion",
    ):
        if name in form:  # the counselor's opinion only on a counselor's form (formsetup)
            setattr(talk, name, (form[name].data or "").strip() or None)
    talk.content = talk.content or ""
    talk.follow_up_on = form.follow_up_on.data
    talk.root_cause = form.root_cause.data or None
    talk.parents_contacted = {"yes": True, "no": False}.get(form.parents_contacted.data)
    talk.referred = bool(form.referred.data)


def create(student: Student, form, user) -> Talk:
    talk = Talk(student_id=student.id, recorded_by_id=user.id, level_label=level_label(student))
    fill(talk, form)
    db.session.add(talk)
    db.session.flush()
    return talk


# What the student reads of a talk and confirms (talks/mine.html): the day, who talked (and
# as what), how, the topics and what was agreed. The rest is for staff only.
STUDENT_READS = ("held_at", "method", "talker_role", "talkers", "topics", "measures")
ASKED_AGAIN = N_(
    "The record of a talk with you was updated. Please take a moment to read it again under "
    "“My talks” and confirm it; your teachers are here to support you."
)


def update(talk: Talk, form, user) -> bool:
    """The edit kept in the history. A confirmed talk whose words for the student change
    (`STUDENT_READS`) is theirs to confirm again: they are told, and the earlier
    confirmation stays in the history; an edit of staff-only fields keeps it."""
    before = revisions.snapshot(talk, (*EDITABLE, "acknowledged_at"))
    read = _as_the_student_reads(talk)
    fill(talk, form)
    if talk.acknowledged_at is not None and _as_the_student_reads(talk) != read:
        talk.acknowledged_at = None
        accounts = db.session.scalars(select(User.id).where(User.student_id == talk.student_id))
        notify(list(accounts), ASKED_AGAIN, link="/talks/mine")
    db.session.flush()
    return revisions.keep_if_changed(talk, before, user_id=user.id)


def _as_the_student_reads(talk: Talk) -> tuple:
    """The held day, not its time: the student's page shows the day only."""
    shown = revisions.snapshot(talk, STUDENT_READS)
    return (talk.held_at.date(), *(shown[name] for name in STUDENT_READS[1:]))


def asked_again(talks) -> set[int]:
    """Of these talks, those the student confirmed once and is asked to confirm again (an
    edit took the confirmation back into the history): one query."""
    waiting = [t.id for t in talks if t.acknowledged_at is None]
    if not waiting:
        return set()
    revised = db.session.execute(
        select(Revision.object_id, Revision.before).where(
            Revision.object_type == Talk.__name__, Revision.object_id.in_(waiting)
        )
    )
    return {talk_id for talk_id, before in revised if (before or {}).get("acknowledged_at")}


# A talk with the student themself (与本人谈话): what 第 N 次 numbers and the talk dues count.
# A record kept as 集体座谈 (Method.GROUP, no longer offered) is a group meeting, as a Meeting is.
INDIVIDUAL = Talk.method != Method.GROUP


def is_individual(talk: Talk) -> bool:
    return talk.method != Method.GROUP


@dataclass
class Entry:
    """One line of a student's talk timeline: a talk, or a group meeting attended. Only an
    individual talk has a number (第 N 次谈话); a group meeting has none (0)."""

    at: datetime
    talk: Talk | None = None
    meeting: Meeting | None = None
    number: int = 0

    @property
    def role(self) -> str:
        return self.talk.talker_role if self.talk else self.meeting.talker_role

    @property
    def individual(self) -> bool:
        return self.talk is not None and is_individual(self.talk)


def timeline(student_id: int) -> list[Entry]:
    """Talks and meetings attended, oldest first; the individual talks numbered: the N of
    第 N 次谈话 (as numbers_for)."""
    entries = [
        Entry(t.held_at, talk=t)
        for t in db.session.scalars(
            select(Talk)
            .where(Talk.student_id == student_id)
            .options(selectinload(Talk.recorded_by))
        )
    ]
    entries += [
        Entry(m.held_at, meeting=m)
        for m in db.session.scalars(
            select(Meeting)
            .join(Attendee)
            .where(Attendee.student_id == student_id, Attendee.present.is_(True))
        )
    ]
    entries.sort(key=lambda e: (e.at, e.talk.id if e.talk else 0))  # as numbers_for
    talks = [e for e in entries if e.individual]
    for n, entry in enumerate(talks, start=1):
        entry.number = n
    return entries


def number_of(talk: Talk) -> int | None:
    """第 N 次 of an individual talk; None for a record kept as a group talk."""
    return numbers_for({talk.student_id}).get(talk.id)


def numbers_for(student_ids) -> dict[int, int]:
    """Talk id -> its N (第 N 次) for these students' individual talks: one query."""
    rows = db.session.execute(
        select(Talk.id, Talk.student_id)
        .where(Talk.student_id.in_(student_ids), INDIVIDUAL)
        .order_by(Talk.student_id, Talk.held_at, Talk.id)
    )
    numbers, counts = {}, {}
    for talk_id, sid in rows:
        counts[sid] = counts.get(sid, 0) + 1
        numbers[talk_id] = counts[sid]
    return numbers


def next_numbers(student_ids) -> dict[int, int]:
    """The N the next talk with each student gets (第 N 次): individual talks so far, plus
    one; the due lists show it, so the number there is the number saved."""
    counts = dict.fromkeys(student_ids, 0)
    for (sid,) in db.session.execute(
        select(Talk.student_id).where(Talk.student_id.in_(counts), INDIVIDUAL)
    ):
        counts[sid] += 1
    return {sid: n + 1 for sid, n in counts.items()}


def done_dates(student_condition) -> dict[tuple, list[date]]:
    """For the core's due lists, individual talks (与本人谈话): when each student matching the
    SQL condition had one, by the talker's role and method. A group meeting attended, or a
    talk recorded as 集体座谈, is not one: it meets only group-meeting obligations."""
    talks = (
        select(Talk.student_id, Talk.talker_role, Talk.held_at, Talk.method)
        .join(Student, Student.id == Talk.student_id)
        .where(student_condition, INDIVIDUAL)
    )
    return dates_by_student_and_role(db.session.execute(talks))


def meeting_dates(student_condition) -> dict[tuple, list[date]]:
    """For the core's due lists, group meetings (集体谈话, 座谈会): when each student was
    present at one, by the organiser's role (talks recorded as 集体座谈 included)."""
    meetings = (
        select(Attendee.student_id, Meeting.talker_role, Meeting.held_at)
        .join(Attendee.meeting)
        .join(Student, Student.id == Attendee.student_id)
        .where(student_condition, Attendee.present.is_(True))
    )
    group_talks = (
        select(Talk.student_id, Talk.talker_role, Talk.held_at)
        .join(Student, Student.id == Talk.student_id)
        .where(student_condition, ~INDIVIDUAL)
    )
    return dates_by_student_and_role(db.session.execute(meetings.union_all(group_talks)))


def support_plan_dates(student_condition) -> dict[tuple, list[date]]:
    """For the core's due lists: when each student's support-team plan (帮扶小组的个性化帮扶
    计划) was set up. The team's plan is no one role's record: it meets any role's rule."""
    plans = (
        select(SupportPlan.student_id, literal(""), SupportPlan.created_at)
        .join(Student, Student.id == SupportPlan.student_id)
        .where(student_condition)
    )
    return dates_by_student_and_role(db.session.execute(plans), stored=True)
