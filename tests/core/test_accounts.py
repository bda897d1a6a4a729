"""Student accounts in bulk from the roster; initial passwords handed out once."""

from io import BytesIO

from openpyxl import load_workbook

from portal.core.models import User


def test_secretary_creates_a_class_of_accounts_and_gets_their_passwords(client, make, login, db):
    school_class = make.school_class()
    students = [make.student(school_class) for _ in range(3)]
    make.student_user(students[0])
    login(make.user("SE1", role="secretary", scope=school_class.major.college))
    page = client.get(f"/students/accounts?class_id={school_class.id}").get_data(as_text=True)
    assert "2 名学生尚无账号" in page
    response = client.post(f"/students/accounts?class_id={school_class.id}")
    rows = list(load_workbook(BytesIO(response.data)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [s.student_no for s in students[1:]]
    created = db.session.query(User).filter_by(username=students[1].student_no).one()
    assert created.must_change_password and created.roles == {"student"}
    client.post("/logout")
    login_response = client.post("/login", data={"username": rows[1][0], "password": rows[1][3]})
    assert login_response.status_code == 303
    assert client.get("/").headers["Location"].endswith("/password")


def test_accounts_only_for_classes_in_scope(client, make, login, db):
    mine, other = make.school_class(), make.school_class()
    make.student(other)
    login(make.user("SE2", role="secretary", scope=mine.major.college))
    client.post(f"/students/accounts?class_id={other.id}")
    assert db.session.query(User).filter(User.student_id.is_not(None)).count() == 0
