"""The roster import writes in bulk (issue 21) and still leaves the audit trail, status rule
and counts the one-object-at-a-time write left."""

from datetime import date

from sqlalchemy import text

from portal.core.models import AuditEvent, Guardian, Student

from ..xlsx_files import ROSTER_HEADER, roster_row, write_xlsx


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def audit_rows(db, action, object_type):
    return db.session.query(AuditEvent).filter_by(action=action, object_type=object_type).all()


def test_new_students_and_parents_each_leave_a_create_audit_row(app, db, tmp_path):
    roster = write_xlsx(
        tmp_path / "r.xlsx",
        [ROSTER_HEADER, roster_row(2023010001), roster_row(2023010002, "李四", 家长姓名="李母")],
    )
    assert cli(app, "import-students", str(roster)).exit_code == 0
    students = {s.id: s for s in db.session.query(Student)}
    created = audit_rows(db, "create", "Student")
    assert sorted(int(e.object_id) for e in created) == sorted(students)
    assert all(e.student_id == int(e.object_id) for e in created)
    # Written in bulk (COPY on PostgreSQL), the phone is still sealed and reads back.
    raw = db.session.execute(text("SELECT phone, extended_study FROM core_student")).all()
    assert all(phone.startswith("enc1:") for phone, _extended in raw)
    assert not any(extended for _phone, extended in raw)
    assert {s.phone for s in students.values()} == {"13800000001"}
    guardians = audit_rows(db, "create", "Guardian")
    assert sorted((int(e.object_id), e.student_id) for e in guardians) == sorted(
        (g.id, g.student_id) for g in db.session.query(Guardian)
    )


def test_a_changed_student_and_parent_are_audited_with_the_fields_that_changed(app, db, tmp_path):
    first = write_xlsx(
        tmp_path / "a.xlsx", [ROSTER_HEADER, roster_row(2023010001), roster_row(2023010002, "李四")]
    )
    cli(app, "import-students", str(first))
    changed = write_xlsx(
        tmp_path / "b.xlsx",
        [
            ROSTER_HEADER,
            roster_row(2023010001, "张三丰", 联系电话="13811112222"),
            roster_row(2023010002, "李四", 家长电话="13900009999"),
        ],
    )
    result = cli(app, "import-students", str(changed))
    assert "新增 0，更新 2，未变 0" in result.output
    zhang = db.session.query(Student).filter_by(student_no="2023010001").one()
    li = db.session.query(Student).filter_by(student_no="2023010002").one()
    assert (zhang.name, zhang.phone) == ("张三丰", "13811112222")
    assert li.guardians[0].phone == "13900009999"
    (student_update,) = audit_rows(db, "update", "Student")
    assert (student_update.object_id, set(student_update.fields.split(","))) == (
        str(zhang.id),
        {"name", "phone"},
    )
    (guardian_update,) = audit_rows(db, "update", "Guardian")
    assert (guardian_update.student_id, guardian_update.fields) == (li.id, "phone")


def test_a_new_status_from_the_file_clears_the_date_and_reason_given_by_hand(app, db, tmp_path):
    header = [*ROSTER_HEADER, "学籍状态"]
    first = write_xlsx(tmp_path / "a.xlsx", [header, [*roster_row(2023010001), "在读"]])
    cli(app, "import-students", str(first))
    zhang = db.session.query(Student).one()
    zhang.status_since, zhang.status_reason = date(2025, 3, 1), "试读"
    db.session.commit()
    again = cli(app, "import-students", str(first))
    assert "更新 0" in again.output
    db.session.refresh(zhang)
    assert zhang.status_reason == "试读"
    suspended = write_xlsx(tmp_path / "b.xlsx", [header, [*roster_row(2023010001), "休学"]])
    assert cli(app, "import-students", str(suspended)).exit_code == 0
    db.session.refresh(zhang)
    assert (zhang.status, zhang.status_since, zhang.status_reason) == ("suspended", None, None)


