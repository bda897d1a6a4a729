"""The roster a user may see: current warnings of a term, filtered, counted, paged.

The current roster of a college for a term is its latest published run (the college's or
one over all students, whichever is newer); who reads drafts reads the newest draft only
where nothing is published yet, a newer draft being one click away (`roster=draft`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_login import current_user
from sqlalchemy import and_, bindparam, case, false, func, or_, select
from sqlalchemy.orm import contains_eager

from portal.core import student_status
from portal.core.access import can, school_wide, student_scope, whole_colleges
from portal.core.memo import per_request
from portal.core.models import College, Major, SchoolClass, Student, Term
from portal.core.numbers import whole_number
from portal.core.paging import paginate
from portal.core.search import student_matches
from portal.extensions import db

from .codes import Change, Receipt
from .models import Notice, Run, Warning

SORTS = {
    "student_no": (Student.student_no,),
    "name": (Student.name, Student.student_no),
    "class": (SchoolClass.name, Student.student_no),
    "level": (Warning.level_rank.desc(), Student.student_no),
}
CHANGES = (Change.NEW, Change.CONTINUING, Change.ESCALATED, Change.EASED, Change.SAME)
SINCE_LAST_TERM = CHANGES[:-1]  # the roster's filter: a warning is never "same" as last term
RECEIPTS = tuple(Receipt)


# The query names Filters.from_args reads: what a link back to the roster may carry.
QUERY_NAMES = (
    "term", "college", "major", "class", "year", "category", "level", "change", "q",
    "receipt", "flag", "roster", "sort", "page",
)  # fmt: skip


@dataclass
class Filters:
    term_id: int | None = None
    college_id: int | None = None
    major_id: int | None = None
    class_id: int | None = None
    grade_year: int | None = None
    category: str | None = None
    level: str | None = None
    change: str | None = None
    q: str = ""
    receipt: str | None = None
    flag: str | None = None  # a key-group flag (students.flags only)
    # "draft": each college's newest run, a draft included; "published": published runs
    # only (the dashboard's counts, never a draft waiting for approval)
    roster: str | None = None
    sort: str = "level"
    page: int = 1
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_args(cls, args) -> Filters:
        def number(name):  # not a number (`?term=²`): as if not asked, no filter
            return whole_number(args.get(name))

        sort = args.get("sort", "level")
        change = args.get("change") or None
        receipt = args.get("receipt") or None
        return cls(
            term_id=number("term"),
            college_id=number("college"),
            major_id=number("major"),
            class_id=number("class"),
            grade_year=number("year"),
            category=(args.get("category") or None),
            level=(args.get("level") or None),
            change=change if change in SINCE_LAST_TERM else None,
            q=args.get("q", "").strip()[:40],
            receipt=receipt if receipt in RECEIPTS else None,
            flag=student_status.valid_flag(args.get("flag")),
            roster="draft" if args.get("roster") == "draft" else None,
            sort=sort if sort in SORTS else "level",
            page=number("page") or 1,
        )

    @staticmethod
    def query(args) -> dict[str, str]:
        """The roster's own filters among `args`, for a link that keeps them: never a name
        `url_for` reads itself (`_external`, `_method`, `endpoint`) nor anything else."""
        return {name: args[name] for name in QUERY_NAMES if args.get(name)}

    @property
    def drafts(self) -> str | bool | None:
        """current_runs' `drafts` for the rows listed."""
        return {"draft": NEWEST, "published": False}.get(self.roster)


DRAFT_READERS = ("warnings.manage", "warnings.approve")


def draft_colleges() -> frozenset[int | None]:
    """Whose rosters the user reads before publication: the colleges they compute for (the
    secretary) or approve for (the leader) as a whole college; None stands for the runs over
    the whole school, read by who holds one of those rights over the school. A grant of
    another role, or over a major or a class only, reads published rosters alone."""
    return per_request("draft_colleges", (), _draft_colleges)


def _draft_colleges() -> frozenset:
    ids = {c.id for p in DRAFT_READERS for c in whole_colleges(p)}
    if any(school_wide(p) for p in DRAFT_READERS):
        ids.add(None)
    return frozenset(ids)


def sees_drafts() -> bool:
    return bool(draft_colleges())


def opens_run(run: Run) -> bool:
    """Whether the user may open this computed roster (drafts included)."""
    return run.college_id in draft_colleges()


NEWEST = "newest"


def _visible_runs(drafts: bool | str | None):
    if drafts is True:
        return select(Run)
    published = Run.status == "published"
    colleges = frozenset() if drafts is False else draft_colleges()
    if None in colleges:
        return select(Run)
    if colleges:
        return select(Run).where(or_(published, Run.college_id.in_(colleges)))
    return select(Run).where(published)


