"""Core models; modules import them from here."""

from .attachments import Attachment
from .audit import AuditEvent
from .followup import CadencePolicy, Revision
from .grades import (
    EXAM_KINDS,
    Attendance,
    GradeDigest,
    GradeFile,
    GradeRecord,
    ImportBatch,
    ImportJob,
    Teaching,
)
from .notifications import Notification
from .org import College, Major, SchoolClass, Term
from .retention import RetentionPolicy
from .students import KEY_GROUP_FLAGS, STATUSES, STUDYING, Guardian, Student, StudentFlag
from .users import LoginFailure, LoginSession, RoleGrant, User

__all__ = [
    "Attachment",
    "AuditEvent",
    "Attendance",
    "CadencePolicy",
    "Revision",
    "College",
    "EXAM_KINDS",
    "GradeDigest",
    "GradeFile",
    "GradeRecord",
    "Guardian",
    "ImportBatch",
    "ImportJob",
    "LoginFailure",
    "LoginSession",
    "Major",
    "Notification",
    "RetentionPolicy",
    "RoleGrant",
    "STATUSES",
    "SchoolClass",
    "Student",
    "Teaching",
    "Term",
    "User",
    "KEY_GROUP_FLAGS",
    "STUDYING",
    "StudentFlag",
]
