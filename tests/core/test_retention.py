"""Retention (security.md check 31): each college's period; older sensitive text cleared,
newer kept, records and the audit trail kept; a dry run changes nothing."""

from __future__ import annotations

from datetime import date, datetime

from portal.core.models import AuditEvent, RetentionPolicy, Revision
from portal.modules.parents.models import Contact
from portal.modules.talks.models import Talk
from portal.modules.warnings.models import Notice

from ..followup import PUBLISHED

TODAY = date(2032, 6, 1)  # 5 years and 9 months after the roster was published


def run_retention(app, db, monkeypatch) -> None:
    """The retention run on TODAY, what it left read back fresh."""
    from portal.core import clock, retention

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    db.session.flush()
    with app.test_request_context():
        retention.run()
    db.session.expire_all()


def talk(db, student, held_at: datetime, content: str) -> Talk:
    record = Talk(
        student_id=student.id,
        held_at=held_at,
        method="face",
        talker_role="counselor",
        talkers="陈辅导员",
        content=content,
        first_impression="印象",
        topics=["study"],
    )
    db.session.add(record)
    return record


def test_old_sensitive_text_is_cleared_and_the_record_and_audit_stay(
    app, db, make, followup, monkeypatch
):
    from portal.core import clock, retention

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    old = talk(db, followup.red, datetime(2026, 9, 10, 15), "很久以前的谈话")
    recent = talk(db, followup.red, datetime(2031, 9, 10, 15), "去年的谈话")
    contact = Contact(
        student_id=followup.red.id,
        parent_name="母亲",
        method="phone",
        contacted_at=datetime(2026, 9, 12),
        made_by="陈辅导员",
        made_by_role="counselor",
        content="告知预警",
        parent_opinion="支持",
    )
    notice = Notice(
        run_id=followup.run.id,
        student_id=followup.red.id,
        state="objected",
        objection="成绩有误",
        created_at=datetime(2026, 9, 8),
    )
    gone = followup.yellow
    gone.status, gone.family_situation = "dropped", "家庭困难"
    db.session.add_all([contact, notice])
    db.session.flush()
    db.session.add(
        Revision(
            object_type="Talk",
            object_id=old.id,
            before={"content": "初稿"},
            changed_at=datetime(2026, 9, 11),
        )
    )
    db.session.flush()
    db.session.execute(
        db.text(f"UPDATE core_student SET updated_at = '2026-10-01 00:00:00' WHERE id = {gone.id}")
    )
    with app.test_request_context():
        done = retention.run()
    db.session.expire_all()
    assert db.session.get(Talk, old.id).content == retention.CLEARED
    assert db.session.get(Talk, old.id).first_impression is None
    assert db.session.get(Talk, recent.id).content == "去年的谈话"  # within five years
    assert db.session.get(Contact, contact.id).content == retention.CLEARED
    assert db.session.get(Contact, contact.id).parent_opinion is None
    assert db.session.get(Notice, notice.id).objection is None
    assert db.session.get(type(gone), gone.id).family_situation is None
    assert db.session.get(type(followup.red), followup.red.id).status == "enrolled"
    assert db.session.query(Revision).filter_by(object_id=old.id).count() == 0
    assert {what for _c, what, _n in done} >= {
        "谈话、座谈会和帮扶方案的内容",
        "家校联系的内容和家长意见",
    }
    trail = db.session.query(AuditEvent).filter_by(action="retention").all()
    assert len(trail) >= 4 and all("cleared" in e.detail or "deleted" in e.detail for e in trail)
    assert db.session.get(Talk, old.id).held_at == datetime(2026, 9, 10, 15)  # the record stays
    assert PUBLISHED < TODAY


def test_a_college_keeping_longer_keeps_the_text(app, db, followup, monkeypatch):
    from portal.core import clock, retention

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    db.session.add(RetentionPolicy(college_id=followup.red.college_id, years=10))
    old = talk(db, followup.red, datetime(2026, 9, 10, 15), "很久以前的谈话")
    db.session.flush()
    with app.test_request_context():
        retention.run()
    db.session.expire_all()
    assert db.session.get(Talk, old.id).content == "很久以前的谈话"


