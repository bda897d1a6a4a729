"""Cell-value parsing for imported spreadsheets (warning-rules.md §1 and §4).

Each parser takes a raw cell value as a reader hands it over (None, str, int,
float, bool or a date/time from calamine) and returns a domain value, or raises
`CellError` whose message is a lazy translation, so the importer can report
"row, column, reason" in the user's language.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from fractions import Fraction
from typing import Any

from flask_babel import lazy_gettext as _l

from .names import is_account_name
from .numbers import whole_number

__all__ = [
    "CellError",
    "Score",
    "WordGrade",
    "DEFAULT_SCORE_WORDS",
    "EXAM_KINDS",
    "is_blank",
    "student_no",
    "term",
    "term_from_parts",
    "credits",
    "score",
    "score_words",
    "exam_kind",
    "yes_no",
    "grade_point",
    "text",
]

MAX_CREDITS = 30
MAX_STUDENT_NO_LEN = 32
# Integers above 2**53 are not exact as binary floats: a long 学号 typed as a
# number has already lost digits by the time we see it.
_MAX_EXACT_FLOAT = 2**53


class CellError(ValueError):
    """A cell value that cannot be used; `message` is a lazy translation.

    `part` names which input of a multi-cell parser failed (e.g. "semester" in
    `term_from_parts`) so the caller can point at the right column.
    """

    def __init__(self, message, part: str | None = None):
        super().__init__(message)
        self.message = message
        self.part = part

    def __str__(self) -> str:
        return str(self.message)


# --- shared helpers -----------------------------------------------------------

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:\.\d+)?[eE][+-]?\d+")
# Invisible format characters that only confuse matching (zero-width, BOM, and
# bidi overrides, which can also disguise text shown to other users).
_INVISIBLE = dict.fromkeys(
    [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065), 0xFEFF]
)


def _normalize(s: str) -> str:
    """NFKC (full-width digits/letters/spaces to ASCII), no invisibles, no whitespace."""
    s = unicodedata.normalize("NFKC", s).translate(_INVISIBLE)
    return "".join(s.split())


def is_blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not _normalize(v))


def _fraction(v: Any) -> Fraction | None:
    """An exact rational from a number or decimal text; None when not numeric."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return Fraction(v)
    if isinstance(v, float):
        # str() gives the shortest text that round-trips, so 2.5 -> 5/2 and
        # 0.1 -> 1/10 rather than the binary approximation.
        return Fraction(str(v)) if math.isfinite(v) else None
    if isinstance(v, str):
        s = _normalize(v)
        return Fraction(s) if _DECIMAL.fullmatch(s) else None
    return None


def _show(v: Any) -> str:
    """A short rendering of a bad value for error messages."""
    s = text(v, max_len=None)  # control characters never reach messages or logs
    return s if len(s) <= 40 else s[:40] + "…"


def _bounded(value: Fraction | None, raw: Any, low: int, high: int, what) -> Fraction:
    if value is None:
        raise CellError(
            _l("%(what)s must be a number, not “%(value)s”", what=what, value=_show(raw))
        )
    if not low <= value <= high:
        raise CellError(
            _l(
                "%(what)s must be between %(low)s and %(high)s, not %(value)s",
                what=what,
                low=low,
                high=high,
                value=_show(raw),
            )
        )
    return value


# --- 学号 -----------------------------------------------------------------------


