"""Terms with dates, students' statuses the policies use (试读, 降级试读), and key-group flags
(YPC 第三条) — issue 16: who may set and see each, bad input refused whole, imports."""

from datetime import date, datetime

import pytest

from portal.core.models import AuditEvent, Student, StudentFlag, Term

from ..xlsx_files import GRADES_HEADER, ROSTER_HEADER, grade_row, roster_row, write_xlsx


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


# -- terms ------------------------------------------------------------------------------------


def test_the_administrator_enters_a_terms_dates(client, login, make, db):
    term = make.term("2025-2026-1")
    login(make.user(role="admin"))
    assert "2025-2026学年第1学期" in client.get("/admin/terms").get_data(as_text=True)
    client.post(
        "/admin/terms",
        data={"term_id": term.id, "start_date": "2025-09-01", "end_date": "2026-01-16"},
    )
    db.session.refresh(term)
    assert (term.start_date, term.end_date) == (date(2025, 9, 1), date(2026, 1, 16))
    assert db.session.query(AuditEvent).filter_by(action="term_dates").count() == 1


def test_the_administrator_adds_a_term_no_import_has_named(client, login, make, db):
    login(make.user(role="admin"))
    client.post("/admin/terms", data={"code": "2026-2027学年第一学期", "start_date": "2026-09-07"})
    term = db.session.query(Term).filter_by(code="2026-2027-1").one()
    assert (term.start_year, term.n, term.start_date) == (2026, 1, date(2026, 9, 7))


@pytest.mark.parametrize(
    "data",
    [
        {"start_date": "2025-09-01", "end_date": "2025-08-01"},  # ends before it starts
        {"start_date": "2031-09-01"},  # outside the term's years
        {"start_date": "九月一日"},
    ],
)
def test_bad_term_dates_are_refused_and_nothing_is_written(client, login, make, db, data):
    term = make.term("2025-2026-1")
    login(make.user(role="admin"))
    response = client.post("/admin/terms", data={"term_id": term.id, **data})
    assert response.status_code == 422
    db.session.refresh(term)
    assert term.start_date is None and term.end_date is None


def test_a_duplicate_new_term_is_refused(client, login, make, db):
    make.term("2025-2026-1")
    login(make.user(role="admin"))
    response = client.post("/admin/terms", data={"code": "2025-2026-1"})
    assert response.status_code == 422 and "已在列表中" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["secretary", "leader", "counselor"])
def test_only_the_administrator_edits_terms(client, login, make, db, role):
    term = make.term("2025-2026-1")
    login(make.user(role=role))
    assert client.get("/admin/terms").status_code == 403
    assert (
        client.post(
            "/admin/terms", data={"term_id": term.id, "start_date": "2025-09-01"}
        ).status_code
        == 403
    )
    db.session.refresh(term)
    assert term.start_date is None


@pytest.fixture
def students(app, db, tmp_path):
    path = write_xlsx(tmp_path / "roster.xlsx", [ROSTER_HEADER, roster_row(2023010001)])
    assert cli(app, "import-students", str(path)).exit_code == 0


def test_grades_import_reads_an_optional_term_start_column(app, db, tmp_path, students):
    header = [*GRADES_HEADER, "开学日期"]
    path = write_xlsx(
        tmp_path / "grades.xlsx",
        [
            header,
            [*grade_row(2023010001, code="A"), datetime(2024, 9, 2)],
            [*grade_row(2023010001, code="B"), "2024-09-02"],
            [*grade_row(2023010001, term="2024-2025-2", code="C"), "2025年2月24日"],
        ],
    )
    result = cli(app, "import-grades", str(path))
    assert result.exit_code == 0, result.output
    starts = {t.code: t.start_date for t in db.session.query(Term)}
    assert starts == {"2024-2025-1": date(2024, 9, 2), "2024-2025-2": date(2025, 2, 24)}


