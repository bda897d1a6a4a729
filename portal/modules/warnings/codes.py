"""The warnings' code sets, each code with its words: changes between runs, exam kinds,
scales, a roster's states and actions, notices' states, objections' outcomes, kinds, parts and parent copies."""

from portal.core.codes import LabelledEnum
from portal.core.i18n import _l

from .rules import SECOND_TERM_ONLY


class Change(LabelledEnum):
    """A warning against the term's previous run, or, where that run did not give it,
    against the student's standing at the last evaluation term (compute._change)."""

    NEW = "new", _l("new")
    CONTINUING = "continuing", _l("continuing from last term")
    ESCALATED = "escalated", _l("escalated")
    EASED = "eased", _l("eased")
    SAME = "same", _l("unchanged")


class ExamKind(LabelledEnum):
    REGULAR = "regular", _l("regular exam")
    MAKEUP = "makeup", _l("make-up exam")
    RETAKE = "retake", _l("retake")


class Scale(LabelledEnum):
    LINEAR5 = "linear5", _l("5-point linear: (score − 50) ÷ 10")
    STANDARD4 = "standard4", _l("4-point standard scale (90+ = 4.0)")


class RunStatus(LabelledEnum):
    DRAFT = "draft", _l("draft")
    SUBMITTED = "submitted", _l("waiting for approval")
    RETURNED = "returned", _l("returned for changes")
    PUBLISHED = "published", _l("published")


class RunAction(LabelledEnum):
    SUBMIT = "submit", _l("submitted for approval")
    APPROVE = "approve", _l("approved and published")
    RETURN = "return", _l("returned")


class SkipReason(LabelledEnum):
    """Why a run gave no roster (the code is the rules' own sentence, kept in the run)."""

    SECOND_TERM_ONLY = (
        SECOND_TERM_ONLY,
        _l(
            "This ruleset is evaluated once a year, on the second term; a first term gives no roster."
        ),
    )


class NoticeState(LabelledEnum):
    PENDING = "pending", _l("waiting for the student's confirmation")
    CONFIRMED = "confirmed", _l("confirmed by the student")
    OBJECTED = "objected", _l("objection raised")
    UPHELD = "upheld", _l("objection answered; warning upheld")
    WITHDRAWN = "withdrawn", _l("withdrawn after objection")
    # A newer roster of the term no longer lists the student (publication._drop).
    DROPPED = "dropped", _l("withdrawn: no longer on the corrected roster")


class ObjectionOutcome(LabelledEnum):
    """What the teaching secretary decided on a student's objection (Notice.objection_outcome)."""

    UPHELD = "upheld", _l("warning upheld")
    WITHDRAWN = "withdrawn", _l("warning withdrawn")
    # Nobody answered: a corrected roster no longer listed the student (publication._drop).
    SETTLED = "settled", _l("settled: the corrected roster no longer lists the student")


class NoticeKind(LabelledEnum):
    """Which notice: USTL 第五条1 issues a demotion and dropout notice and a degree notice
    beside the academic warning notice."""

    WARNING = "warning", _l("Academic warning notice")
    STANDING = "standing", _l("Demotion and dropout warning notice")
    DEGREE = "degree", _l("Degree warning notice")

    @classmethod
    def title_of(cls, kind: str | None) -> str:
        """A notice's title; an unknown kind is the academic warning notice."""
        return cls._value2member_map_.get(kind, cls.WARNING).label


class NoticePart(LabelledEnum):
    STUB = "stub", _l("college stub")
    STUDENT = "student", _l("student copy")
    PARENT = "parent", _l("parent copy")


class ParentMethod(LabelledEnum):
    """How the parent copy was sent."""

    REGISTERED_LETTER = "registered_letter", _l("registered letter")
    HANDED = "handed", _l("handed over in person")
    PHONE = "phone", _l("by phone")
    WECHAT = "wechat", _l("WeChat")


class Receipt(LabelledEnum):
    NONE = "none", _l("parent copy not sent")
    SENT = "sent", _l("parent copy sent")
    RETURNED = "returned", _l("receipt returned")


class ProposalReason(LabelledEnum):
    ATTITUDE = "attitude", _l("Attitude to study")
    ATTENDANCE = "attendance", _l("Attendance")
    DISCIPLINE = "discipline", _l("Discipline")
    SUDDEN_DROP = "sudden_drop", _l("Sudden drop in results")
    OTHER = "other", _l("Other")