def student_no(v: Any) -> str | None:
    """学号 as text. Numbers become their digits; text keeps leading zeros."""
    if v.__class__ is str and v.isascii() and v.isdigit() and 2 <= len(v) <= MAX_STUDENT_NO_LEN:
        return v  # the usual cell, which every rule below leaves as it is (issue 21: a third
        # of a roster's parsing went on normalising plain digits)
    if is_blank(v):
        return None
    if isinstance(v, bool):
        raise CellError(_l("Student number “%(value)s” is not valid", value=_show(v)))
    if isinstance(v, float):
        if not math.isfinite(v) or not v.is_integer() or abs(v) >= _MAX_EXACT_FLOAT:
            raise CellError(
                _l(
                    "Student number %(value)s was stored as an inexact number; "
                    "format the column as text and enter it again",
                    value=_show(v),
                )
            )
        v = int(v)
    if isinstance(v, int):
        if v < 0:
            raise CellError(_l("Student number “%(value)s” is not valid", value=_show(v)))
        v = str(v)
    if not isinstance(v, str):
        raise CellError(_l("Student number “%(value)s” is not valid", value=_show(v)))
    s = unicodedata.normalize("NFKC", v).translate(_INVISIBLE).strip()
    if _SCIENTIFIC.fullmatch(s):
        # Text like "2.02101E+11" means Excel already rounded the number away.
        raise CellError(
            _l(
                "Student number “%(value)s” is in scientific notation; "
                "format the column as text and enter it again",
                value=s,
            )
        )
    if len(s) > MAX_STUDENT_NO_LEN or not is_account_name(s):
        # The number is the name of the student's account (names.ACCOUNT_NAME).
        raise CellError(
            _l(
                "Student number “%(value)s” is not valid: use 2 to %(most)d letters, digits, "
                "dots, underscores or hyphens",
                value=_show(v),
                most=MAX_STUDENT_NO_LEN,
            )
        )
    return s


# --- 学年学期 -------------------------------------------------------------------

_YEARS = r"(\d{4})[-–—~至到](\d{4})"
_SEMESTER = r"第?(\d+|[一二三四五六七八九十]+)(?:学期)?"
# ASCII: `\d` would take any script's digits (NFKC keeps '٢٠٢٤'), and a term code is ASCII
_TERM = re.compile(_YEARS + r"(?:学年)?[-–—]?" + _SEMESTER, re.ASCII)
_YEAR_ONLY = re.compile(_YEARS + r"(?:学年(?:度)?)?", re.ASCII)
_SEMESTER_ONLY = re.compile(_SEMESTER, re.ASCII)
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3}


def _semester_number(token: str, raw: Any) -> int:
    n = whole_number(token, 1, 3) or _CHINESE_DIGITS.get(token)
    if n is None:
        raise CellError(
            _l("Semester must be 1, 2 or 3, not “%(value)s”", value=_show(raw)), part="semester"
        )
    return n


def _year_pair(first: str, second: str, raw: Any) -> str:
    if int(second) != int(first) + 1:
        raise CellError(
            _l("Academic year “%(value)s” must span two consecutive years", value=_show(raw)),
            part="academic_year",
        )
    return f"{first}-{second}"


def term(v: Any) -> str:
    """学年学期 in any accepted spelling -> canonical "YYYY-YYYY-N"."""
    if is_blank(v):
        raise CellError(_l("Term is empty"))
    m = _TERM.fullmatch(_normalize(v)) if isinstance(v, str) else None
    if not m:
        raise CellError(
            _l("Term “%(value)s” is not like 2024-2025-1 or 2024-2025学年第一学期", value=_show(v))
        )
    years = _year_pair(m[1], m[2], v)
    return f"{years}-{_semester_number(m[3], v)}"


def term_from_parts(year: Any, semester: Any) -> str:
    """学年 (e.g. 2024-2025) + 学期 (1 / 一 / 第一学期) -> "YYYY-YYYY-N"."""
    if is_blank(year):
        raise CellError(_l("Academic year is empty"), part="academic_year")
    m = _YEAR_ONLY.fullmatch(_normalize(year)) if isinstance(year, str) else None
    if not m:
        raise CellError(
            _l("Academic year “%(value)s” is not like 2024-2025", value=_show(year)),
            part="academic_year",
        )
    years = _year_pair(m[1], m[2], year)
    if is_blank(semester):
        raise CellError(_l("Semester is empty"), part="semester")
    number = _fraction(semester) if not isinstance(semester, str) else None
    if number is not None and number.denominator == 1:
        token = str(number.numerator)
    else:
        sm = _SEMESTER_ONLY.fullmatch(_normalize(semester)) if isinstance(semester, str) else None
        token = sm[1] if sm else "?"
    return f"{years}-{_semester_number(token, semester)}"