def test_a_new_parent_of_a_known_student_counts_as_an_update(app, db, tmp_path):
    first = write_xlsx(tmp_path / "a.xlsx", [ROSTER_HEADER, roster_row(2023010001)])
    cli(app, "import-students", str(first))
    second = write_xlsx(
        tmp_path / "b.xlsx",
        [ROSTER_HEADER, roster_row(2023010001, 家长姓名="张母", 家长关系="母亲")],
    )
    assert "新增 0，更新 1，未变 0" in cli(app, "import-students", str(second)).output
    zhang = db.session.query(Student).one()
    assert [g.name for g in zhang.guardians] == ["张父", "张母"]


ACTOR = ("user_id", "username", "roles", "ip", "request_id")


def _actor(event):
    return tuple(getattr(event, name) for name in ACTOR)


def test_created_students_audit_rows_are_whole_and_in_file_order(app, db, tmp_path):
    """Issue 21: the create rows are written by the database (INSERT … SELECT): each holds
    what a row written one by one held, in the order of the file."""
    numbers = [2023010003, 2023010001, 2023010002]
    roster = write_xlsx(tmp_path / "r.xlsx", [ROSTER_HEADER, *map(roster_row, numbers)])
    assert cli(app, "import-students", str(roster)).exit_code == 0
    ids = {s.student_no: s.id for s in db.session.query(Student)}
    created = sorted(audit_rows(db, "create", "Student"), key=lambda e: e.id)
    assert [e.object_id for e in created] == [str(ids[str(n)]) for n in numbers]
    assert [e.student_id for e in created] == [ids[str(n)] for n in numbers]
    assert {(e.fields, e.detail) for e in created} == {(None, None)}
    (batch,) = audit_rows(db, "import", "students")
    assert {_actor(e) for e in created} == {_actor(batch)}
    assert all(abs((e.at - batch.at).total_seconds()) < 60 for e in created)


def test_a_web_upload_names_its_uploader_on_every_create_row(client, make, login, db, tmp_path):
    college = make.college("生命科学学院")
    major = make.major(college, "生物科学")
    make.school_class(major, "生科2301班")
    user = make.user("RB1", role="secretary", scope=college)
    login(user)
    roster = write_xlsx(tmp_path / "r.xlsx", [ROSTER_HEADER, roster_row(2023010001)])
    with open(roster, "rb") as handle:
        page = client.post(
            "/imports/students",
            data={"file": (handle, roster.name)},
            content_type="multipart/form-data",
            follow_redirects=True,
        ).get_data(as_text=True)
    assert "新增 1" in page
    (created,) = audit_rows(db, "create", "Student")
    (batch,) = audit_rows(db, "import", "students")
    assert _actor(created) == _actor(batch)
    assert (created.user_id, created.username) == (user.id, "RB1")
    assert created.ip and created.request_id


def test_new_students_ids_are_found_even_below_the_largest_id_before(
    app, db, tmp_path, monkeypatch
):
    """The ids of the new students are read past the largest id before the insert; one the
    database placed elsewhere (a sequence reset below existing ids) is found by its 学号."""
    from portal.core import students_import

    monkeypatch.setattr(students_import, "_largest_student_id", lambda: 10**9)
    numbers = [2023010001, 2023010002]
    roster = write_xlsx(tmp_path / "r.xlsx", [ROSTER_HEADER, *map(roster_row, numbers)])
    assert cli(app, "import-students", str(roster)).exit_code == 0
    students = db.session.query(Student).all()
    assert len(students) == 2 and all(g.student_id for s in students for g in s.guardians)
    created = audit_rows(db, "create", "Student")
    assert sorted(int(e.object_id) for e in created) == sorted(s.id for s in students)


def test_created_ids_with_gaps_are_selected_exactly(app, db):
    from sqlalchemy import select

    from portal.core.students_import import _spans

    with app.app_context():
        for ids in ([3, 4, 5], [3, 5, 9], list(range(1, 12001, 2))):
            spans = _spans(ids)
            sql = [str(select(Student.id).where(span).compile()) for span in spans]
            assert len(spans) == (1 if ids == [3, 4, 5] else -(-len(ids) // 5000))
            assert ("BETWEEN" in sql[0]) == (ids == [3, 4, 5])
