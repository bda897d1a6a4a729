"""Make-ups in a grades file (补考): "A make-up attempt carries the same term as the regular
attempt it repairs" (warning-rules.md §1). A make-up row dated in another term than its
student's regular attempt of the course (in the file or already stored) is a bad row: it
would count in that term and change its roster. A retake carries its own term, so retakes
are not checked. A make-up with no regular attempt anywhere is imported: §1 names no such
bad row, and it repairs nothing in any term's figures."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select, tuple_

from ..extensions import db
from .i18n import _l
from .models import GradeRecord, Term
from .xlsx import RowError

_CHUNK = 2000  # (student, course) pairs a query: 4,000 parameters, within every database's limit


class MakeUps:
    """Collects the file's make-up keys while it is read, and judges them once it is read
    whole (a regular attempt may come after its make-up). The stored regular attempts are
    read only for make-ups the file does not repair itself: none, for a term's full export."""

    def __init__(self, headers: dict[str, str]):
        self.headers = headers
        self.keys: set[tuple] = set()
        # (student, term, course) of regular attempts in rows refused for another reason:
        # their make-ups are not blamed for what the row's own error already says.
        self.refused_regulars: set[tuple] = set()

    def refused(self, attempts: list[dict]) -> None:
        self.refused_regulars.update(
            (a["student_id"], a["term"], a["course_code"])
            for a in attempts
            if a["kind"] == "regular"
        )

    def refusals(self, records: dict, voided: set) -> list[RowError]:
        """A bad row for each make-up whose regular attempt is in another term only."""
        orphans = [
            key
            for key in self.keys
            if (*key[:3], "regular") not in records and key[:3] not in self.refused_regulars
        ]
        if not orphans:
            return []
        pairs = {(student, course) for student, _term, course, _kind in orphans}
        regular_terms = _stored_regular_terms(pairs)
        for student, term, course, kind in voided:  # stored, but this file deletes it
            if kind == "regular":
                regular_terms.get((student, course), set()).discard(term)
        for student, term, course, kind in records:
            if kind == "regular" and (student, course) in pairs:
                regular_terms.setdefault((student, course), set()).add(term)
        errors = []
        for student, term, course, kind in orphans:
            terms = regular_terms.get((student, course), set())
            if terms and term not in terms:
                row = records[(student, term, course, kind)][0]
                errors.append(self._refusal(row, term, course, terms))
        return errors

    def _refusal(self, row: int, term: str, course: str, elsewhere: set[str]) -> RowError:
        return RowError(
            row,
            self.headers.get("term") or self.headers["academic_year"],
            _l(
                "A make-up exam carries the term of the regular exam it repairs: the "
                "regular exam of %(course)s is in %(terms)s, not in %(term)s",
                course=course,
                terms=", ".join(sorted(elsewhere)),
                term=term,
            ),
        )


def _stored_regular_terms(pairs: set[tuple[int, str]]) -> dict[tuple[int, str], set[str]]:
    """(student id, course) -> the terms of its stored regular attempts."""
    found: dict[tuple[int, str], set[str]] = defaultdict(set)
    ordered = sorted(pairs)
    for start in range(0, len(ordered), _CHUNK):
        query = (
            select(GradeRecord.student_id, GradeRecord.course_code, Term.code)
            .join(Term, Term.id == GradeRecord.term_id)
            .where(
                GradeRecord.kind == "regular",
                tuple_(GradeRecord.student_id, GradeRecord.course_code).in_(
                    ordered[start : start + _CHUNK]
                ),
            )
        )
        for student, course, code in db.session.execute(query):
            found[(student, course)].add(code)
    return dict(found)