def test_a_term_given_two_start_dates_is_a_bad_row_and_nothing_is_written(
    app, db, tmp_path, students
):
    header = [*GRADES_HEADER, "开学日期"]
    path = write_xlsx(
        tmp_path / "grades.xlsx",
        [
            header,
            [*grade_row(2023010001, code="A"), "2024-09-02"],
            [*grade_row(2023010001, code="B"), "2024-09-09"],
            [*grade_row(2023010001, code="C"), "下周一"],
        ],
    )
    result = cli(app, "import-grades", str(path))
    assert result.exit_code == 1
    assert "第 3 行，“开学日期”列" in result.output and "第 2 行" in result.output
    assert "第 4 行，“开学日期”列" in result.output and "下周一" in result.output
    assert db.session.query(Term).count() == 0


# -- statuses -------------------------------------------------------------------------------


@pytest.fixture
def people(make):
    college = make.college("状态学院")
    school_class = make.school_class(make.major(college))
    student = make.student(school_class, name="试读同学", phone="13700000000")
    return dict(
        college=college,
        student=student,
        secretary=make.user(role="secretary", scope=college),
        leader=make.user(role="leader", scope=college),
        counselor=make.user(role="counselor", scope=school_class),
        advisor=make.user(role="class_advisor", scope=school_class),
        teacher=make.user(role="teacher", scope=college),
    )


def test_the_secretary_sets_probation_with_a_date_and_reason(client, login, people, db):
    student = people["student"]
    login(people["secretary"])
    client.post(
        f"/students/{student.id}/status",
        data={"status": "probation", "since": "2025-03-01", "reason": "西大教〔2025〕3号"},
    )
    db.session.refresh(student)
    assert (student.status, student.status_since, student.status_reason) == (
        "probation",
        date(2025, 3, 1),
        "西大教〔2025〕3号",
    )
    page = client.get(f"/students/{student.id}").get_data(as_text=True)
    assert "试读" in page and "西大教〔2025〕3号" in page
    audit = db.session.query(AuditEvent).filter_by(object_type="Student", action="update").all()
    assert any("status" in (e.fields or "") for e in audit)


