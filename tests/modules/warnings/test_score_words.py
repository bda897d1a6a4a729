"""A text grade (旷考, 不及格 …) under "Courses behind it" on an English page reads in
English with the stored word beside it; the Chinese page and the exports keep the word."""

from portal.core.cells import DEFAULT_SCORE_WORDS, SCORE_WORDS_IN_ENGLISH
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run


def test_every_score_word_the_import_accepts_has_english_words():
    assert set(SCORE_WORDS_IN_ENGLISH) == set(DEFAULT_SCORE_WORDS)


def test_a_text_grade_reads_in_english_beside_the_stored_word(make, grades, db, client, login):
    college = make.college("成绩学院")
    student = make.student(make.school_class(make.major(college)))
    grades(
        student,
        "2024-2025-1",
        [("A", 6, "旷考", "regular"), ("D", 2, 40, "regular"), ("B", 10, 90, "regular")],
    )
    make.grade(student, make.term("2024-2025-1"), "C", 4, 0, score_text="不及格", passed=False)
    run = compute_run(make.term("2024-2025-1"), rulesets.load("anshan"), college_id=college.id)
    run.status = "published"
    login(make.user(role="secretary", scope=college))
    db.session.commit()
    page = client.get(f"/warnings/students/{student.id}").get_data(as_text=True)
    assert "<td>旷考</td>" in page and "<td>不及格</td>" in page and "absent" not in page
    client.post("/locale", data={"locale": "en"})
    page = client.get(f"/warnings/students/{student.id}").get_data(as_text=True)
    assert "<td>absent (旷考)</td>" in page and "<td>fail (不及格)</td>" in page
    assert "<td>40</td>" in page  # a number stays a number
