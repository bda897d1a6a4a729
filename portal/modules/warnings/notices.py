"""Notices (学业警示通知书): made at publication (publication.py), confirmed (签字确认) or
objected to by the student, objections answered by the secretary, parent copies and their
receipts recorded."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from portal.core import audit, cadence_policies, clock
from portal.core.access import in_scope
from portal.core.i18n import N_
from portal.core.models import RoleGrant, Student, Term, User
from portal.core.models.base import utcnow
from portal.core.notify import notify
from portal.extensions import db

from .codes import NOTICE_KINDS, kind_of
from .models import CLOSED, CollegeRuleset, Notice, Run, Warning
from .proposal_outcomes import tell_withdrawn
from .publication import drop


class NoticeError(ValueError):
    pass


# What a notice withdrawn after an objection carried of that objection and its copies: a
# warning given again is a new notice (the audit trail keeps the old one's steps).
_ISSUED_AFRESH = (
    "confirmed_at", "confirmed_by_id", "objection", "objected_at", "answer", "answered_by_id",
    "answered_at", "parent_method", "parent_reference", "parent_sent_on", "receipt_returned_on",
    "parent_remarks",
)  # fmt: skip


def _issue_again(notice: Notice) -> None:
    for name in _ISSUED_AFRESH:
        setattr(notice, name, None)
    notice.state, notice.created_at = "pending", utcnow()


def notice_for_added(run: Run, student_id: int, category: str) -> Notice | None:
    """A student added to a published roster (an accepted proposal) gets their notice at
    once, with the same steps; a notice already confirmed that now reads differently asks
    to be confirmed again. Nothing for a roster not yet published (publication makes it)."""
    if run.status != "published":
        return None
    kind = kind_of(category)
    notice = db.session.scalar(
        select(Notice).where(
            Notice.run_id == run.id, Notice.student_id == student_id, Notice.kind == kind
        )
    )
    if notice is None:
        notice = Notice(
            run_id=run.id, student_id=student_id, kind=kind, state="pending", created_at=utcnow()
        )
        db.session.add(notice)
    elif notice.state in ("confirmed", "upheld"):
        notice.state, notice.confirmed_at, notice.confirmed_by_id = "pending", None, None
    elif notice.closed:
        _issue_again(notice)
    else:
        return notice
    db.session.flush()
    audit.record_on(notice, "notice_issued")
    notify(
        _account_of(student_id),
        N_("Your academic status for %(term)s is ready to read; it comes with an offer of help."),
        term=run.term.code,
        link=f"/warnings/notices/{notice.id}",
    )
    return notice


def warnings_of(notice: Notice) -> list[Warning]:
    """What the notice states. A notice withdrawn after an objection still says what was
    withdrawn: the warnings its answer took off the roster (not those a proposal removed)."""
    stated = (
        Warning.removed_by_proposal_id.is_(None)
        if notice.state == "withdrawn"
        else Warning.removed_at.is_(None)
    )
    found = db.session.scalars(
        select(Warning)
        .where(Warning.run_id == notice.run_id, Warning.student_id == notice.student_id, stated)
        .order_by(Warning.category)
    )
    return [w for w in found if kind_of(w.category) == notice.kind]


def first_talk_days(college_id: int, category: str, level: str) -> int | None:
    """Within how many days of publication the college's cadence policy owes the first talk
    at this level, inherited rules included (the core reads the policy)."""
    return cadence_policies.first_talk_days(college_id, category, level)


def notice_first_talk(notice: Notice, warnings: list[Warning]) -> int | None:
    days = [
        d
        for w in warnings
        if (d := first_talk_days(notice.student.college_id, w.category, w.level))
    ]
    return min(days) if days else None


def office_phone(college_id: int) -> str | None:
    setting = db.session.get(CollegeRuleset, college_id)
    return setting.office_phone if setting else None


def confirm(notice: Notice, user_id: int) -> None:
    if notice.state not in ("pending", "upheld"):
        raise NoticeError("state")
    notice.state, notice.confirmed_at, notice.confirmed_by_id = "confirmed", utcnow(), user_id


def object_to(notice: Notice, reason: str, user_id: int) -> None:
    if notice.state != "pending":
        raise NoticeError("state")
    if not reason.strip():
        raise NoticeError("reason")
    notice.state, notice.objection, notice.objected_at = "objected", reason.strip(), utcnow()
    notify(
        _secretaries_for(notice.student),
        N_("A student objected to an academic warning notice."),
        link="/warnings/objections",
    )


def _secretaries_for(student) -> list[int]:
    users = db.session.scalars(select(User).where(User.grants.any(RoleGrant.role == "secretary")))
    return [user.id for user in users if in_scope(student, "warnings.manage", user)]


def answer(notice: Notice, *, uphold: bool, text: str, user_id: int) -> None:
    """Uphold (the student reads the answer) or withdraw (the warnings leave the roster)."""
    if notice.state != "objected":
        raise NoticeError("state")
    if not text.strip():
        raise NoticeError("answer")
    notice.state = "upheld" if uphold else "withdrawn"
    notice.answer, notice.answered_by_id, notice.answered_at = text.strip(), user_id, utcnow()
    if not uphold:
        withdrawn = warnings_of(notice)
        for warning in withdrawn:
            warning.removed_at = utcnow()
        tell_withdrawn(withdrawn)
    audit.record_on(notice, "objection_" + notice.state)
    notify(
        _account_of(notice.student_id),
        N_("Your objection has been answered.")
        if uphold
        else N_("Your objection was accepted; the warning has been withdrawn."),
        link=f"/warnings/notices/{notice.id}",  # where the answer is, in full
    )


def answered_objections(student_id: int) -> list[Notice]:
    """The student's answered objections on the notices of their latest term with a notice,
    newest answer first: their home card tells the outcome (a withdrawn warning leaves the
    roster, so the card's story of the term may have nothing else to say)."""
    rows = db.session.execute(
        select(Notice, Run.term_id)
        .join(Notice.run)
        .join(Run.term)
        .where(Notice.student_id == student_id)
        .order_by(Term.start_year.desc(), Term.n.desc(), Notice.answered_at.desc())
    ).all()
    latest = rows[0].term_id if rows else None
    # A notice a corrected roster withdrew has nothing to answer for any more.
    return [
        notice
        for notice, term in rows
        if term == latest and notice.objection_outcome and notice.state != "dropped"
    ]


def answered_in(scope_clause, limit: int = 50) -> list[Notice]:
    """The latest answered objections of the students `scope_clause` selects, newest first,
    with the student, the term and who answered loaded in the same query."""
    return list(
        db.session.scalars(
            select(Notice)
            .join(Notice.student)
            .options(
                contains_eager(Notice.student),
                joinedload(Notice.answered_by),
                # The term's name only: not each row's copy of the roster's ruleset.
                joinedload(Notice.run).load_only(Run.term_id).joinedload(Run.term),
            )
            .where(Notice.answered_at.is_not(None), Notice.state != "objected", scope_clause)
            .order_by(Notice.answered_at.desc())
            .limit(limit)
        )
    )


# What a student hears when a corrected roster, or an accepted removal, withdraws all of
# their notices of the term, or one of two (USTL's 降级/退学 beside 学位).
WITHDRAWN_ALL = N_(
    "The corrected roster of %(term)s no longer lists you: "
    "your academic warning for that term is withdrawn."
)
WITHDRAWN_ONE = N_(
    "The corrected roster of %(term)s withdraws one of your notices for that "
    "term; the other still stands, with its offer of help."
)


def withdraw_removed(run: Run, student_id: int, proposal_id: int) -> None:
    """A student taken off a published roster (an accepted removal: grades corrected, a
    make-up passed) no longer holds the notices it stated: withdrawn ("dropped") as a
    corrected roster withdraws them (publication.drop), kept for the record — the audit row
    naming the proposal, not a new roster — the student told. Nothing for a roster not yet
    published (it has no notices)."""
    if run.status != "published":
        return
    on_run = (Warning.run_id == run.id, Warning.student_id == student_id)
    stated = {
        kind_of(category)
        for category in db.session.scalars(
            select(Warning.category).where(*on_run, Warning.removed_at.is_(None))
        )
    }
    held = db.session.scalars(
        select(Notice).where(
            Notice.run_id == run.id,
            Notice.student_id == student_id,
            Notice.state.not_in(CLOSED),
        )
    ).all()
    gone = {(student_id, n.kind): (n.id, run.id) for n in held if n.kind not in stated}
    if gone:  # withdrawn as a corrected roster withdraws them, its proposers told
        drop(run, gone, removed_by=proposal_id)
        message = WITHDRAWN_ONE if stated else WITHDRAWN_ALL
        notify(_account_of(student_id), message, term=run.term.code, link="/warnings/")


def _account_of(student_id: int) -> list[int]:
    return list(db.session.scalars(select(User.id).where(User.student_id == student_id)))


def record_parent(
    notice: Notice,
    *,
    method: str,
    reference: str,
    sent_on: date | None,
    returned_on: date | None,
    remarks: str,
) -> None:
    """The parent copy as its form (forms.ParentCopyForm) accepted it: a method of the set,
    each date one of what has happened since the notice was issued, in order."""
    notice.parent_method, notice.parent_reference = method, reference.strip()[:60] or None
    notice.parent_sent_on, notice.receipt_returned_on = sent_on, returned_on
    notice.parent_remarks = remarks.strip() or None


def confirm_days(college_id: int) -> int:
    setting = db.session.get(CollegeRuleset, college_id)
    return setting.confirm_days if setting else 7


def superseded():
    """SQL: a newer published roster of the notice's term covers its student — their
    college's own or one over all students (roster.current_runs). The notice stands as it
    was, but is no longer followed up: that roster gave the student a new notice, or no
    longer warns them; one it states unchanged moved to it (publication._keep). Correlated
    with the query's Notice and Student."""
    newer, own = aliased(Run), aliased(Run)
    return (
        select(newer.id)
        .where(
            own.id == Notice.run_id,
            newer.term_id == own.term_id,
            newer.status == "published",
            newer.id > Notice.run_id,
            or_(newer.college_id.is_(None), newer.college_id == Student.college_id),
        )
        .exists()
    )


# Asking for the student's confirmation: not yet confirmed, or upheld after their objection.
ASKING = ("pending", "upheld")


def lifted():
    """SQL: the notice asks for the student's confirmation (ASKING), and every warning it
    states has since been lifted, the secretary having confirmed the lifting (a lifting only
    proposed keeps the warning, and so its notice, current: warning-rules.md §6). Nothing is
    asked of the student any more: their pages offer no button to confirm it, and the list
    of notices not yet confirmed does not chase it. A warning renewed term after term is
    lifted at its latest term: a confirmed lifting of the student's warning in the category
    at the notice's term or later ended it. Correlated with the query's Notice."""
    stated, ended = aliased(Warning), aliased(Warning)
    stated_run, ended_run = aliased(Run), aliased(Run)
    stated_term, ended_term = aliased(Term), aliased(Term)
    kind = case(
        *((stated.category == category, k) for category, k in NOTICE_KINDS.items()),
        else_="warning",
    )
    on_notice = (
        stated.run_id == Notice.run_id,
        stated.student_id == Notice.student_id,
        stated.removed_at.is_(None),
        kind == Notice.kind,
    )
    lifted_since = (
        select(ended.id)
        .join(ended_run, ended_run.id == ended.run_id)
        .join(ended_term, ended_term.id == ended_run.term_id)
        .where(
            ended.student_id == stated.student_id,
            ended.category == stated.category,
            ended.lifted_at.is_not(None),
            or_(
                ended_term.start_year > stated_term.start_year,
                and_(
                    ended_term.start_year == stated_term.start_year, ended_term.n >= stated_term.n
                ),
            ),
        )
        .exists()
    )
    standing = (
        select(stated.id)
        .join(stated_run, stated_run.id == stated.run_id)
        .join(stated_term, stated_term.id == stated_run.term_id)
        .where(*on_notice, ~lifted_since)
        .exists()
    )
    return and_(Notice.state.in_(ASKING), select(stated.id).where(*on_notice).exists(), ~standing)


def lifted_among(notices) -> set[int]:
    """The ids of those of `notices` that `lifted` says no longer ask for confirmation."""
    ids = {n.id for n in notices if n.state in ASKING}
    if not ids:
        return set()
    return set(db.session.scalars(select(Notice.id).where(Notice.id.in_(ids), lifted())))


def overdue(notices: list[Notice], today: date) -> list[Notice]:
    """Pending notices older than their college's N days, counted from the day they were
    issued on the college's clock (the day the pages show), as `today` is."""
    days: dict[int, int] = {}
    late = []
    for notice in notices:
        college = notice.student.college_id
        days.setdefault(college, confirm_days(college))
        if (
            notice.state == "pending"
            and clock.day_of(notice.created_at) + timedelta(days=days[college]) < today
        ):
            late.append(notice)
    return late


def notices_for(warnings) -> dict[tuple[int, int, str], Notice]:
    """The notices of the rows on a page, in one query, keyed by (run, student, kind): a
    liaoning student has a 降级/退学 and a 学位 notice on one roster."""
    keys = {(w.run_id, w.student_id) for w in warnings}
    if not keys:
        return {}
    found = db.session.scalars(
        select(Notice).where(
            Notice.run_id.in_({k[0] for k in keys}), Notice.student_id.in_({k[1] for k in keys})
        )
    )
    return {(n.run_id, n.student_id, n.kind): n for n in found if (n.run_id, n.student_id) in keys}


def notices_by_row(notices: dict) -> dict[tuple[int, int], list[Notice]]:
    """(run, student) -> each of the student's notices on that roster, by kind."""
    rows: dict[tuple[int, int], list[Notice]] = {}
    for (run_id, student_id, _kind), notice in sorted(notices.items()):
        rows.setdefault((run_id, student_id), []).append(notice)
    return rows