# --- 学分, 绩点 -----------------------------------------------------------------


def credits(v: Any) -> Fraction:
    """学分 as an exact Fraction in [0, 30]."""
    if is_blank(v):
        raise CellError(_l("Credits are empty"))
    return _bounded(_fraction(v), v, 0, MAX_CREDITS, _l("Credits"))


def grade_point(v: Any) -> Fraction | None:
    """绩点: optional; when given it is used as is, so it must be in [0, 5]."""
    if is_blank(v):
        return None
    return _bounded(_fraction(v), v, 0, 5, _l("Grade point"))


# --- 成绩 ---------------------------------------------------------------------


@dataclass(frozen=True)
class WordGrade:
    """What a score word counts as (one row of the §1 table)."""

    value: Fraction | None
    passed: bool
    absent: bool = False
    ignored: bool = False


@dataclass(frozen=True)
class Score(WordGrade):
    """A score read from a cell: what it counts as, and the text it was read as."""

    text: str = ""


def _words(value: int | None, passed: bool, *names: str, **flags) -> dict[str, WordGrade]:
    grade = WordGrade(None if value is None else Fraction(value), passed, **flags)
    return dict.fromkeys(names, grade)


# The college can override these (schools count 优秀 as 95 or 90, 及格 as 65
# or 60); see `score_words`.
DEFAULT_SCORE_WORDS: dict[str, WordGrade] = {
    **_words(95, True, "优秀", "优"),
    **_words(85, True, "良好", "良"),
    **_words(75, True, "中等", "中"),
    **_words(65, True, "及格", "合格", "通过"),
    **_words(0, False, "不及格", "不合格", "不通过"),
    **_words(0, False, "作弊", "违纪"),
    **_words(0, False, "缺考", "旷考", absent=True),
    **_words(None, False, "缓考", "免修", ignored=True),
}


# The score words in English, for English pages (where a text grade reads "absent (旷考)":
# the word as the grades file has it stays beside it). Numbers need no words.
SCORE_WORDS_IN_ENGLISH: dict[str, str] = {
    **dict.fromkeys(("优秀", "优"), "excellent"),
    **dict.fromkeys(("良好", "良"), "good"),
    **dict.fromkeys(("中等", "中"), "fair"),
    **dict.fromkeys(("及格", "合格", "通过"), "pass"),
    **dict.fromkeys(("不及格", "不合格", "不通过"), "fail"),
    "作弊": "cheating",
    "违纪": "misconduct",
    **dict.fromkeys(("缺考", "旷考"), "absent"),
    "缓考": "deferred",
    "免修": "exempt",
}


def score_words(overrides: Mapping[str, WordGrade | int | float | str | Fraction]) -> dict:
    """The default word table with a college's changes applied.

    A number replaces only the value of a known word (its pass/absent flags stay);
    a new word given as a number passes when the number is >= 60.
    """
    table = dict(DEFAULT_SCORE_WORDS)
    for word, setting in overrides.items():
        key = _normalize(word)
        if isinstance(setting, WordGrade):
            table[key] = setting
            continue
        value = Fraction(str(setting))
        known = table.get(key)
        table[key] = replace(known, value=value) if known else WordGrade(value, value >= 60)
    return table


def score(v: Any, words: Mapping[str, WordGrade] | None = None) -> Score:
    """成绩: a number 0–100 (passes at >= 60) or a word from the college's table."""
    if is_blank(v):
        raise CellError(_l("Score is empty"))
    value = _fraction(v)
    if value is not None:
        _bounded(value, v, 0, 100, _l("Score"))
        shown = _normalize(v) if isinstance(v, str) else _as_text(v)
        return Score(value, passed=value >= 60, text=shown)
    word = _normalize(v) if isinstance(v, str) else ""
    grade = (DEFAULT_SCORE_WORDS if words is None else words).get(word)
    if grade is None:
        raise CellError(
            _l("Score “%(value)s” is neither a number nor a known grade word", value=_show(v))
        )
    return Score(grade.value, grade.passed, grade.absent, grade.ignored, text=word)


