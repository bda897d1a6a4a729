"""The term binder of a class (期末归档): every talk and parent record, the meeting minutes and
the pairing list of the class's students in one term, each record on its own A4 page, in
the order the modules' sections give — lzut §五.1 (汇总，按照学生班级装订成册), gxu (4)
材料归档 (座谈会记录, 帮扶结对情况表 each term). The core knows no module: sections come
through the module contract (`Module.binder`)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from flask import current_app, render_template
from flask_login import current_user
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from . import term_dates
from .access import can, grants_for
from .export import workbook_bytes
from .models import Major, SchoolClass, Student, Term
from .modules import BinderPage, BinderSection
from .roles import SELF_SCOPED_ROLES

PERMISSION = "students.binder"


@dataclass(frozen=True)
class Scope:
    """A class and a term, with the term's span: records held on `since` <= t < `until`."""

    school_class: SchoolClass
    term: Term
    since: datetime
    until: datetime

    @property
    def students(self):
        """SQL condition on `Student`: the class's students."""
        return Student.class_id == self.school_class.id

    def tied_to_a_student(self, link_to_record, link_student_id):
        """SQL condition: a row of a link table (a mentee, a meeting's attendee) ties the
        record to one of the class's students."""
        return exists().where(link_to_record, link_student_id == Student.id, self.students)

    def during(self, at):
        """SQL condition: the datetime column `at` falls in the term."""
        return and_(at >= self.since, at < self.until)

    def records(self, model, at) -> list:
        """The class's students' rows of `model` (by `model.student_id`) dated in the term
        by `at`, oldest first, each with its student."""
        return list(
            db.session.scalars(
                select(model)
                .join(Student, Student.id == model.student_id)
                .where(self.students, self.during(at))
                .options(selectinload(model.student))
                .order_by(at, model.id)
            )
        )


TERM_CODE = re.compile(r"(\d{4})-(\d{4})-([123])", re.ASCII)  # `?term=` too: no '٢٠٢٤'


def term_of(code: str) -> Term | None:
    """The term of this code: the stored one (with its dates), else an unsaved one — the
    records of a term are bound before its grades (which bring the term) are imported."""
    match = TERM_CODE.fullmatch(code or "")
    if not match or int(match[2]) != int(match[1]) + 1:
        return None
    stored = db.session.scalar(select(Term).where(Term.code == code))
    return stored or Term(code=code, start_year=int(match[1]), n=int(match[3]))


def current_code(today: date) -> str:
    """The term today falls in, by our convention (see term_span)."""
    if today.month >= 9:
        return f"{today.year}-{today.year + 1}-1"
    if today.month <= 2:
        return f"{today.year - 1}-{today.year}-1"
    return f"{today.year - 1}-{today.year}-2"


def term_codes(today: date) -> list[str]:
    """Stored terms and the current one, newest first."""
    codes = set(db.session.scalars(select(Term.code))) | {current_code(today)}
    return sorted(codes, reverse=True)


def term_span(term: Term) -> tuple[datetime, datetime]:
    """The administrator's dates when entered; otherwise (the policies are silent) our
    convention, term_dates.usual_span."""
    default = term_dates.usual_span(term.start_year, term.n)
    start = term.start_date or default[0]
    end = date.fromordinal(term.end_date.toordinal() + 1) if term.end_date else default[1]
    if end <= start:
        end = default[1] if default[1] > start else date(start.year + 1, start.month, 1)
    return datetime.combine(start, time()), datetime.combine(end, time())


def first_day(term: Term) -> date:
    return term_span(term)[0].date()


def last_day(term: Term) -> date:
    return term_span(term)[1].date() - timedelta(days=1)


def following(term: Term) -> Term:
    """The regular term after `term` (a summer term, 小学期, is part of the summer)."""
    year, n = (term.start_year, 2) if term.n == 1 else (term.start_year + 1, 1)
    return term_of(f"{year}-{year + 1}-{n}")


def classes_in_reach(user=None) -> list[SchoolClass]:
    """The classes the user's grants under the binder permission reach."""
    user = user if user is not None else current_user
    grants = [
        g
        for g in grants_for(user, PERMISSION)
        if g.role not in SELF_SCOPED_ROLES and g.scope_kind != "self"
    ]
    query = select(SchoolClass).join(Major).order_by(Major.college_id, Major.name, SchoolClass.name)
    if any(g.scope_kind == "all" for g in grants):
        return list(db.session.scalars(query))
    conditions = []
    for g in grants:
        column = {"college": Major.college_id, "major": Major.id, "class": SchoolClass.id}.get(
            g.scope_kind
        )
        if column is not None and g.scope_id is not None:
            conditions.append(column == g.scope_id)
    if not conditions:
        return []
    return list(db.session.scalars(query.where(or_(*conditions))))


def reaches(user, school_class: SchoolClass, permission: str) -> bool:
    for g in grants_for(user, permission):
        if g.role in SELF_SCOPED_ROLES or g.scope_kind == "self":
            continue
        if g.scope_kind == "all" or (g.scope_kind, g.scope_id) in (
            ("college", school_class.major.college_id),
            ("major", school_class.major_id),
            ("class", school_class.id),
        ):
            return True
    return False


def sections(scope: Scope, user=None) -> list[BinderSection]:
    """The binder's sections this user may read for this class, in the binder's order."""
    user = user if user is not None else current_user
    registry = current_app.extensions["portal.modules"]
    return [
        s
        for s in registry.binder_sections()
        if can(user, s.permission) and reaches(user, scope.school_class, s.permission)
    ]


def pages(scope: Scope) -> list[tuple[BinderSection, list[BinderPage]]]:
    """Each section with its pages, oldest first within a section."""
    return [
        (section, sorted(section.pages(scope), key=lambda p: _sortable(p.at)))
        for section in sections(scope)
    ]


def _sortable(at) -> datetime:
    return at if isinstance(at, datetime) else datetime.combine(at, time())


def workbook(scope: Scope) -> tuple[io.BytesIO, int]:
    sheets = [section.sheet(scope) for section in sections(scope) if section.sheet]
    sheets = [replace(s, rows=list(s.rows)) for s in sheets]  # counted, formats kept
    return workbook_bytes(sheets), sum(len(s.rows) for s in sheets)


_UNSAFE = re.compile(r"[^\w\-]+", re.UNICODE)


def zip_of_pages(scope: Scope) -> tuple[io.BytesIO, int]:
    """One standalone HTML file per page (numbered in the binder's order) and the stylesheet
    they link to, so the zip prints the same without the portal."""
    buffer, n = io.BytesIO(), 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for _section, items in pages(scope):
            for page in items:
                n += 1
                name = f"{n:03d}-{_UNSAFE.sub('-', page.title).strip('-')[:60] or 'page'}.html"
                archive.writestr(
                    name, render_template("binder/standalone.html", page=page, scope=scope)
                )
        with current_app.open_resource("static/app.css") as css:
            archive.writestr("app.css", css.read())
    buffer.seek(0)
    return buffer, n
