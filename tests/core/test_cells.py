"""Cell parsers: warning-rules.md §1 (terms, scores, exam types, yes/no) and §4."""

from datetime import datetime
from fractions import Fraction

import pytest

from portal.core import cells
from portal.core.cells import CellError, Score, WordGrade


def message(exc_info) -> str:
    return str(exc_info.value.message)


# --- 学号 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (2021001, "2021001"),
        (2021001.0, "2021001"),
        ("2021001", "2021001"),
        ("  00210017 ", "00210017"),  # leading zeros in text are kept
        ("\u30002021001\u3000", "2021001"),  # full-width spaces
        ("２０２１００１", "2021001"),  # full-width digits
        ("S2021001", "S2021001"),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_student_no(raw, expected):
    assert cells.student_no(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        2021001.5,
        1e16,
        2.0**53,
        float("nan"),
        -5,
        True,
        "2.02101E+11",
        "20 21",
        "x" * 33,
        datetime(2024, 1, 1),
    ],
)
def test_student_no_rejects(raw):
    with pytest.raises(CellError):
        cells.student_no(raw)


def test_student_no_error_says_to_use_text():
    with pytest.raises(CellError) as e:
        cells.student_no(1.2345678901234567e15)
    assert "text" in message(e)


# --- 学年学期 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "2024-2025-1",
        "2024-2025学年第一学期",
        "2024-2025学年第1学期",
        "2024–2025-1",
        " 2024-2025-1 ",
        "2024－2025－1",
        "2024-2025学年 第一学期",
        "2024—2025学年1学期",
    ],
)
def test_term_spellings(raw):
    assert cells.term(raw) == "2024-2025-1"


SEMESTERS = {  # the spring term, and the summer term some schools number 3
    "2024-2025-2": "2024-2025-2",
    "2024-2025学年第二学期": "2024-2025-2",
    "2024-2025-3": "2024-2025-3",
    "2024-2025学年第三学期": "2024-2025-3",
}


@pytest.mark.parametrize(("raw", "expected"), SEMESTERS.items())
def test_term_semesters(raw, expected):
    assert cells.term(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "2024-2026-1",
        "2025-2024-1",
        "2024-2025-4",
        "2024-2025-0",
        "2024-2025学年第四学期",
        "2024-2025",
        "2024",
        "",
        None,
        2024.1,
        "第一学期",
    ],
)
def test_term_rejects(raw):
    with pytest.raises(CellError):
        cells.term(raw)


def test_term_error_names_consecutive_years():
    with pytest.raises(CellError) as e:
        cells.term("2024-2026-1")
    assert "consecutive" in message(e)


@pytest.mark.parametrize(
    ("year", "semester", "expected"),
    [
        ("2024-2025", 1, "2024-2025-1"),
        ("2024-2025", 1.0, "2024-2025-1"),
        ("2024-2025", "1", "2024-2025-1"),
        ("2024-2025", "一", "2024-2025-1"),
        ("2024-2025", "第一学期", "2024-2025-1"),
        ("2024-2025", 2, "2024-2025-2"),
        ("2024-2025", "二", "2024-2025-2"),
        ("2024-2025", "第二学期", "2024-2025-2"),
        ("2024-2025", 3, "2024-2025-3"),
        ("2024-2025", "三", "2024-2025-3"),
        ("2024-2025学年", "第1学期", "2024-2025-1"),
        ("2024–2025", " 2 ", "2024-2025-2"),
    ],
)
def test_term_from_parts(year, semester, expected):
    assert cells.term_from_parts(year, semester) == expected


@pytest.mark.parametrize(
    ("year", "semester", "part"),
    [
        ("2024-2026", 1, "academic_year"),
        ("2024", 1, "academic_year"),
        (None, 1, "academic_year"),
        ("2024-2025", 4, "semester"),
        ("2024-2025", "四", "semester"),
        ("2024-2025", 1.5, "semester"),
        ("2024-2025", None, "semester"),
        ("2024-2025", "秋", "semester"),
    ],
)
def test_term_from_parts_rejects_and_names_the_part(year, semester, part):
    with pytest.raises(CellError) as e:
        cells.term_from_parts(year, semester)
    assert e.value.part == part


# --- 学分, 绩点 -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (2, Fraction(2)),
        (2.5, Fraction(5, 2)),
        ("2.5", Fraction(5, 2)),
        (0.1, Fraction(1, 10)),
        ("0.1", Fraction(1, 10)),
        (" 3 ", Fraction(3)),
        (0, Fraction(0)),
        (30, Fraction(30)),
        ("１.５", Fraction(3, 2)),
    ],
)
def test_credits_exact(raw, expected):
    value = cells.credits(raw)
    assert value == expected and isinstance(value, Fraction)


@pytest.mark.parametrize("raw", [-1, 30.5, "abc", "", None, True, "1/2", float("inf"), "2,5"])
def test_credits_rejects(raw):
    with pytest.raises(CellError):
        cells.credits(raw)


def test_grade_point():
    assert cells.grade_point(None) is None
    assert cells.grade_point("") is None
    assert cells.grade_point(3.7) == Fraction(37, 10)
    assert cells.grade_point("4") == 4
    for bad in (5.1, -0.5, "A"):
        with pytest.raises(CellError):
            cells.grade_point(bad)


