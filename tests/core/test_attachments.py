"""Scans of signed paper forms (issue 18): PDF, JPEG or PNG only, checked by their content,
size-limited, plain names only — a refused file leaves nothing behind; a scan is served
only to someone who may see its record (404 to every role outside scope), and audited."""

import io

import pytest
from sqlalchemy import func, select

from portal.core.models import Attachment, AuditEvent
from portal.core.roles import ROLES
from portal.modules.parents.models import Contact
from portal.modules.talks.models import Talk

from ..modules.parents.test_parents import contact, guardian_of
from ..modules.talks.test_talks import form

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _talk(client, login, db, followup, student=None) -> Talk:
    login(followup.counselor)
    client.post(f"/talks/students/{(student or followup.red).id}/new", data=form())
    return db.session.query(Talk).order_by(Talk.id.desc()).first()


def _post(client, url, data: bytes, name: str, mimetype: str):
    return client.post(
        url, data={"file": (io.BytesIO(data), name, mimetype)}, content_type="multipart/form-data"
    )


def stored(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Attachment))


def test_a_signed_scan_is_attached_and_served_to_staff_who_see_the_record(
    client, login, db, followup
):
    talk = _talk(client, login, db, followup)
    response = _post(
        client, f"/talks/{talk.id}/attachments", PDF, "谈话记录表-签字.pdf", "application/pdf"
    )
    assert response.status_code == 303
    scan = db.session.query(Attachment).one()
    assert (scan.kind, scan.record_id, scan.student_id) == ("talks.talk", talk.id, followup.red.id)
    page = client.get(f"/talks/{talk.id}").get_data(as_text=True)
    assert "谈话记录表-签字.pdf" in page
    login(followup.advisor)
    served = client.get(f"/attachments/{scan.id}")
    assert served.status_code == 200 and served.data == PDF
    assert served.mimetype == "application/pdf"
    assert "attachment" in served.headers["Content-Disposition"]
    actions = set(
        db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.student_id == followup.red.id)
        )
    )
    assert {"attachment_add", "attachment_view"} <= actions


def test_a_parent_record_takes_a_png_scan(client, login, db, followup):
    login(followup.counselor)
    client.post(
        f"/parents/students/{followup.red.id}/new", data=contact(guardian_of(db, followup.red))
    )
    record = db.session.query(Contact).one()
    assert (
        _post(client, f"/parents/{record.id}/attachments", PNG, "回执.png", "image/png").status_code
        == 303
    )
    assert db.session.query(Attachment).one().kind == "parents.contact"


@pytest.mark.parametrize(
    ("data", "name", "mimetype", "message"),
    [
        (b"MZ\x90\0 not a pdf at all", "scan.pdf", "application/pdf", "文件内容与其扩展名"),
        (PNG, "scan.pdf", "application/pdf", "文件内容与其扩展名"),
        (PDF, "scan.png", "image/png", "文件内容与其扩展名"),
        (PDF, "scan.pdf", "image/png", "文件内容与其扩展名"),
        (b"<svg onload=alert(1)>", "scan.svg", "image/svg+xml", "只能上传 PDF"),
        (PDF, "../../portal/static/x.pdf", "application/pdf", "不接受此文件名"),
        (PDF, "..\\..\\x.pdf", "application/pdf", "不接受此文件名"),
        (PDF, "\u202e.pdf", "application/pdf", "不接受此文件名"),  # nothing but ".pdf" left
    ],
)
def test_a_wrong_type_or_a_traversal_name_is_refused_and_nothing_stored(
    client, login, db, followup, data, name, mimetype, message
):
    talk = _talk(client, login, db, followup)
    response = _post(client, f"/talks/{talk.id}/attachments", data, name, mimetype)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message in text
    assert stored(db) == 0


@pytest.mark.parametrize(
    ("posted", "kept"),
    [
        ("a\u202egnp.pdf", "agnp.pdf"),  # a right-to-left override: read as "apdf.png"
        ("报告\u2067\u200f签字\u2069.pdf", "报告签字.pdf"),  # an isolate, a mark
        ("a\x00b\u200b\ufeff\u2028.pdf", "ab.pdf"),  # NUL, zero width, BOM, line separator
        ("谈话记录表（签字）.pdf", "谈话记录表（签字）.pdf"),  # Chinese kept whole
    ],
)
def test_a_scans_name_is_kept_without_controls_or_bidi_characters(
    client, login, db, followup, posted, kept
):
    """Probe finding 5: Unicode Cc and Cf (the bidi controls among them) are dropped from
    the name kept, shown and sent back as the download's name."""
    talk = _talk(client, login, db, followup)
    response = _post(client, f"/talks/{talk.id}/attachments", PDF, posted, "application/pdf")
    assert response.status_code == 303
    scan = db.session.query(Attachment).one()
    assert scan.filename == kept
    served = client.get(f"/attachments/{scan.id}")
    disposition = served.headers["Content-Disposition"]
    assert "%E2%80%AE" not in disposition and "\u202e" not in disposition
    assert disposition.endswith(".pdf") and ".png" not in disposition


def test_an_oversized_file_is_refused_and_nothing_stored(
    app, client, login, db, followup, monkeypatch
):
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 1024)
    talk = _talk(client, login, db, followup)
    response = _post(
        client, f"/talks/{talk.id}/attachments", PDF + b"0" * 2000, "big.pdf", "application/pdf"
    )
    assert response.status_code == 422 and "文件超过" in response.get_data(as_text=True)
    assert stored(db) == 0


@pytest.mark.parametrize("role", [*ROLES, "admin_none"])
def test_another_students_scan_answers_404_to_every_role_outside_scope(
    client, login, make, db, followup, role
):
    talk = _talk(client, login, db, followup)
    _post(client, f"/talks/{talk.id}/attachments", PDF, "scan.pdf", "application/pdf")
    scan = db.session.query(Attachment).one()
    elsewhere = make.school_class(make.major(make.college(name="别的学院")))
    if role == "student":
        user = make.student_user(followup.yellow)  # a classmate, not the student
    elif role == "volunteer":
        user = make.student_user(followup.orange)
        make.grant(user, "volunteer")
    elif role == "admin_none":
        user = make.user()  # an account with no grant at all
    elif role == "admin":
        user = make.user(role="admin")  # over the whole school, and no student's records
    else:
        user = make.user(role=role, scope=elsewhere)
    login(user)
    denied = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "denied")
    )
    response = client.get(f"/attachments/{scan.id}")
    assert response.status_code == 404 and PDF not in response.data
    if role != "admin_none":
        assert (
            db.session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "denied")
            )
            == denied + 1
        )


def test_a_course_teacher_of_another_class_cannot_attach_to_the_record(
    client, login, make, db, followup
):
    talk = _talk(client, login, db, followup)
    login(make.user(role="teacher", scope=make.school_class(make.major())))
    assert (
        _post(
            client, f"/talks/{talk.id}/attachments", PDF, "scan.pdf", "application/pdf"
        ).status_code
        == 404
    )
    assert stored(db) == 0
