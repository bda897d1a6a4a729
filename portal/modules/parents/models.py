"""Parent contacts (家长联系记录), including face-to-face meetings for students facing
demotion, delayed graduation or dropout."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, relationship

from portal.core.codes import LabelledEnum
from portal.core.i18n import _l
from portal.core.locking import StaffRecord
from portal.core.models import Guardian, Student, User
from portal.core.models.base import PERSONAL, SENSITIVE, col
from portal.core.models.links import part_of
from portal.extensions import db


class Method(LabelledEnum):
    PHONE = "phone", _l("phone")
    FACE = "face", _l("face to face at school")
    VISIT = "visit", _l("home visit")
    LETTER = "letter", _l("letter")
    REGISTERED_LETTER = "registered_letter", _l("registered letter")
    WECHAT = "wechat", _l("WeChat")


class MeetingReason(LabelledEnum):
    DEMOTION = "demotion", _l("facing demotion")
    DELAYED_GRADUATION = "delayed_graduation", _l("facing delayed graduation")
    DROPOUT = "dropout", _l("facing dropout")
    OTHER = "other", _l("other")


class Agreement(LabelledEnum):
    """Does the parent agree with the support measures?"""

    YES = "yes", _l("agrees")
    NO = "no", _l("does not agree")
    PARTLY = "partly", _l("partly agrees")


class Contact(StaffRecord, db.Model):
    __tablename__ = "parents_contact"
    id: Mapped[int] = col(primary_key=True)
    student_id: Mapped[int] = part_of("core_student")
    guardian_id: Mapped[int | None] = col(ForeignKey("core_guardian.id", ondelete="SET NULL"))
    parent_name: Mapped[str] = col(String(100), sensitivity=PERSONAL)
    relation: Mapped[str | None] = col(String(20), sensitivity=PERSONAL)
    method: Mapped[str] = col(String(20), sensitivity=PERSONAL)
    contacted_at: Mapped[datetime] = col(sensitivity=PERSONAL)
    made_by: Mapped[str] = col(String(200), sensitivity=PERSONAL)
    made_by_role: Mapped[str] = col(String(20), sensitivity=PERSONAL)
    content: Mapped[str] = col(Text, sensitivity=SENSITIVE)
    parent_opinion: Mapped[str | None] = col(Text, sensitivity=SENSITIVE)
    parent_agrees: Mapped[str | None] = col(String(8), sensitivity=SENSITIVE)
    follow_up: Mapped[str | None] = col(Text, sensitivity=PERSONAL)
    follow_up_on: Mapped[date | None] = col(sensitivity=PERSONAL)
    # A face-to-face meeting (demotion, delayed graduation, dropout) and its confirmation.
    is_meeting: Mapped[bool] = col(Boolean, default=False, sensitivity=PERSONAL)
    meeting_reason: Mapped[str | None] = col(String(20), sensitivity=SENSITIVE)
    place: Mapped[str | None] = col(String(100), sensitivity=PERSONAL)
    attendees: Mapped[str | None] = col(String(300), sensitivity=PERSONAL)
    parent_confirmed_on: Mapped[date | None] = col(sensitivity=PERSONAL)
    student: Mapped[Student] = relationship()
    guardian: Mapped[Guardian | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()
