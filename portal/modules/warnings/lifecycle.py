"""A computed roster is a draft; the secretary submits it; a leader approves (which
publishes it) or returns it with a comment. Only published rosters reach students and
the staff who help them; every step is kept. A publication is the core's signal
`roster_published`, for the modules that act on who is warned (peer help tells the staff of
a volunteer now warned)."""

from __future__ import annotations

from sqlalchemy import bindparam, or_, select

from portal.core import audit, signals
from portal.core.i18n import N_, kept
from portal.core.models import College, RoleGrant, User
from portal.core.notify import notify
from portal.extensions import db

from .lifting import propose_lifts
from .models import Run, RunEvent, Warning
from .notices import WITHDRAWN_ALL, WITHDRAWN_ONE
from .publication import Published, create_notices

ALLOWED = {"submit": ("draft", "returned"), "approve": ("submitted",), "return": ("submitted",)}
RESULT = {"submit": "submitted", "approve": "published", "return": "returned"}


class TransitionError(ValueError):
    pass


def transition(run: Run, action: str, *, user_id: int, comment: str = "") -> None:
    if run.status not in ALLOWED.get(action, ()):
        raise TransitionError(action)
    if action == "return" and not comment.strip():
        raise TransitionError("comment")
    if action == "approve" and _newer_published(run):
        raise TransitionError("superseded")
    if action in ("submit", "approve") and evaluated_nobody(run):
        raise TransitionError("no_grades")
    run.status = RESULT[action]
    # Publishing gives a notice to each student whose warning it states anew (they are
    # told); one it states unchanged keeps the notice they hold; one it no longer warns has
    # theirs withdrawn, and is told (publication.py).
    told = create_notices(run) if action == "approve" else Published(set(), set(), set())
    db.session.add(
        RunEvent(run_id=run.id, action=action, user_id=user_id, comment=comment.strip() or None)
    )
    if action == "approve":
        db.session.flush()
        propose_lifts(run)  # the warnings this roster ends (warning-rules.md §6)
        _announce(run)
    audit.record_on(run, "roster_" + action)
    _tell(run, action, comment, told)


def _announce(run: Run) -> None:
    """The core's `roster_published`, with the students the roster warns (a warning a
    proposal removed is not one)."""
    warned = db.session.scalars(
        select(Warning.student_id)
        .where(Warning.run_id == run.id, Warning.removed_at.is_(None))
        .distinct()
    )
    signals.send(
        signals.roster_published,
        term_id=run.term_id,
        term=run.term.code,
        college_id=run.college_id,
        warned=frozenset(warned),
    )


def evaluated_nobody(run: Run) -> bool:
    """A roster of a term nobody had grades in (computed before compute_run refused it, walk
    finding 4): publishing it would stand for the term and tell no one. A ruleset that does
    not evaluate the term (liaoning's first terms) evaluates nobody on purpose and says why."""
    return not run.evaluated and not run.skip_reason


def _newer_published(run: Run) -> bool:
    """A roster of the term published after this one was computed covers all its students
    (its college's, or one over all students): publishing this older one would give them
    notices no page follows, and tell them again."""
    newer = select(Run.id).where(
        Run.term_id == run.term_id,
        Run.status == "published",
        Run.id > run.id,
        or_(Run.college_id.is_(None), Run.college_id == run.college_id),
    )
    return db.session.scalar(newer.limit(1)) is not None


# What each of publication's students hears (`Published`, field by field).
_TOLD_AT_PUBLICATION = (
    N_("Your academic status for %(term)s is ready to read; it comes with an offer of help."),
    WITHDRAWN_ALL,
    WITHDRAWN_ONE,
)


# Earlier wordings, still read in notifications stored before the college was named.
_WORDED_BEFORE = (
    N_("A warning roster for %(term)s awaits your approval."),
    N_("The warning roster for %(term)s was returned: %(comment)s"),
    N_("The warning roster for %(term)s was approved and published."),
)


def _tell(run: Run, action: str, comment: str, told: Published) -> None:
    """Close the loop: leaders hear of a submission, the secretary of the decision, the
    students given a new notice of their warning, and those the roster no longer warns.
    Staff hear of a roster only while they act for its college (its page answers them): a
    secretary moved to another college is not told of the old one's decision."""
    submitter = _still_acting_for(run, _last_actor(run, "submit"))
    college = db.session.get(College, run.college_id) if run.college_id else None
    roster = {
        "term": run.term.code,
        "college": college.name if college else kept(N_("the whole school")),
        "link": f"/warnings/runs/{run.id}",
    }
    if action == "submit":
        notify(
            _leaders_of(run.college_id),
            N_("The warning roster of %(college)s for %(term)s awaits your approval."),
            **roster,
        )
    elif action == "return":
        notify(
            submitter,
            N_("The warning roster of %(college)s for %(term)s was returned: %(comment)s"),
            **roster,
            comment=comment.strip()[:200],
        )
    elif action == "approve":
        notify(
            submitter,
            N_("The warning roster of %(college)s for %(term)s was approved and published."),
            **roster,
        )
        for students, message in zip(told, _TOLD_AT_PUBLICATION, strict=True):
            notify(_accounts_of(students), message, term=run.term.code, link="/warnings/")


# Who opens a roster as its whole college's (roster.draft_colleges reads the same grants by
# permission): its secretary, its leader. Read as SQL, as `_leaders_of`.
_ROSTER_ROLES = ("secretary", "leader")


def _still_acting_for(run: Run, user_id: int | None) -> list[int]:
    """[`user_id`] while they still act for the run's whole college (or the school, for a
    school's run), so its page opens for them; else nobody."""
    if not user_id:
        return []
    held = db.session.scalar(
        select(RoleGrant.id)
        .where(
            RoleGrant.user_id == user_id,
            RoleGrant.role.in_(_ROSTER_ROLES),
            _over(run.college_id),
        )
        .limit(1)
    )
    return [user_id] if held is not None else []


def _over(college_id: int | None):
    """A grant over the whole school, or over this whole college (SQL)."""
    if college_id is None:
        return RoleGrant.scope_kind == "all"
    return RoleGrant.over_college(college_id)


def _last_actor(run: Run, action: str) -> int | None:
    return db.session.scalar(
        select(RunEvent.user_id)
        .where(RunEvent.run_id == run.id, RunEvent.action == action)
        .order_by(RunEvent.id.desc())
    )


def _leaders_of(college_id: int | None) -> list[int]:
    return list(
        db.session.scalars(
            select(RoleGrant.user_id).where(RoleGrant.role == "leader", _over(college_id))
        )
    )


def _accounts_of(students: set[int]) -> list[int]:
    if not students:
        return []
    # Written into the SQL, not bound one by one: a school tells thousands at once.
    chosen = bindparam("students", sorted(students), expanding=True, literal_execute=True)
    return list(db.session.scalars(select(User.id).where(User.student_id.in_(chosen))))
