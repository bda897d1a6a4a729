"""Core models; modules import them from here."""

from .audit import AuditEvent
from .followup import CadencePolicy, Revision
from .grades import EXAM_KINDS, Attendance, GradeDigest, GradeRecord, ImportBatch, ImportJob
from .notifications import Notification
from .org import College, Major, SchoolClass, Term
from .retention import RetentionPolicy
from .students import KEY_GROUP_FLAGS, STATUSES, STUDYING, Guardian, Student, StudentFlag
from .users import LoginFailure, LoginSession, RoleGrant, User

__all__ = [
    "AuditEvent", "Attendance", "CadencePolicy", "Revision", "College", "EXAM_KINDS", "GradeRecord", "Guardian",
    "GradeDigest", "ImportBatch", "ImportJob", "LoginFailure", "LoginSession", "Major", "Notification",
    "RetentionPolicy", "RoleGrant", "STATUSES", "SchoolClass", "Student", "Term", "User",
    "KEY_GROUP_FLAGS", "STUDYING", "StudentFlag",
]
