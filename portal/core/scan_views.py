"""The page of a paper record kept with its scans (the signed copy lzut asks to keep), the
POST that attaches one, and its printable page: the same three routes for each such record
(a talk, a parent contact), added to its module's blueprint by `add_routes`; and what its
module's edit form shares with them, who may change such a record and how the edit ends."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask import Blueprint, url_for
from flask_login import current_user

from . import attachments
from .access import (
    can,
    changes_record,
    hide,
    in_scope,
    reads_record,
    require,
    student_record_or_404,
)
from .audit import record_view_now
from .form_views import after_edit, commit_and_redirect, save_edit
from .forms import AttachmentForm
from .htmx import render
from .revisions import history


def _nothing_more(_record) -> dict:
    return {}


@dataclass(frozen=True)
class ScannedRecordPage:
    """One kind of scanned record as its module declares it; its page extends
    scanned_record.html, and the module keeps its own `student_tab` and `edit` routes."""

    model: type  # the record's model; it has `.student` and `.recorded_by_id`
    module: str  # its module (blueprint) name: `<module>/<name>.html`, `<module>.<name>` scans
    name: str  # the record's name in the templates and its routes (`<name>_id`, `print_<name>`)
    attach_permission: str  # who records, edits and attaches scans (and sees the upload form)
    read_permission: str  # who reads such records and their scans
    attached: str  # what is said once a scan is attached (a lazy string)
    tab_link: str  # the page's link to the student's tab of such records (a lazy string)
    print_link: str  # its link to the printable page (a lazy string)
    title: str  # the printed record's title, "Talk record" (a lazy string)
    back_label: str  # the printed page's way back to the record's page (a lazy string)
    editable: Sequence[str]  # the fields an edit may change (kept in the record's history)
    update: Callable[[object, object, object], bool]  # (record, form, user): True if changed
    sensitive: Sequence[str] = ()  # the fields whose reading is audited
    more: Callable[[object], dict] = _nothing_more  # further template variables

    @property
    def template(self) -> str:
        return f"{self.module}/{self.name}.html"

    @property
    def sheet_template(self) -> str:
        """The record on one A4 page with signature lines (the term binder prints it too)."""
        return f"{self.module}/_{self.name}_sheet.html"

    @property
    def kind(self) -> str:
        """Its scans' attachment kind."""
        return f"{self.module}.{self.name}"

    def add_routes(self, bp: Blueprint) -> None:
        """On the module's blueprint: the record's page (endpoint `<name>`), the POST of a
        scan (`attach`) and the printable page (`print_<name>`), each under its permission."""
        self._add_route(bp, "", self.name, self.read_permission, self.show)
        self._add_route(
            bp, "/attachments", "attach", self.attach_permission, self.attach, methods=["POST"]
        )
        self._add_route(bp, "/print", f"print_{self.name}", self.read_permission, self.printed)

    def _add_route(
        self,
        bp: Blueprint,
        path: str,
        endpoint: str,
        permission: str,
        answer: Callable[[int], object],
        **options,
    ) -> None:
        id_name = f"{self.name}_id"

        def view(**values):
            return answer(values[id_name])

        view.__name__ = view.__qualname__ = endpoint
        rule = f"/<int:{id_name}>{path}"
        bp.add_url_rule(rule, endpoint, require(permission)(view), **options)

    def in_scope(self, record_id: int):
        """The record, if its student is in scope under `read_permission` (else 404)."""
        return student_record_or_404(self.model, record_id, self.read_permission)

    def to_change(self, record_id: int):
        """The record to edit or attach a scan to: its student in scope under
        `attach_permission`, readable by the user (who reads such records over that student
        or recorded this one: a course teacher never reads other staff's), and changed only
        by who recorded it or a counselor over the student (access.changes_record)."""
        record = student_record_or_404(self.model, record_id, self.attach_permission)
        if not reads_record(record, self.read_permission) or not changes_record(
            current_user, record, [record.student]
        ):
            hide(
                f"{self.attach_permission} {self.model.__name__} {record_id}"
                " (recorded by someone else)"
            )
        return record

    def answer_edit(self, record, form, page: Callable, updated: str):
        """The answer to the record's edit form: `page()` again until it is valid; then the
        edit saved through `update` (see `form_views.save_edit`) and the record's page, or
        the dashboard for one who cannot read such records."""
        if not form.validate_on_submit():
            return page()
        return save_edit(
            record,
            self.editable,
            lambda: self.update(record, form, current_user),
            page=page,
            updated=updated,
            url=after_edit(self.read_permission, f".{self.name}", **self._id_of(record)),
        )

    def _id_of(self, record) -> dict:
        """The record's id as its routes name it (`<name>_id`)."""
        return {f"{self.name}_id": record.id}

    def show(self, record_id: int):
        """The record's page, its reading audited."""
        record = self.in_scope(record_id)
        self._audit_view(record)
        return self.render(record)

    def printed(self, record_id: int):
        """The record on its printable page, its reading audited."""
        record = self.in_scope(record_id)
        self._audit_view(record)
        return render(
            "scanned_record_print.html",
            record_page=self,
            record=record,
            back_url=url_for(f".{self.name}", **self._id_of(record)),
            **{self.name: record},
            **self.more(record),
        )

    def _audit_view(self, record) -> None:
        record_view_now(record, self.sensitive, student_id=record.student_id)

    def render(self, record, form=None, error=None, http_status=200):
        """The record with its history and scans; `form` and `error` of a refused upload."""
        may_attach = can(current_user, self.attach_permission) and changes_record(
            current_user, record, [record.student]
        )
        return render(
            self.template,
            **{self.name: record},
            **self.more(record),
            record=record,  # for scanned_record.html, which every such page extends
            record_id=self._id_of(record),
            record_page=self,
            revisions=history(record),
            scans=attachments.of_record(self.kind, record.id),
            attach_form=(form or AttachmentForm()) if may_attach else None,
            attach_error=error,
            http_status=http_status,
        )

    def attach(self, record_id: int):
        """Store the posted scan and go to the record's page, or the page with the refusal.
        One who attaches but cannot read such records (a course teacher) hands their scans
        to the staff instead."""
        record = self.to_change(record_id)
        if not in_scope(record.student, self.read_permission):
            hide(f"{self.read_permission} {type(record).__name__} {record.id} (attach)")
        form = AttachmentForm()
        stored, refusal = attachments.store_posted(
            form, record=record, kind=self.kind, permission=self.read_permission
        )
        if stored:
            page = url_for(f".{self.name}", **self._id_of(record))
            return commit_and_redirect(str(self.attached), page)
        return self.render(record, form, refusal, http_status=422)
