"""Test data factories: organisation, students, grades, users with scoped roles, and the
modules' records tests build on (warnings, talks, parent contacts, study plans, peer-help
pairings, jobs)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.core import models
from portal.core.passwords import hash_password
from portal.core.roles import STAFF

EVERY_STAFF_ROLE = (*STAFF, "teacher", "admin")

_seq = itertools.count(1)
_hash_cache: dict[str, str] = {}


class Factory:
    def __init__(self, app, db):
        self.app = app
        self.db = db

    def _add(self, obj):
        self.db.session.add(obj)
        self.db.session.flush()
        return obj

    def college(self, name=None, **kw) -> models.College:
        return self._add(models.College(name=name or f"学院{next(_seq)}", **kw))

    def major(self, college=None, name=None) -> models.Major:
        return self._add(
            models.Major(college=college or self.college(), name=name or f"专业{next(_seq)}")
        )

    def school_class(self, major=None, name=None, grade_year=2023) -> models.SchoolClass:
        return self._add(
            models.SchoolClass(
                major=major or self.major(), name=name or f"班{next(_seq)}", grade_year=grade_year
            )
        )

    def teaching(self, teacher, school_class, course="课程A", term=None) -> models.Teaching:
        """A course roster row (教学任务): `teacher` teaches `course` to the class. A course
        teacher reaches the students course data names, never their grant's whole unit."""
        return self._add(
            models.Teaching(
                term_id=getattr(term or self.term(), "id", term),
                course_code=course,
                course_name=course,
                class_id=school_class.id,
                teacher_id=teacher.id,
                source="courses",
            )
        )

    def term(self, code="2024-2025-1") -> models.Term:
        existing = self.db.session.query(models.Term).filter_by(code=code).one_or_none()
        return existing or self._add(
            models.Term(code=code, start_year=int(code[:4]), n=int(code[-1]))
        )

    def student(self, school_class=None, **kw) -> models.Student:
        school_class = school_class or self.school_class()
        n = next(_seq)
        fields = dict(
            student_no=f"20239{n:05d}",
            name=f"学生{n}",
            gender="女",
            grade_year=2023,
            status="enrolled",
        )
        fields.update(kw)
        student = models.Student(
            school_class=school_class,
            major=school_class.major,
            college=school_class.major.college,
            **fields,
        )
        return self._add(student)

    def guardian(self, student, **kw) -> models.Guardian:
        fields = dict(name="家长", relation="母亲", phone="13800000000", address="某地某路1号")
        fields.update(kw)
        return self._add(models.Guardian(student=student, **fields))

    def grade(self, student, term, course="A", credits=4, score=50, **kw) -> models.GradeRecord:
        """One regular attempt at `course`; passed follows the score unless given."""
        fields = dict(
            course_name=f"课程{course}",
            kind="regular",
            score=Decimal(str(score)),
            score_text=str(score),
            passed=score >= 60,
        )
        fields.update(kw)
        term_id = getattr(term, "id", term)
        record = models.GradeRecord(
            student_id=student.id,
            term_id=term_id,
            course_code=course,
            credits=Decimal(credits),
            **fields,
        )
        return self._add(record)

    def volunteer(self, student=None, **kw):
        """An active peer-help volunteer (the peer_help module's model)."""
        from portal.modules.peer_help.models import Volunteer

        fields = dict(state="active", courses="高等数学", statement="")
        fields.update(kw)
        return self._add(Volunteer(student_id=(student or self.student()).id, **fields))

    def pairing(self, volunteer, *mentees, **kw):
        """An active pairing of `volunteer` with `mentees` for the autumn term of 2026."""
        from portal.modules.peer_help.models import Mentee, Pairing

        fields = dict(
            courses=["高等数学"],
            difficulty="基础",
            plan="答疑",
            starts_on=date(2026, 9, 14),
            ends_on=date(2027, 1, 10),
            state="active",
        )
        fields.update(kw)
        pairing = Pairing(volunteer_id=volunteer.id, **fields)
        pairing.mentees = [Mentee(student_id=mentee.id) for mentee in mentees]
        return self._add(pairing)

    def created_pairing(self, volunteer, mentee, course, starts_on, ends_on, by=None):
        """A pairing proposed through the portal's own `pairings.create`, made active."""
        from portal.modules.peer_help import pairings

        pairing = pairings.create(
            volunteer,
            [mentee],
            courses=[course],
            difficulty="基础",
            plan="答疑",
            contact="微信",
            starts_on=starts_on,
            ends_on=ends_on,
            user_id=by.id if by else None,
        )
        pairing.state = "active"
        self.db.session.flush()
        return pairing

    def signed_plan(
        self, student, period_start, created_at, signed_at, reviewer_role="mentor", **version
    ):
        """A study plan `student` wrote for the support period from `period_start`, its first
        version signed at `signed_at` (the plans module's models); `version` its other times."""
        from portal.modules.plans.models import Plan, Version

        return self._add(
            Plan(
                student_id=student.id,
                period_start=period_start,
                reviewer_role=reviewer_role,
                status="signed",
                created_at=created_at,
                versions=[Version(number=1, content={}, signed_at=signed_at, **version)],
            )
        )

    def job(self, user, job_id, **kw) -> models.ImportJob:
        """A queue job of `user`'s (a roster import unless `kw` says otherwise), no file stored."""
        fields = dict(kind="students", filename="a.xlsx", stored_path="")
        fields.update(kw)
        return self._add(models.ImportJob(id=job_id, user_id=user.id, **fields))

    def running_job(self, user, job_id, **kw) -> models.ImportJob:
        """A queue job of `user`'s, running, with no file stored."""
        return self.job(user, job_id, **{"status": "running", **kw})

    def warning(self, run, student, level="orange", level_rank=2, **kw):
        """A new academic warning of `student` on `run` (the warnings module's model)."""
        from portal.modules.warnings.models import Warning

        fields = dict(category="academic", fired=[], metrics={}, change="new")
        fields.update(kw)
        return self._add(
            Warning(
                run_id=run.id, student_id=student.id, level=level, level_rank=level_rank, **fields
            )
        )

    def concern(self, student, teacher, raised_on=date(2026, 9, 10), course="课程B", **kw):
        """A mid-term concern `teacher` raised about `student` in `course`, in a survey of the
        student's college around `raised_on` (the concerns module's models)."""
        from portal.modules.concerns.models import Concern

        survey = self.survey(student.college_id, raised_on, opens_before=9, closes_after=20)
        item = self.assignment(survey, student.class_id, teacher, course)
        fields = dict(kinds=["other"], raised_by_id=teacher.id)
        fields.update(kw)
        return self._add(
            Concern(assignment_id=item.id, student_id=student.id, raised_on=raised_on, **fields)
        )

    def survey(self, college_id, today, opens_before=5, closes_after=10, **kw):
        """A mid-term survey of the college, open on `today` (the concerns module's model)."""
        from portal.modules.concerns.models import Survey

        opens_on = today - timedelta(days=opens_before)
        closes_on = today + timedelta(days=closes_after)
        return self._add(
            Survey(
                college_id=college_id,
                title="期中调查",
                opens_on=opens_on,
                closes_on=closes_on,
                **kw,
            )
        )

    def assignment(self, survey, class_id, teacher, course="高等数学"):
        """`teacher` asked to mark the class taking `course` in `survey`."""
        from portal.modules.concerns.models import Assignment

        return self._add(
            Assignment(
                survey_id=survey.id, class_id=class_id, course_name=course, teacher_id=teacher.id
            )
        )

    def meeting(self, students, recorded_by, held_at=datetime(2026, 9, 1, 15), **kw):
        """Group-meeting minutes the counselor `recorded_by` kept, every student present."""
        from portal.modules.talks.models import Attendee, Meeting

        fields = dict(organiser="陈辅导员", talker_role="counselor", content="座谈")
        fields.update(kw)
        meeting = Meeting(held_at=held_at, recorded_by_id=recorded_by.id, **fields)
        meeting.attendees = [Attendee(student_id=s.id, present=True) for s in students]
        return self._add(meeting)

    def talk(self, student, held_at=datetime(2026, 9, 1, 15), **kw):
        """A face-to-face talk the counselor had with `student` (the talks module's model)."""
        from portal.modules.talks.models import Talk

        fields = dict(method="face", talker_role="counselor", talkers="陈辅导员", content="谈话")
        fields.update(kw)
        return self._add(Talk(student_id=student.id, held_at=held_at, **fields))

    def contact(self, student, contacted_at=datetime(2026, 9, 1, 9), **kw):
        """The counselor phoned `student`'s mother (the parents module's model)."""
        from portal.modules.parents.models import Contact

        fields = dict(parent_name="母亲", method="phone", made_by="陈辅导员", content="告知")
        fields.update({"made_by_role": "counselor", **kw})
        return self._add(Contact(student_id=student.id, contacted_at=contacted_at, **fields))

    def user(
        self, username=None, *, role=None, scope=None, student=None, password=None, **kw
    ) -> models.User:
        from .conftest import TEST_PASSWORD

        password = password or TEST_PASSWORD
        if password not in _hash_cache:
            with self.app.app_context():
                _hash_cache[password] = hash_password(password)
        user = models.User(
            username=username or f"u{next(_seq)}",
            name=kw.pop("name", "测试用户"),
            password_hash=_hash_cache[password],
            must_change_password=kw.pop("must_change_password", False),
            student_id=student.id if student else None,
            **kw,
        )
        if role:
            self.grant(user, role, scope)
        return self._add(user)

    def every_role(self, username=None, **kw) -> models.User:
        """Every staff role and the administrator's over the whole school: one log-in that
        opens every route and menu, for the walks over all of them. No one can make such an
        account in the portal (separation of duties, portal/core/duties.py: an
        administrator's account holds no role that reads students' records); it is made
        here only to spare those walks a second log-in."""
        user = self.user(username, **kw)
        for role in EVERY_STAFF_ROLE:
            self.grant(user, role)
        return user

    def office(self, username=None, **kw) -> models.User:
        """The teaching office (教务处): a secretary over the whole school, who imports
        rosters into the units they name. The units of `xlsx_files.roster_row` are made
        first (生命科学学院, 生物科学, 生科2301班): a web import creates none, since that
        needs an administrator's grant beside the secretary's, which separation of duties
        forbids (portal/core/duties.py); the command line's import makes new ones."""
        self.roster_units()
        return self.user(username, role="secretary", **kw)

    def roster_units(self) -> models.SchoolClass:
        """The college, major and class `xlsx_files.roster_row` names, made once."""
        found = self.db.session.scalar(
            select(models.SchoolClass).where(models.SchoolClass.name == "生科2301班")
        )
        if found:
            return found
        major = self.major(self.college(name="生命科学学院"), name="生物科学")
        return self.school_class(major, name="生科2301班", grade_year=2023)

    def grant(self, user, role, scope=None) -> None:
        kind, scope_id = _scope(role, scope)
        user.grants.append(models.RoleGrant(role=role, scope_kind=kind, scope_id=scope_id))
        self.db.session.flush()

    def student_user(self, student=None, **kw) -> models.User:
        student = student or self.student()
        return self.user(student.student_no, role="student", student=student, **kw)


def _scope(role, scope):
    if role in ("student", "volunteer"):
        return "self", None
    if scope is None:
        return "all", None
    kind = {"College": "college", "Major": "major", "SchoolClass": "class"}[type(scope).__name__]
    return kind, scope.id
