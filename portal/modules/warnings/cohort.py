"""The warnings module answers the core's "what became of a term's warned students": each
warned student of a term's published roster, and the next regular term's verdict — lifted,
eased, same, escalated, left — with GPA and outstanding failed credits before and after."""

from __future__ import annotations

from fractions import Fraction

from sqlalchemy import select

from portal.core.metrics import compute_term
from portal.core.models import Student, Term
from portal.core.standing import CohortRow
from portal.extensions import db

from . import roster
from .compute import attempts
from .explain import level_catalogue
from .models import Run, Warning

LEFT = ("suspended", "dropped")


def next_term(term: Term) -> Term | None:
    """The next first or second term (a summer term's grades count in the following term)."""
    later = db.session.scalars(select(Term).where(
        (Term.start_year > term.start_year)
        | ((Term.start_year == term.start_year) & (Term.n > term.n)))
        .order_by(Term.start_year, Term.n))
    return next((t for t in later if t.n != 3), None)


def _warned(term: Term, student_condition) -> list[tuple[Warning, Student]]:
    return list(db.session.execute(
        select(Warning, Student).join(Warning.student)
        .where(roster.current_condition(term.id, drafts=False), student_condition)
        .order_by(Student.student_no, Warning.id)).all())


def cohort(term_id: int, student_condition, *, outcomes: bool = True) -> list[CohortRow]:
    term = db.session.get(Term, term_id)
    if term is None:
        return []
    before = _warned(term, student_condition)
    if not before:
        return []
    later = next_term(term) if outcomes else None
    ids = [student.id for _w, student in before]
    after_rows = _warned(later, Student.id.in_(ids)) if later else []
    after = {(w.student_id, w.category): w for w, _s in after_rows}
    judged = bool(later and roster.current_runs(later.id, drafts=False))
    metrics_after = compute_term(attempts(later, student_ids=ids), later.key) if judged else {}
    runs = {w.run_id for w, _s in before} | {w.run_id for w, _s in after_rows}
    catalogue = level_catalogue(list(db.session.scalars(select(Run).where(Run.id.in_(runs)))))
    rows = []
    for warning, student in before:
        info = catalogue.get((warning.category, warning.level))
        again = after.get((student.id, warning.category))
        again_info = catalogue.get((again.category, again.level)) if again else None
        metrics = metrics_after.get(student.id)
        rows.append(CohortRow(
            student_id=student.id, category=warning.category, level=warning.level,
            label=info.label if info else warning.level, css=info.css if info else "none",
            rank=warning.level_rank, outcome=_outcome(student, warning, again, judged),
            next_label=again_info.label if again_info else None,
            gpa_before=_fraction(warning.metrics.get("gpa_cumulative")),
            gpa_after=metrics.gpa_cumulative if metrics else None,
            failed_before=_fraction(warning.metrics.get("outstanding_failed_credits")),
            failed_after=metrics.outstanding_failed_credits if metrics else None))
    return rows


def _outcome(student: Student, warning: Warning, again: Warning | None, judged: bool) -> str:
    if student.status in LEFT:
        return "left"
    if not judged:
        return "pending"
    if again is None:
        return "lifted"
    if again.level_rank < warning.level_rank:
        return "eased"
    return "same" if again.level_rank == warning.level_rank else "escalated"


def _fraction(text: str | None) -> Fraction | None:
    return Fraction(text) if text not in (None, "") else None


def terms() -> list[Term]:
    return roster.terms_with_runs(drafts=False)