def test_the_command_line_dry_run_changes_nothing(app, db, followup, monkeypatch):
    from portal.core import clock

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    old = talk(db, followup.red, datetime(2026, 9, 10, 15), "很久以前的谈话")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["retention", "--dry-run"])
    assert result.exit_code == 0 and "谈话" in result.output
    db.session.expire_all()
    assert db.session.get(Talk, old.id).content == "很久以前的谈话"


def test_the_administrator_sets_each_colleges_period(client, login, make, db, followup):
    college = followup.red.college_id
    login(make.user(role="admin"))
    page = client.get("/admin/retention").get_data(as_text=True)
    assert "保存期限" in page and 'value="5"' in page
    refused = client.post("/admin/retention", data={f"years-{college}": "99"})
    assert refused.status_code == 422 and "1 到 30" in refused.get_data(as_text=True)
    assert db.session.get(RetentionPolicy, college) is None
    assert client.post("/admin/retention", data={f"years-{college}": "8"}).status_code == 303
    assert db.session.get(RetentionPolicy, college).years == 8
    login(make.user(role="leader", scope=followup.school_class.major.college))
    assert client.get("/admin/retention").status_code == 403


def test_the_scan_of_a_cleared_record_goes_with_its_text(app, db, followup, monkeypatch):
    """A signed form's scan says what the cleared text said (issue 18 attachments)."""
    from portal.core import clock, retention
    from portal.core.models import Attachment

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    old = talk(db, followup.red, datetime(2026, 9, 10, 15), "很久以前的谈话")
    recent = talk(db, followup.red, datetime(2031, 9, 10, 15), "去年的谈话")
    db.session.flush()
    for record in (old, recent):
        db.session.add(
            Attachment(
                student_id=followup.red.id,
                kind="talks.talk",
                record_id=record.id,
                permission="talks.view",
                filename="scan.pdf",
                content_type="application/pdf",
                size=5,
                data=b"%PDF-",
            )
        )
    db.session.flush()
    with app.test_request_context():
        retention.run()
    kept = {a.record_id for a in db.session.query(Attachment)}
    assert kept == {recent.id}


def test_a_stamped_record_is_kept_by_its_day_on_the_colleges_clock(app, db, followup, monkeypatch):
    """Five years before TODAY is 2 June 2027, as the audit says: a notice stamped at 16:30
    UTC on 1 June was issued on 2 June in Beijing and keeps its objection; one stamped an
    hour earlier (23:30 on 1 June there) is cleared, as a talk held then would be."""
    on_the_day, before = (
        Notice(
            run_id=followup.run.id,
            student_id=student.id,
            state="objected",
            objection="成绩有误",
            created_at=datetime(2027, 6, 1, hour, 30),
        )
        for student, hour in ((followup.red, 16), (followup.orange, 15))
    )
    db.session.add_all([on_the_day, before])
    run_retention(app, db, monkeypatch)
    assert db.session.get(Notice, on_the_day.id).objection == "成绩有误"
    assert db.session.get(Notice, before.id).objection is None
    trail = db.session.query(AuditEvent).filter_by(action="retention").all()
    assert any("warnings: 1 cleared (before 2027-06-02)" in e.detail for e in trail)


def test_a_volunteers_bank_details_are_kept_by_the_day_they_applied_on_the_colleges_clock(
    app, db, make, followup, monkeypatch
):
    """Peer help's retention too: applied at 16:30 UTC on 1 June 2027 is 2 June in Beijing,
    the first day kept; an hour earlier is 1 June there, and its bank details are cleared."""
    from portal.modules.peer_help.models import Volunteer

    kept, cleared = (
        make.volunteer(
            student,
            state="retired",
            applied_at=datetime(2027, 6, 1, hour, 30),
            bank_name="中国银行",
            bank_account="6222020200112233",
        )
        for student, hour in ((followup.red, 16), (followup.orange, 15))
    )
    run_retention(app, db, monkeypatch)
    assert db.session.get(Volunteer, kept.id).bank_account == "6222020200112233"
    assert db.session.get(Volunteer, cleared.id).bank_account is None
