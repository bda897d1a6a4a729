"""Permissions the core itself declares (modules declare theirs in their `Module`)."""

from .i18n import _l
from .modules import Permission
from .roles import STAFF

CORE_PERMISSIONS = (
    Permission(code="students.view", label=_l("View student profiles"), roles=(*STAFF, "student")),
    Permission(
        code="students.view_sensitive",
        label=_l("View family situation and parent contacts"),
        roles=("leader", "secretary", "counselor"),
    ),
    Permission(
        code="students.archive",
        label=_l("Open, print and export a student's archive"),
        roles=("leader", "secretary", "counselor"),
    ),
    # The term binder of a class (期末归档): lzut §五.1 — the counselor gathers the records
    # and binds them by class; anshan 第四条 — the teaching secretary files the archive.
    Permission(
        code="students.binder",
        label=_l("Print and export a class's term binder of records"),
        roles=("secretary", "counselor"),
    ),
    Permission(code="students.import", label=_l("Import the student roster"), roles=("secretary",)),
    Permission(
        code="grades.import", label=_l("Import grades and attendance"), roles=("secretary",)
    ),
    Permission(code="students.accounts", label=_l("Create student accounts"), roles=("secretary",)),
    Permission(
        code="cadence.edit",
        label=_l("Edit cadence policies for talks and parent contacts"),
        roles=("secretary",),
    ),
    Permission(
        code="dues.compliance",
        label=_l("See talk and parent-contact compliance"),
        roles=("leader", "secretary"),
    ),
    Permission(
        code="dues.own",
        label=_l("See what one owes: talks, meetings, contacts, pairings"),
        roles=("leader", "counselor", "class_advisor", "teacher", "mentor"),
    ),
    Permission(code="admin.users", label=_l("Manage accounts and roles"), roles=()),
    Permission(
        code="admin.organisation",
        label=_l("Create colleges, majors and classes (also from an imported roster)"),
        roles=(),
    ),
    Permission(code="admin.audit", label=_l("Read the audit trail"), roles=()),
    Permission(code="admin.retention", label=_l("Set how long sensitive text is kept"), roles=()),
    Permission(code="admin.terms", label=_l("Enter the terms' start and end dates"), roles=()),
    Permission(
        code="students.status",
        label=_l("Set a student's status (on probation, repeating a year on probation, …)"),
        roles=("secretary",),
    ),
    Permission(
        code="students.flags",
        label=_l("See students' key-group flags"),
        roles=("leader", "secretary", "counselor"),
    ),
    Permission(
        code="students.flags_edit", label=_l("Set students' key-group flags"), roles=("counselor",)
    ),
)