def terms_with_runs(drafts: bool | None = None) -> list[Term]:
    runs = _visible_runs(drafts).with_only_columns(Run.term_id)
    return list(
        db.session.scalars(
            select(Term).where(Term.id.in_(runs)).order_by(Term.start_year.desc(), Term.n.desc())
        )
    )


def first_term_id() -> int | None:
    """The term the roster list shows when none is asked: the newest with a roster the user
    reads (views._filters)."""
    terms = terms_with_runs()
    return terms[0].id if terms else None


def current_runs(term_id: int, drafts: bool | str | None = None) -> dict[int | None, int]:
    """The current run id per college (None: a run over all students, for the colleges
    without a current run of their own) for the term; a fresh dict (callers pop from it),
    read once a request. `drafts`:

    - None: the runs the user may read, a published one before any newer draft; a college
      with nothing published for the term gets its newest draft (the secretary checks a
      first draft). For who reads no drafts: the latest published run.
    - NEWEST: the runs the user may read, the newest first, drafts included.
    - True: every run, the newest first (proposals change the roster being worked on).
    - False: published runs only.
    """

    def read():
        runs = _visible_runs(drafts).where(Run.term_id == term_id).subquery()
        published = func.max(case((runs.c.status == "published", runs.c.id)))
        rows = db.session.execute(
            select(runs.c.college_id, published, func.max(runs.c.id)).group_by(runs.c.college_id)
        ).all()
        return _resolve({c: (p if drafts is None else None, newest) for c, p, newest in rows})

    visible = draft_colleges() if drafts in (None, NEWEST) else ()
    return dict(per_request("current_runs", (term_id, drafts, visible), read))


def _resolve(found: dict) -> dict[int | None, int]:
    """college -> (its latest published run or None, its newest run) resolved into the
    current run per college: the latest published of the college's and the overall run,
    else the newest of them. A college whose current run is the overall one has no entry:
    the overall run stands for it."""
    overall_published, overall_newest = found.get(None, (None, None))
    overall = overall_published or overall_newest
    chosen = {} if overall is None else {None: overall}
    for college_id, (published, newest) in found.items():
        if college_id is None:
            continue
        candidates = [r for r in (published, overall_published) if r is not None] or [
            r for r in (newest, overall_newest) if r is not None
        ]
        run_id = max(candidates)
        if run_id != overall:
            chosen[college_id] = run_id
    return chosen


def current_condition(term_id: int, drafts: bool | str | None = None):
    """SQL condition selecting, per college, the warnings of its current visible run."""
    runs = current_runs(term_id, drafts)
    overall = runs.pop(None, None)
    return and_(Warning.removed_at.is_(None), _run_condition(runs, overall))


def _run_condition(runs: dict, overall: int | None, run_column=Warning.run_id):
    """Each college's own current run for its students, the overall run for the rest."""
    conditions = [
        and_(run_column == run_id, Student.college_id == college_id)
        for college_id, run_id in runs.items()
    ]
    if overall is not None:
        conditions.append(
            and_(run_column == overall, Student.college_id.not_in(list(runs)))
            if runs
            else run_column == overall
        )
    return or_(*conditions) if conditions else false()


def runs_condition(term_id: int, run_column, drafts: bool | None = False):
    """Like current_condition, for another table keyed by run (the stored metrics)."""
    runs = current_runs(term_id, drafts)
    overall = runs.pop(None, None)
    return _run_condition(runs, overall, run_column)


def base_query(filters: Filters, permission: str = "warnings.view"):
    query = (
        select(Warning)
        .join(Warning.student)
        .join(Student.school_class)
        .options(contains_eager(Warning.student).contains_eager(Student.school_class))
        .where(listed_condition(filters, permission), student_scope(permission))
    )
    for column, value in (
        (Student.college_id, filters.college_id),
        (Student.major_id, filters.major_id),
        (Student.class_id, filters.class_id),
        (Student.grade_year, filters.grade_year),
        (Warning.category, filters.category),
        (Warning.since_last_term, filters.change),
    ):
        if value is not None:
            query = query.where(column == value)
    if filters.q:
        query = query.where(student_matches(filters.q))
    if filters.receipt:
        query = query.where(_receipt_condition(filters.receipt))
    if filters.flag and can(current_user, "students.flags"):
        query = query.where(
            student_status.flag_condition(filters.flag), student_scope("students.flags")
        )
    return query


def listed_condition(filters: Filters, permission: str):
    """The rows the roster lists at T: T's own roster's and, once every roster of T is
    published, the earlier warnings still standing at T (carried, warning-rules.md §6), as
    its per-level counts count them."""
    rows = current_condition(filters.term_id, filters.drafts)
    carried = carried_rows(filters, permission)
    if not carried:
        return rows
    # Written into the SQL, not bound one by one: a school carries tens of thousands (a
    # driver takes at most 65,535 parameters a statement).
    ids = bindparam("carried", sorted(carried), expanding=True, literal_execute=True)
    return or_(rows, Warning.id.in_(ids))