# --- 成绩 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "passed"),
    [
        (60, 60, True),
        (59.5, Fraction(119, 2), False),
        ("85", 85, True),
        (" 89.5 ", Fraction(179, 2), True),
        (0, 0, False),
        (100, 100, True),
        ("59.99", Fraction(5999, 100), False),
    ],
)
def test_score_numbers(raw, value, passed):
    s = cells.score(raw)
    assert (s.value, s.passed, s.absent, s.ignored) == (value, passed, False, False)


@pytest.mark.parametrize(
    ("word", "value", "passed", "absent", "ignored"),
    [
        ("优秀", 95, True, False, False),
        ("优", 95, True, False, False),
        ("良好", 85, True, False, False),
        ("良", 85, True, False, False),
        ("中等", 75, True, False, False),
        ("中", 75, True, False, False),
        ("及格", 65, True, False, False),
        ("合格", 65, True, False, False),
        ("通过", 65, True, False, False),
        ("不及格", 0, False, False, False),
        ("不合格", 0, False, False, False),
        ("不通过", 0, False, False, False),
        ("作弊", 0, False, False, False),
        ("违纪", 0, False, False, False),
        ("缺考", 0, False, True, False),
        ("旷考", 0, False, True, False),
        ("缓考", None, False, False, True),
        ("免修", None, False, False, True),
        (" 良 ", 85, True, False, False),
    ],
)
def test_score_words(word, value, passed, absent, ignored):
    assert cells.score(word) == Score(value, passed, absent, ignored, text=word.strip())


@pytest.mark.parametrize("raw", ["待录", "无效", "取消资格", "A", "", None, 100.5, -1, True])
def test_score_rejects(raw):
    with pytest.raises(CellError):
        cells.score(raw)


def test_score_words_college_override():
    table = cells.score_words({"优秀": 90, "及格": 60, "P": WordGrade(Fraction(60), True)})
    assert cells.score("优秀", table).value == 90
    assert cells.score("及格", table) == Score(Fraction(60), True, text="及格")
    assert cells.score("P", table).passed
    assert cells.score("缺考", table).absent  # untouched defaults stay
    assert cells.DEFAULT_SCORE_WORDS["优秀"].value == 95  # defaults not mutated


def test_score_words_override_keeps_flags():
    table = cells.score_words({"旷考": 0})
    assert cells.score("旷考", table).absent


# --- 考试性质, yes/no, text ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("正考", "regular"),
        ("正常考试", "regular"),
        ("初修", "regular"),
        ("期末", "regular"),
        ("校际交流", "regular"),
        ("补考", "makeup"),
        ("重修", "retake"),
        (" 补考 ", "makeup"),
    ],
)
def test_exam_kind(raw, kind):
    assert cells.exam_kind(raw) == kind


# warning-rules.md §1 (issue 16): every word the spec lists, and the counted forms.
SPEC_WORDS = {
    "regular": "正考 正常考试 正常考考试 正常 初修 首修 期末 期末考试 校际交流",
    "makeup": "补考 正常考考试补考 第1次补考 第二次补考 补考2 第2次补考 第一次补考 补考1 补考二",
    "retake": "重修 重修考试 清考 第1次重修 第二次重修 重修1 第2次重修 第三次重修 重修2",
}
SPEC_EXAM_WORDS = [(word, kind) for kind, words in SPEC_WORDS.items() for word in words.split()]


@pytest.mark.parametrize(("raw", "kind"), SPEC_EXAM_WORDS)
def test_every_exam_type_word_of_the_spec_is_accepted(raw, kind):
    assert cells.exam_kind(raw) == kind


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "考查",
        1,
        "补",
        "第0次补考",
        "补考0",
        "第次重修",
        "重修考",
        "补考补考",
        "第1次考试",
        "缓考",
    ],
)
def test_exam_kind_rejects(raw):
    with pytest.raises(CellError):
        cells.exam_kind(raw)


@pytest.mark.parametrize("raw", ["是", "Y", "y", "1", 1, 1.0, "√", "true", "TRUE", "True", True])
def test_yes(raw):
    assert cells.yes_no(raw) is True


@pytest.mark.parametrize("raw", ["否", "N", "n", "0", 0, "", None, "false", "FALSE", False, "  "])
def test_no(raw):
    assert cells.yes_no(raw) is False


@pytest.mark.parametrize("raw", ["x", "2", 2, "是的", "×"])
def test_yes_no_rejects(raw):
    with pytest.raises(CellError):
        cells.yes_no(raw)


def test_text():
    assert cells.text("  张三 ", 10) == "张三"
    assert cells.text("a\x07b\x00c", 10) == "abc"
    assert cells.text("line1\nline2", 20) == "line1 line2"
    assert cells.text("\u202eevil\u200b", 10) == "evil"
    assert cells.text(None, 10) == ""
    assert cells.text(13800138000.0, 20) == "13800138000"
    assert cells.text(datetime(2024, 9, 1), 20) == "2024-09-01"
    assert cells.text("x" * 10, 10) == "x" * 10
    with pytest.raises(CellError) as e:
        cells.text("x" * 11, 10)
    assert "10" in message(e)


def test_messages_are_lazy_translations():
    with pytest.raises(CellError) as e:
        cells.score("待录")
    assert type(e.value.message).__name__ == "LazyString"
    assert "待录" in str(e.value)
