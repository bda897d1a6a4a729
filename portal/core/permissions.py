"""Permissions the core itself declares (modules declare theirs in their `Module`)."""

from .i18n import _l
from .modules import Permission
from .roles import COLLEGE_STAFF, FOLLOW_UP, STAFF

CORE_PERMISSIONS = (
    Permission("students.view", _l("View student profiles"), (*STAFF, "student")),
    Permission(
        "students.view_sensitive",
        _l("View family situation and parent contacts"),
        (*COLLEGE_STAFF, "counselor"),
    ),
    Permission(
        "students.archive",
        _l("Open, print and export a student's archive"),
        (*COLLEGE_STAFF, "counselor"),
    ),
    # The term binder of a class (期末归档): lzut §五.1 — the counselor gathers the records
    # and binds them by class; anshan 第四条 — the teaching secretary files the archive.
    Permission(
        "students.binder",
        _l("Print and export a class's term binder of records"),
        ("secretary", "counselor"),
    ),
    Permission("students.import", _l("Import the student roster"), ("secretary",)),
    Permission("grades.import", _l("Import grades and attendance"), ("secretary",)),
    Permission("students.accounts", _l("Create student accounts"), ("secretary", "admin")),
    Permission(
        "cadence.edit",
        _l("Edit cadence policies for talks and parent contacts"),
        ("secretary", "admin"),
    ),
    Permission("dues.compliance", _l("See talk and parent-contact compliance"), COLLEGE_STAFF),
    Permission("dues.own", _l("See what one owes: talks, meetings, contacts, pairings"), FOLLOW_UP),
    Permission("admin.users", _l("Manage accounts and roles"), ("admin",)),
    Permission(
        "admin.organisation",
        _l("Create colleges, majors and classes (also from an imported roster)"),
        ("admin",),
    ),
    Permission("admin.audit", _l("Read the audit trail"), ("admin",)),
    Permission("admin.retention", _l("Set how long sensitive text is kept"), ("admin",)),
    Permission("admin.terms", _l("Enter the terms' start and end dates"), ("admin",)),
    Permission(
        "students.status",
        _l("Set a student's status (on probation, repeating a year on probation, …)"),
        ("secretary",),
    ),
    Permission(
        "students.flags", _l("See students' key-group flags"), (*COLLEGE_STAFF, "counselor")
    ),
    Permission("students.flags_edit", _l("Set students' key-group flags"), ("counselor",)),
)