def carried_rows(filters: Filters, permission: str = "warnings.view") -> dict[int, int]:
    """warning id -> term since which warned, of the carried rows `listed_condition` adds."""
    if not filters.term_id or not _all_published(filters.term_id, filters.drafts):
        return {}
    from .cohort import carried  # deferred: .cohort imports this module

    return carried(filters.term_id, _standing_condition(filters, permission))


def _receipt_condition(receipt: str):
    """none: the parent copy has not gone out; sent: out, no receipt yet; returned."""
    notice = select(Notice.id).where(
        Notice.run_id == Warning.run_id, Notice.student_id == Warning.student_id
    )
    if receipt == "returned":
        return notice.where(Notice.receipt_returned_on.is_not(None)).exists()
    if receipt == "sent":
        return notice.where(
            Notice.parent_sent_on.is_not(None), Notice.receipt_returned_on.is_(None)
        ).exists()
    return ~notice.where(Notice.parent_sent_on.is_not(None)).exists()


def level_counts(filters: Filters, permission: str = "warnings.view") -> dict[tuple, int]:
    """(category, level) -> how many stand warned there at the term (warning-rules.md §6:
    carried warnings and suspended students included, a proposed lifting not), for the
    filters other than the level itself. A term whose listed roster is still a draft (the
    secretary and leaders see it before publication) is counted as that roster stands."""
    if not _all_published(filters.term_id, filters.drafts):
        return _roster_level_counts(filters, permission)
    from .cohort import standing_counts

    counts = standing_counts(filters.term_id, _student_condition(filters, permission))
    if filters.category is not None:
        counts = {k: n for k, n in counts.items() if k[0] == filters.category}
    return counts


def _all_published(term_id: int | None, drafts: str | bool | None = None) -> bool:
    ids = list(current_runs(term_id, drafts).values()) if term_id else []
    if not ids:
        return True

    def read():
        return not db.session.scalar(
            select(func.count()).select_from(Run).where(Run.id.in_(ids), Run.status != "published")
        )

    return per_request("all_published", tuple(sorted(ids)), read)


def _student_condition(filters: Filters, permission: str):
    """The filters that are about students, as one condition on Student; those about a
    roster row (its change, the parent copy's receipt) keep the students with such a row."""
    condition = _standing_condition(filters, permission)
    if filters.change or filters.receipt:
        rows = base_query(filters, permission).with_only_columns(Warning.student_id)
        return and_(condition, Student.id.in_(rows))
    return condition


def _standing_condition(filters: Filters, permission: str):
    """The filters about the student alone (scope, unit, name, flag)."""
    conditions = [student_scope(permission)]
    for column, value in (
        (Student.college_id, filters.college_id),
        (Student.major_id, filters.major_id),
        (Student.class_id, filters.class_id),
        (Student.grade_year, filters.grade_year),
    ):
        if value is not None:
            conditions.append(column == value)
    if filters.q:
        conditions.append(student_matches(filters.q))
    if filters.flag and can(current_user, "students.flags"):
        conditions += [student_status.flag_condition(filters.flag), student_scope("students.flags")]
    return and_(*conditions)


def _roster_level_counts(filters: Filters, permission: str) -> dict[tuple, int]:
    inner = base_query(filters, permission).with_only_columns(
        Warning.category, Warning.level, Warning.level_rank
    )
    sub = inner.subquery()
    rows = db.session.execute(
        select(sub.c.category, sub.c.level, func.count()).group_by(sub.c.category, sub.c.level)
    ).all()
    return {(c, lvl): n for c, lvl, n in rows}


def page_of_warnings(filters: Filters, permission: str = "warnings.view"):
    query = base_query(filters, permission)
    if filters.level:
        category, _sep, level = filters.level.partition(":")
        query = query.where(Warning.category == category, Warning.level == level)
    query = query.order_by(*SORTS[filters.sort])
    return paginate(query, page=filters.page, error_out=False, count=True)


def units_in_scope(permission: str = "warnings.view") -> dict[str, list]:
    """Colleges, majors and classes the user may filter by (one query each)."""
    scoped = select(Student.class_id).where(student_scope(permission)).distinct()
    classes = list(
        db.session.scalars(
            select(SchoolClass).where(SchoolClass.id.in_(scoped)).order_by(SchoolClass.name)
        )
    )
    colleges = list(
        db.session.scalars(
            select(College)
            .where(
                College.id.in_(
                    select(Student.college_id).where(student_scope(permission)).distinct()
                )
            )
            .order_by(College.name)
        )
    )
    majors = list(
        db.session.scalars(
            select(Major)
            .where(
                Major.id.in_(select(Student.major_id).where(student_scope(permission)).distinct())
            )
            .order_by(Major.name)
        )
    )
    return {"classes": classes, "colleges": colleges, "majors": majors}