# --- 考试性质, yes/no -------------------------------------------------------------

# warning-rules.md §1: every spelling real 正方 and 强智 exports write.
EXAM_KINDS: dict[str, str] = {
    **dict.fromkeys(
        [
            "正考",
            "正常考试",
            "正常考考试",
            "正常",
            "初修",
            "首修",
            "期末",
            "期末考试",
            "校际交流",
            "regular",
        ],
        "regular",
    ),
    **dict.fromkeys(["补考", "正常考考试补考", "makeup"], "makeup"),
    **dict.fromkeys(["重修", "重修考试", "清考", "retake"], "retake"),
}
_COUNTED_BASES = {"补考": "makeup", "重修": "retake"}
# The counted forms: 第1次补考, 第二次重修, 补考2, 重修1 … (a count of 1 to 99).
_COUNTED = re.compile(
    r"^(?:第(?P<n1>[1-9][0-9]?|[一二三四五六七八九十]{1,3})次(?P<b1>补考|重修)"
    r"|(?P<b2>补考|重修)(?P<n2>[1-9][0-9]?|[一二三四五六七八九十]{1,3}))$"
)


def exam_kind(v: Any, kinds: Mapping[str, str] = EXAM_KINDS) -> str:
    """考试性质 / 成绩性质 -> "regular" | "makeup" | "retake" (required)."""
    if is_blank(v):
        raise CellError(_l("Exam type is empty"))
    word = _normalize(v).casefold() if isinstance(v, str) else None
    kind = kinds.get(word) if word is not None else None
    if kind is None and word is not None and (counted := _COUNTED.match(word)):
        kind = _COUNTED_BASES[counted["b1"] or counted["b2"]]
    if kind is None:
        raise CellError(_l("Exam type “%(value)s” is not 正考, 补考 or 重修", value=_show(v)))
    return kind


_YES = {"是", "y", "yes", "1", "√", "✓", "✔", "true"}
_NO = {"否", "n", "no", "0", "false"}


def yes_no(v: Any) -> bool:
    """是/否, Y/N, 1/0, √/empty, true/false (any case); empty means no."""
    if isinstance(v, bool):
        return v
    if is_blank(v):
        return False
    if isinstance(v, (int, float)) and v in (0, 1):
        return v == 1
    word = _normalize(v).casefold() if isinstance(v, str) else None
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellError(_l("“%(value)s” is not a yes/no value (是/否)", value=_show(v)))


# --- free text ------------------------------------------------------------------


def _as_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and math.isfinite(v) and v.is_integer():
        return str(int(v))  # a phone number typed as a number: no ".0"
    if isinstance(v, datetime) and v.time() == time(0):
        return v.date().isoformat()
    if isinstance(v, (date, time)):
        return v.isoformat()
    return str(v)


# Line breaks and tabs inside a cell become spaces; other control characters (Unicode
# category Cc: U+0000–U+001F and U+007F–U+009F, nothing else) would break exports (openpyxl
# refuses them) and logs. One `str.translate` with the invisibles: a C loop, not a Python one.
_CONTROLS = {
    **dict.fromkeys([*range(0x00, 0x20), *range(0x7F, 0xA0)]),
    **dict.fromkeys(map(ord, "\t\r\n"), " "),
}
_TEXT_TABLE = {**_INVISIBLE, **_CONTROLS}


def text(v: Any, max_len: int | None) -> str:
    """Free text: stripped, control characters removed, at most max_len characters."""
    s = _as_text(v).translate(_TEXT_TABLE).strip()
    if max_len is not None and len(s) > max_len:
        raise CellError(_l("Text is longer than %(limit)s characters", limit=max_len))
    return s
