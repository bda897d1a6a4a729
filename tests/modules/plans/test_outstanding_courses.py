"""What a student still has to clear, as outstanding_failed_credits counts it: a course
passed at any attempt is passed (warning-rules.md §3), so a study plan never asks a
student to retake a course they already passed (a walk found 体育(2) asked for after a
pass followed by a failed 重修提高 attempt)."""

from portal.core.transcript import outstanding_failures
from portal.modules.plans.content import empty


def test_a_course_passed_at_any_attempt_is_not_outstanding(make, db):
    student = make.student(make.school_class(make.major(make.college("成绩学院"))))
    first, second = make.term("2024-2025-1"), make.term("2024-2025-2")
    make.grade(student, first, "PE", 1, 85)  # passed …
    make.grade(student, second, "PE", 1, 40)  # … then failed a later attempt
    make.grade(student, first, "MA", 5, 40)
    make.grade(student, first, "MA", 5, 65, kind="makeup")  # failed, then passed a make-up
    make.grade(student, first, "PH", 4, 30)
    make.grade(student, second, "PH", 4, 50, kind="retake")  # failed twice: outstanding
    make.grade(student, second, "CH", 3, 0, passed=False, ignored=True)  # 缓考: not attempted
    db.session.commit()
    assert [(c.code, c.credits) for c in outstanding_failures(student.id)] == [("PH", 4)]
    assert [c["code"] for c in empty(student.id)["courses"]] == ["PH"]
