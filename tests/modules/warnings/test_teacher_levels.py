"""A course teacher sees who is warned in their classes: name and level, nothing more."""

from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run


def test_teacher_sees_name_and_level_only(client, make, login, grades, db):
    school_class = make.school_class(name="任课班")
    student = make.student(school_class, name="关注生", family_situation="FAMILY-CANARY")
    outsider = make.student(make.school_class(), name="别班生")
    for s in (student, outsider):
        grades(s, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 10, 90, "regular")])
    compute_run(make.term("2024-2025-1"), rulesets.load("anshan")).status = "published"
    login(make.user("TL1", role="teacher", scope=school_class))
    page = client.get("/warnings/levels").get_data(as_text=True)
    assert "关注生" in page and "预警" in page
    assert "别班生" not in page and student.student_no not in page
    assert "不及格学分比例" not in page and "FAMILY-CANARY" not in page
    assert client.get("/warnings/").status_code == 403
    assert client.get(f"/warnings/students/{student.id}").status_code == 403
