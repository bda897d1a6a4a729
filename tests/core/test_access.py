"""Scoped roles: staff act on their own units; students on themselves (security.md check 10)."""

import pytest


@pytest.fixture
def two_classes(make):
    college = make.college("学院甲")
    major = make.major(college)
    class_a, class_b = make.school_class(major, "A班"), make.school_class(major, "B班")
    return (
        class_a,
        class_b,
        make.student(class_a, name="甲同学"),
        make.student(class_b, name="乙同学"),
    )


def test_counselor_of_class_a_gets_404_on_a_student_of_class_b(client, make, login, two_classes):
    class_a, _class_b, student_a, student_b = two_classes
    login(make.user("C01", role="counselor", scope=class_a))
    assert client.get(f"/students/{student_a.id}").status_code == 200
    response = client.get(f"/students/{student_b.id}")
    assert response.status_code == 404 and "乙同学" not in response.get_data(as_text=True)


def test_student_list_holds_only_students_in_scope(client, make, login, two_classes):
    class_a, _class_b, student_a, student_b = two_classes
    login(make.user("C02", role="class_advisor", scope=class_a))
    page = client.get("/students/").get_data(as_text=True)
    assert student_a.student_no in page and student_b.student_no not in page


def test_college_scope_covers_every_class_of_the_college(client, make, login, two_classes):
    class_a, _b, student_a, student_b = two_classes
    login(make.user("L01", role="leader", scope=class_a.major.college))
    assert client.get(f"/students/{student_b.id}").status_code == 200


def test_other_college_is_out_of_scope(client, make, login, two_classes):
    _a, _b, student_a, _s = two_classes
    login(make.user("L02", role="leader", scope=make.college("学院乙")))
    assert client.get(f"/students/{student_a.id}").status_code == 404


def test_student_sees_own_profile_and_gets_404_on_another(client, make, login, two_classes):
    _a, _b, student_a, student_b = two_classes
    login(make.student_user(student_a))
    assert client.get(f"/students/{student_a.id}").status_code == 200
    response = client.get(f"/students/{student_b.id}")
    assert response.status_code == 404
    assert "乙同学" not in response.get_data(as_text=True)


def test_student_list_shows_a_student_only_themselves(client, make, login, two_classes):
    _a, _b, student_a, student_b = two_classes
    login(make.student_user(student_a))
    page = client.get("/students/").get_data(as_text=True)
    assert student_a.student_no in page and student_b.student_no not in page


@pytest.mark.parametrize("role", ["teacher", "volunteer"])
def test_teacher_and_volunteer_cannot_open_student_profiles(client, make, login, two_classes, role):
    class_a, _b, student_a, _s = two_classes
    if role == "volunteer":
        user = make.user("V01", role="volunteer", student=make.student(class_a))
    else:
        user = make.user("TE1", role="teacher", scope=class_a)
    login(user)
    assert client.get(f"/students/{student_a.id}").status_code == 403


def test_family_details_need_the_sensitive_permission(client, make, login, two_classes):
    class_a, _b, student_a, _s = two_classes
    make.guardian(student_a, phone="13912345678")
    login(make.user("AD1", role="class_advisor", scope=class_a))
    assert client.get(f"/students/{student_a.id}/family").status_code == 403
    login(make.user("CO1", role="counselor", scope=class_a))
    assert "13912345678" in client.get(f"/students/{student_a.id}/family").get_data(as_text=True)


def test_admin_pages_are_for_admins_only(client, make, login):
    login(make.user("SEC", role="secretary", scope=make.college()))
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/audit").status_code == 403
    login(make.user("ADM", role="admin"))
    assert client.get("/admin/users").status_code == 200
