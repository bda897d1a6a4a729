"""The one-student archive (一生一档, anshan 第十四条) export holds every record kind (issue
18): talk place and impressions, notices with the student's confirmation and the parent
receipt, plan versions with their comments and sign-off, peer-help sessions and hours."""

import io
from datetime import date, datetime, time

from openpyxl import load_workbook

from ..modules.parents.test_parents import contact, guardian_of
from ..modules.talks.test_talks import form


def _sheets(response) -> dict[str, str]:
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    return {
        ws.title: " | ".join(
            str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None
        )
        for ws in book.worksheets
    }


def test_the_archive_export_holds_every_record_kind(client, login, make, db, followup):
    from portal.modules.peer_help.models import (
        Certification,
        Presence,
        TutoringSession,
    )
    from portal.modules.plans.models import Comment, Plan, Version
    from portal.modules.warnings.models import Notice

    red = followup.red
    login(followup.counselor)
    client.post(
        f"/talks/students/{red.id}/new",
        data=form(place="辅导员办公室", first_impression="神情疲惫", student_feedback="我会改"),
    )
    client.post(f"/parents/students/{red.id}/new", data=contact(guardian_of(db, red)))
    db.session.add(
        Notice(
            run_id=followup.run.id,
            student_id=red.id,
            state="confirmed",
            confirmed_at=datetime(2026, 9, 9, 10),
            parent_method="registered_letter",
            parent_reference="XA123456",
            parent_sent_on=date(2026, 9, 10),
            receipt_returned_on=date(2026, 9, 20),
        )
    )
    plan = Plan(
        student_id=red.id,
        period_start=date(2026, 9, 7),
        reviewer_role="class_advisor",
        status="signed",
    )
    version = Version(
        number=1,
        content={"analysis": "基础薄弱", "goals": [{"text": "补考通过"}]},
        signed_at=datetime(2026, 9, 25),
        signed_by_id=followup.advisor.id,
    )
    version.comments = [Comment(part="goals", text="目标再具体些", author_id=followup.advisor.id)]
    plan.versions = [version]
    db.session.add(plan)
    helper = make.student(followup.school_class, name="志愿者小赵")
    volunteer = make.volunteer(helper)
    pairing = make.pairing(volunteer, red, plan="每周答疑")
    certification = Certification(
        volunteer_id=volunteer.id, term_id=followup.run.term_id, minutes=90, sessions=1
    )
    db.session.add(certification)
    db.session.flush()
    session = TutoringSession(
        pairing_id=pairing.id,
        volunteer_id=volunteer.id,
        held_on=date(2026, 9, 16),
        starts_at=time(19),
        ends_at=time(20, 30),
        minutes=90,
        course="高等数学",
        what="讲解极限",
        certification_id=certification.id,
    )
    session.attendance = [Presence(student_id=red.id, state="confirmed")]
    db.session.add(session)
    db.session.commit()

    sheets = _sheets(client.get(f"/students/{red.id}/archive.xlsx"))
    assert "辅导员办公室" in sheets["谈话"] and "神情疲惫" in sheets["谈话"]
    assert "我会改" in sheets["谈话"]
    assert "告知预警情况" in sheets["家长联系"]
    notices = sheets["通知书与家长回执"]
    assert "XA123456" in notices and "2026-09-20" in notices and "2026-09-09" in notices
    assert "目标再具体些" in sheets["学习计划"] and "黄班主任" in sheets["学习计划"]
    assert "讲解极限" in sheets["接受的朋辈帮扶"] and "志愿者小赵" in sheets["接受的朋辈帮扶"]
    # The volunteer's own archive: the sessions given and the certified hours.
    book = load_workbook(io.BytesIO(client.get(f"/students/{helper.id}/archive.xlsx").data))
    given = [v for row in book["提供的朋辈帮扶与认定时数"].iter_rows(values_only=True) for v in row]
    assert 1.5 in given and "1.50" not in given  # a number of hours, as the hours export writes
