"""Roles (workflows.md) and the permissions they hold by default."""

from .i18n import _l

ROLES = {
    "admin": _l("Administrator"),
    "leader": _l("College leader"),
    "secretary": _l("Teaching secretary"),
    "counselor": _l("Counselor"),
    "class_advisor": _l("Class advisor"),
    "teacher": _l("Course teacher"),
    "mentor": _l("Academic mentor"),
    "volunteer": _l("Peer volunteer"),
    "student": _l("Student"),
}

# Roles whose scope is the holder's own student record, not an organisation unit.
SELF_SCOPED_ROLES = frozenset({"student", "volunteer"})

# Roles whose scope, when the grades name course teachers, is the students they teach.
COURSE_ROLES = frozenset({"teacher"})

SCOPE_KINDS = {
    "all": _l("Whole portal"),
    "college": _l("College"),
    "major": _l("Major"),
    "class": _l("Class"),
    "self": _l("Own records"),
}

# Scope is part of every role (workflows.md): a leader or secretary acts on their college, a
# counselor or class advisor on their own classes.
COLLEGE_STAFF = ("leader", "secretary")
CLASS_STAFF = ("counselor", "class_advisor")

STAFF = (*COLLEGE_STAFF, *CLASS_STAFF, "mentor")

# Who talks with a student, each within their own scope, and so owes talks (issue 18; lzut
# §四.9, shaoxing 第三条, gxu 第五条); all but the course teacher meet the parents too (lzut
# §四.10; parents.record).
FOLLOW_UP = ("counselor", "class_advisor", "leader", "teacher", "mentor")
