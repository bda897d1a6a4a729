"""The warned-students page (name and level) in its reader's words (walk finding 8): each
student's level named by their own college's ruleset, also when it is carried from a roster
of an earlier term; "your classes" only for a course teacher."""

import pytest


@pytest.fixture
def two_colleges(term_history, grades):
    """An anshan college published at both terms; a guangxi one at the first only, so its
    student's 试读 (probation) is carried into the second term's list."""
    anshan = term_history.college("anshan")
    guangxi = term_history.college("guangxi")
    red = term_history.student(anshan, name="红色同学")
    probation = term_history.student(guangxi, name="试读同学")
    grades(red, "2024-2025-1", [("A", 30, 20, "regular")])
    grades(probation, "2024-2025-1", [("B", 30, 20, "regular")])
    grades(red, "2024-2025-2", [("C", 2, 90, "regular")])
    for college in (anshan, guangxi):
        term_history.publish(college, "2024-2025-1")
    term_history.publish(anshan, "2024-2025-2")
    return dict(term=grades(red, "2024-2025-2", []), colleges=(anshan, guangxi))


def _level_cells(page: str) -> dict[str, str]:
    import re

    rows = re.findall(r'<td class="name">(.*?)</td><td>.*?</td><td>(.*?)</td></tr>', page, re.S)
    return {name: re.sub(r"<[^>]+>", "", cell).strip() for name, cell in rows}


@pytest.mark.parametrize(
    ("locale", "probation", "hint", "not_hint"),
    [
        ("zh_CN", "试读", "所教班级中受到学业警示的学生", "负责范围内"),
        ("en", "Probation", "Students in your classes", "Students in your scope who"),
    ],
)
def test_a_teacher_of_both_colleges_reads_each_college_s_own_level_names(
    client, make, login, db, two_colleges, locale, probation, hint, not_hint
):
    teacher = make.user("LV1", role="teacher", locale=locale)
    for college in two_colleges["colleges"]:
        make.teaching(teacher, college.school_class)
    login(teacher)
    page = client.get(f"/warnings/levels?term={two_colleges['term'].id}").get_data(as_text=True)
    levels = _level_cells(page)
    assert levels["试读同学"] == probation
    assert levels["红色同学"] == ("红色预警" if locale == "zh_CN" else "Red warning")
    assert ">probation<" not in page and ">warning<" not in page
    assert hint in page and not_hint not in page


def test_a_course_teacher_still_reads_of_their_classes(client, make, login, db, two_colleges):
    anshan, _guangxi = two_colleges["colleges"]
    login(make.user("LV2", role="teacher", scope=anshan.school_class))
    page = client.get(f"/warnings/levels?term={two_colleges['term'].id}").get_data(as_text=True)
    assert "您所教班级中受到学业警示的学生" in page and "您负责范围内" not in page
    assert _level_cells(page) == {"红色同学": "红色预警"}
