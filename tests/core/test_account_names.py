"""What an account's number and a person's name may hold: an outside tester created an
account named "a b<script>". A log-in name is 2 to 40 letters, digits, dots, underscores
or hyphens; a student's number is their account's name, so the roster's numbers are held
to it too. A name may be Chinese, carry the middle dot of a minority name, accents,
spaces, hyphens and apostrophes, but no angle brackets, line breaks or invisible
characters."""

import pytest

from portal.core import cells
from portal.core.cells import CellError
from portal.core.models import User


def create(client, username, name="新老师"):
    return client.post("/admin/users/new", data={"username": username, "name": name, "active": "y"})


@pytest.mark.parametrize(
    "username",
    ["a b<script>", "a b", "x", "-lead", "张老师", "t9\u200b01", "a" * 41, "T900/1", "a@b"],
)
def test_a_log_in_name_outside_the_rule_is_refused_at_its_field(client, make, login, db, username):
    login(make.user("AN01", role="admin", locale="en"))
    response = create(client, username)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    start = page.index('<small class="err" id="username-err">')
    assert "letters (a–z, A–Z), digits, dots" in page[start : page.index("</small>", start)]
    assert db.session.query(User).count() == 1


@pytest.mark.parametrize("username", ["T900", "2023010001", "li.ming", "wang_f-2", "B19"])
def test_numbers_and_staff_names_are_accepted(client, make, login, db, username):
    login(make.user("AN02", role="admin"))
    assert create(client, f"  {username} ").status_code == 200
    assert db.session.query(User).filter_by(username=username).one()


def test_a_name_taken_in_another_case_is_taken(client, make, login, db):
    make.user("T950")
    login(make.user("AN03", role="admin", locale="en"))
    response = create(client, "t950")
    assert response.status_code == 422
    assert "This number already has an account." in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["a b<script>", "<b>王</b>", "王\n五", "王\u202e五", "王\u200b五"])
def test_a_name_with_markup_or_hidden_characters_is_refused(client, make, login, db, name):
    target = make.user("T951", name="原名")
    login(make.user("AN04", role="admin", locale="en"))
    for response in (
        create(client, "T952", name),
        client.post(f"/admin/users/{target.id}", data={"name": name, "active": "y"}),
    ):
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        start = page.index('<small class="err" id="name-err">')
        assert "no angle brackets" in page[start : page.index("</small>", start)]
    db.session.expire_all()
    assert db.session.get(User, target.id).name == "原名"
    assert db.session.query(User).filter_by(username="T952").count() == 0


def test_a_control_character_in_a_name_is_dropped_as_in_every_form(client, make, login, db):
    """The core drops control characters from every form's text (core/form_input.py)."""
    target = make.user("T953", name="原名")
    login(make.user("AN06", role="admin", locale="en"))
    client.post(f"/admin/users/{target.id}", data={"name": "王\x07五", "active": "y"})
    db.session.expire_all()
    assert db.session.get(User, target.id).name == "王五"


@pytest.mark.parametrize(
    "name", ["买买提·艾力", "阿依古丽•吐尔逊", "O'Brien", "Anne-Marie Lefèvre", "欧阳 娜娜"]
)
def test_names_of_people_are_accepted(client, make, login, db, name):
    login(make.user("AN05", role="admin"))
    assert create(client, "T953", name).status_code == 200
    assert db.session.query(User).filter_by(username="T953").one().name == name


@pytest.mark.parametrize("number", ["2023 0001", "2023/0001", "学2023", "7", "a<b>", "-2023"])
def test_a_roster_number_that_cannot_name_an_account_is_refused(number):
    with pytest.raises(CellError) as refused:
        cells.student_no(number)
    assert "letters, digits, dots" in str(refused.value.message)


def test_a_class_gets_accounts_only_for_numbers_that_can_name_one(client, make, login, db):
    """A number from before the rule, or one a staff account already bears as its name,
    is listed with why; the class's other students get their accounts (it was a crash)."""
    school_class = make.school_class()
    fine = make.student(school_class, student_no="2023770001")
    spaced = make.student(school_class, student_no="2023 770002")
    taken = make.student(school_class, student_no="2023770003")
    make.user("2023770003")
    login(make.user("AN06", role="secretary", scope=school_class.major.college, locale="en"))
    url = f"/students/accounts?class_id={school_class.id}"
    page = client.get(url).get_data(as_text=True)
    assert "1 students of this class have no account yet." in page
    assert "2023 770002" in page and "correct the number in the roster" in page
    assert "another account already has this number as its name" in page
    assert client.post(url).status_code == 200
    made = {u.student_id for u in db.session.query(User).filter(User.student_id.is_not(None))}
    assert made == {fine.id} and not {spaced.id, taken.id} & made
