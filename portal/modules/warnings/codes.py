"""The warnings' code sets, each code with its words: changes between runs, exam kinds,
scales, a roster's states and actions, notices' states, objections' outcomes, kinds, parts
and parent copies, proposals' actions and reasons."""

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
    # A newer roster of the term no longer lists the student (publication.drop).
    DROPPED = "dropped", _l("withdrawn: no longer on the corrected roster")


# Shown instead of a notice's state while it asks for the student's confirmation and every
# warning on it has since been lifted (notices.lifted): its state stays as stored.
LIFTED_NOTICE = _l("no confirmation needed: the warning has been lifted")


class ObjectionOutcome(LabelledEnum):
    """What the teaching secretary decided on a student's objection (Notice.objection_outcome)."""

    UPHELD = "upheld", _l("warning upheld")
    WITHDRAWN = "withdrawn", _l("warning withdrawn")
    # Nobody answered: a corrected roster no longer listed the student (publication.drop).
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


# USTL 第五条1 issues two notices: 《学业降级、退学警示通知书》 and 《学位警示通知书》. Every
# other category goes on the one notice of its ruleset.
NOTICE_KINDS = {"dropout": "standing", "demotion": "standing", "degree": "degree"}


def kind_of(category: str) -> str:
    """The notice (NoticeKind) that states a warning of this category."""
    return NOTICE_KINDS.get(category, "warning")


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


class ProposalAction(LabelledEnum):
    """What a proposal asks of the roster, in the same words for the proposer and the
    teaching secretary."""

    ADD = "add", _l("Add to the roster")
    REMOVE = "remove", _l("Remove from the roster")


class ProposalReason(LabelledEnum):
    """Why add a student (gxu 二.2(1): 学习态度、考勤、处分、成绩……). The student and their
    parents read it: the notice gives it as the reason they were added."""

    ATTITUDE = "attitude", _l("Attitude to study")
    ATTENDANCE = "attendance", _l("Attendance")
    DISCIPLINE = "discipline", _l("Discipline")
    SUDDEN_DROP = "sudden_drop", _l("Sudden drop in results")
    OTHER = "other", _l("Other")


class RemovalReason(LabelledEnum):
    """Why remove a student: the roster is computed from the grades imported, so a student
    is on it wrongly when those grades were wrong or are out of date (a grade corrected, a
    make-up exam passed after the import), or when they have left the cohort (学籍异动:
    a change of major, suspension, withdrawal). Read by staff only: a student taken off the
    roster is not shown why."""

    GRADES_CORRECTED = "grades_corrected", _l("Grades corrected")
    MAKEUP_PASSED = "makeup_passed", _l("Passed the make-up exam")
    STATUS_CHANGED = "status_changed", _l("Change of student status")
    OTHER = "other", _l("Other")


class LaterOutcome(LabelledEnum):
    """What became of the warning an accepted addition gave (proposal_outcomes.py), as the
    proposer reads it beside the decision."""

    WITHDRAWN = "withdrawn", _l("accepted; withdrawn after the student's objection")
    DROPPED = "dropped", _l("accepted; no longer on the corrected roster")


REASONS_FOR = {ProposalAction.ADD: ProposalReason, ProposalAction.REMOVE: RemovalReason}


def proposal_reason_label(action: str, code: str | None) -> str:
    """A proposal's reason in words, from its action's set; a removal made before removals
    had reasons of their own reads in the addition's words."""
    own = REASONS_FOR.get(action, ProposalReason)
    member = own.find(code) or ProposalReason.find(code)
    return member.label if member is not None else own.label_of(code)