@pytest.mark.parametrize(
    "data, said",
    [
        ({"status": "probation", "since": "", "reason": "x"}, "请填写该状态的起始日期。"),
        ({"status": "probation", "since": "2025-03-01", "reason": "  "}, "请填写原因"),
        ({"status": "expelled", "since": "2025-03-01", "reason": "x"}, "请选择一种学籍状态。"),
        ({"status": "bogus", "since": "2025-03-01", "reason": "x"}, "请选择一种学籍状态。"),
    ],
)
def test_a_status_without_date_reason_or_known_value_is_refused(
    client, login, people, db, data, said
):
    """Probe finding 4: the profile again with why (422), not a redirect and a flash."""
    login(people["secretary"])
    response = client.post(f"/students/{people['student'].id}/status", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert said in page and "试读同学" in page and 'name="since"' in page
    db.session.refresh(people["student"])
    assert people["student"].status == "enrolled" and people["student"].status_since is None


@pytest.mark.parametrize("role", ["counselor", "advisor", "leader", "teacher"])
def test_only_the_secretary_sets_a_status(client, login, people, db, role):
    login(people[role])
    response = client.post(
        f"/students/{people['student'].id}/status",
        data={"status": "demoted", "since": "2025-03-01", "reason": "x"},
    )
    assert response.status_code in (403, 404)
    db.session.refresh(people["student"])
    assert people["student"].status == "enrolled"


def test_the_roster_import_sets_the_status_from_an_optional_column(app, db, tmp_path):
    header = [*ROSTER_HEADER, "学籍状态"]
    path = write_xlsx(
        tmp_path / "roster.xlsx",
        [
            header,
            [*roster_row(2023010001), "降级试读"],
            [*roster_row(2023010002), "在读"],
            [*roster_row(2023010003), ""],
        ],
    )
    assert cli(app, "import-students", str(path)).exit_code == 0, "import"
    statuses = {s.student_no: s.status for s in db.session.query(Student)}
    assert statuses == {"2023010001": "demoted", "2023010002": "enrolled", "2023010003": "enrolled"}
    bad = write_xlsx(tmp_path / "bad.xlsx", [header, [*roster_row(2023010002), "保留学籍"]])
    result = cli(app, "import-students", str(bad))
    assert result.exit_code == 1 and "保留学籍" in result.output and "学籍状态" in result.output
    assert db.session.query(Student).filter_by(student_no="2023010002").one().status == "enrolled"


def test_a_student_on_probation_keeps_their_contacts_at_retention(app, db, people, monkeypatch):
    """Regression: retention cleared the phones of everyone not 'enrolled'."""
    from portal.core import clock, retention

    student = people["student"]
    student.status = "probation"
    db.session.flush()
    db.session.execute(
        db.text(
            f"UPDATE core_student SET updated_at = '2020-01-01 00:00:00' WHERE id = {student.id}"
        )
    )
    monkeypatch.setattr(clock, "today", lambda: date(2031, 12, 1))
    with app.test_request_context():
        retention.run()
    db.session.expire_all()
    assert db.session.get(Student, student.id).phone == "13700000000"


# -- key-group flags ------------------------------------------------------------------------


def test_the_counselor_sets_key_group_flags_and_each_is_audited(client, login, people, db):
    student = people["student"]
    login(people["counselor"])
    client.post(f"/students/{student.id}/flags", data={"flag": ["financial", "psychological"]})
    assert {f.flag for f in db.session.query(StudentFlag)} == {"financial", "psychological"}
    client.post(f"/students/{student.id}/flags", data={"flag": ["financial"]})
    assert [f.flag for f in db.session.query(StudentFlag)] == ["financial"]
    trail = [
        (e.action, e.detail)
        for e in db.session.query(AuditEvent)
        .filter(AuditEvent.action.in_(("flag_set", "flag_cleared")))
        .order_by(AuditEvent.id)
    ]
    assert trail == [
        ("flag_set", "financial"),
        ("flag_set", "psychological"),
        ("flag_cleared", "psychological"),
    ]


@pytest.mark.parametrize("flags", [["financial", "rich"], ["zzz_bogus"]])
def test_an_unknown_flag_is_refused_and_nothing_is_written(client, login, people, db, flags):
    """Probe finding 4: the profile again with why (422), not a redirect and a flash."""
    login(people["counselor"])
    response = client.post(f"/students/{people['student'].id}/flags", data={"flag": flags})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "未知的重点帮扶类型。" in page and "试读同学" in page
    assert db.session.query(StudentFlag).count() == 0
    assert db.session.query(AuditEvent).filter_by(action="flag_set").count() == 0


@pytest.mark.parametrize(
    "role,sees,sets",
    [
        ("counselor", True, True),
        ("secretary", True, False),
        ("leader", True, False),
        ("advisor", False, False),
        ("teacher", False, False),
    ],
)
def test_each_roles_access_to_the_flags(client, login, people, db, make, role, sees, sets):
    student = people["student"]
    db.session.add(StudentFlag(student_id=student.id, flag="illness"))
    db.session.flush()
    login(people[role])
    page = client.get(f"/students/{student.id}").get_data(as_text=True)
    assert ("疾病" in page) is sees
    response = client.post(f"/students/{student.id}/flags", data={"flag": []})
    assert (response.status_code == 303) is sets
    assert db.session.query(StudentFlag).count() == (0 if sets else 1)


def test_the_student_never_sees_their_own_flags(client, login, people, db, make):
    student = people["student"]
    db.session.add(StudentFlag(student_id=student.id, flag="psychological"))
    db.session.flush()
    login(make.student_user(student))
    page = client.get(f"/students/{student.id}").get_data(as_text=True)
    assert "心理" not in page and "重点帮扶" not in page


def test_showing_flags_on_the_profile_is_audited(client, login, people, db):
    db.session.add(StudentFlag(student_id=people["student"].id, flag="illness"))
    db.session.flush()
    login(people["leader"])
    client.get(f"/students/{people['student'].id}")
    view = db.session.query(AuditEvent).filter_by(action="view", object_type="Student").one()
    assert view.fields == "key_group_flags"
