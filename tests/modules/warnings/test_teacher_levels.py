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


def test_finding_9_the_teachers_page_searches_by_name_only_and_filters_nothing_else(
    client, make, login, grades, db
):
    """Issue 15 #9: a number typed in the search must not tell whether that 学号 exists,
    and the page takes no filter on what it does not show (parent receipts, units)."""
    school_class = make.school_class(name="任课班")
    first = make.student(school_class, name="关注生", student_no="2023990001")
    second = make.student(school_class, name="另一位", student_no="2023990002")
    for s in (first, second):
        grades(s, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 10, 90, "regular")])
    compute_run(make.term("2024-2025-1"), rulesets.load("anshan")).status = "published"
    login(make.user("TL2", role="teacher", scope=school_class))

    def names(query):
        page = client.get(f"/warnings/levels?{query}").get_data(as_text=True)
        return {n for n in ("关注生", "另一位") if n in page}

    assert names("q=关注") == {"关注生"}
    assert names("q=2023990001") == set() == names("q=20239900")
    # Filters the page does not offer change nothing.
    for query in (
        "receipt=returned",
        "receipt=none",
        "receipt=sent",
        "category=academic",
        f"class={school_class.id + 1}",
        "change=new",
        "level=academic:red",
    ):
        assert names(query) == {"关注生", "另一位"}, query
    page = client.get("/warnings/levels").get_data(as_text=True)
    assert "2023990001" not in page and "回执" not in page
