"""The page of a paper record kept with its scans (the signed copy lzut asks to keep), and
the POST that attaches one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask_login import current_user

from . import attachments
from .access import can, hide, in_scope
from .audit import record_view_now
from .form_views import commit_and_redirect
from .forms import AttachmentForm
from .htmx import render
from .revisions import history


def _nothing_more(_record) -> dict:
    return {}


@dataclass(frozen=True)
class ScannedRecordPage:
    template: str
    name: str  # the record's name in the template
    kind: str  # its scans' attachment kind
    attach_permission: str  # who may attach one (and sees the upload form)
    read_permission: str  # who reads the scans
    sensitive: Sequence[str] = ()  # the fields whose reading is audited
    more: Callable[[object], dict] = _nothing_more  # further template variables

    def show(self, record):
        """The record's page, its reading audited."""
        self._audit_view(record)
        return self.render(record)

    def printed(self, record, template: str):
        """The record on a printable page (`template`), its reading audited."""
        self._audit_view(record)
        return render(template, **{self.name: record}, **self.more(record))

    def _audit_view(self, record) -> None:
        record_view_now(record, self.sensitive, student_id=record.student_id)

    def render(self, record, form=None, error=None, http_status=200):
        """The record with its history and scans; `form` and `error` of a refused upload."""
        may_attach = can(current_user, self.attach_permission)
        return render(
            self.template,
            **{self.name: record},
            **self.more(record),
            revisions=history(record),
            scans=attachments.of_record(self.kind, record.id),
            attach_form=(form or AttachmentForm()) if may_attach else None,
            attach_error=error,
            http_status=http_status,
        )

    def attach(self, record, *, done: str, url: str):
        """Store the posted scan of `record` and go to `url`, or the page with the refusal.
        One who attaches but cannot read such records (a course teacher) hands their scans
        to the staff instead."""
        if not in_scope(record.student, self.read_permission):
            hide(f"{self.read_permission} {type(record).__name__} {record.id} (attach)")
        form = AttachmentForm()
        stored, refusal = attachments.store_posted(
            form, record=record, kind=self.kind, permission=self.read_permission
        )
        if stored:
            return commit_and_redirect(done, url)
        return self.render(record, form, refusal, http_status=422)
