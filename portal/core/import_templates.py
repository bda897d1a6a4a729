"""A template workbook for each import kind (issue 17 #6): the column headings the reader
recognises, example rows that import cleanly, and a sheet of the values each column accepts.
The accepted values are read from the parsing code (cells, student_status), never copied,
so the template cannot drift from what the import takes."""

from __future__ import annotations

from io import BytesIO

from . import cells, student_status
from .export import Sheet, workbook_bytes
from .i18n import _
from .importing import ImportKind

_FAILED_MATHS = {
    "student_no": "2023010101",
    "name": "张三",
    "term": "2024-2025-1",
    "course_code": "MATH1001",
    "course_name": "高等数学A(1)",
    "credits": 5,
    "score": 58,
    "exam_type": "正考",
}

# Example rows, by import kind, keyed by column key. Student numbers and names are made up.
EXAMPLES: dict[str, list[dict]] = {
    "grades": [
        _FAILED_MATHS,
        {
            "student_no": "2023010101",
            "name": "张三",
            "term": "2024-2025-1",
            "course_code": "PHYS1001",
            "course_name": "大学物理",
            "credits": 4,
            "score": "良好",
            "exam_type": "正考",
        },
        # Its make-up, in the term of the regular exam it repairs (warning-rules.md §1).
        {**_FAILED_MATHS, "score": "缺考", "exam_type": "补考"},
    ],
    "attendance": [
        {"student_no": "2023010101", "term": "2024-2025-1", "absence_hours": 12},
        {"student_no": "2023010102", "term": "2024-2025-1", "absence_hours": 0},
    ],
    "students": [
        {
            "student_no": "2023010101",
            "name": "张三",
            "gender": "男",
            "college": "机械工程学院",
            "major": "机械设计制造及其自动化",
            "grade_year": 2023,
            "class": "机械2301",
            "status": "在读",
        },
        {
            "student_no": "2023010102",
            "name": "李四",
            "gender": "女",
            "college": "机械工程学院",
            "major": "机械设计制造及其自动化",
            "grade_year": 2023,
            "class": "机械2301",
            "status": "试读",
        },
    ],
}


def _words(table) -> str:
    return "、".join(table)


def accepted(key: str) -> str:
    """What a column accepts, in the reader's language, with the words the parser knows."""
    if key == "term":
        return _(
            "2024-2025-1, 2024-2025学年第1学期 or 2024—2025-2 (years, then term 1, 2 "
            "or 3 for summer); or two columns 学年 (2024-2025) and 学期 (1, 2, 3)"
        )
    if key == "score":
        by_value: dict[str, list[str]] = {}
        for word, grade in cells.DEFAULT_SCORE_WORDS.items():
            shown = (
                _("not counted")
                if grade.ignored
                else _("absent, counts as 0")
                if grade.absent
                else str(grade.value)
            )
            by_value.setdefault(shown, []).append(word)
        words = "; ".join(f"{_words(ws)} = {v}" for v, ws in by_value.items())
        return _(
            "A number from 0 to 100 (60 passes), or a word: %(words)s. Your college "
            "may count some words differently.",
            words=words,
        )
    if key == "exam_type":
        kinds = {"regular": [], "makeup": [], "retake": []}
        for word, kind in cells.EXAM_KINDS.items():
            kinds[kind].append(word)
        return _(
            "Regular exam: %(regular)s; make-up exam: %(makeup)s; retake: %(retake)s "
            "(also counted forms such as 第2次补考)",
            regular=_words(kinds["regular"]),
            makeup=_words(kinds["makeup"]),
            retake=_words(kinds["retake"]),
        )
    if key in ("degree", "void", "extended_study"):
        return _(
            "Yes or no: %(yes)s / %(no)s",
            yes=_words(sorted(cells._YES)),
            no=_words(sorted(cells._NO)),
        )
    if key == "credits":
        return _("A number from 0 to %(n)d, such as 3 or 1.5", n=cells.MAX_CREDITS)
    if key == "status":
        return _words(w for w in student_status.STATUS_WORDS if not w.isascii())
    if key == "absence_hours":
        return _("Hours absent without leave in the term, such as 12")
    if key == "term_start":
        return _("A date: 2024-09-02, 2024/9/2 or 2024年9月2日")
    return ""


def _required_keys(kind: ImportKind) -> set[str]:
    keys = set()
    for entry in kind.required:
        keys.update((entry,) if isinstance(entry, str) else (entry[0],))
    return keys


def workbook(kind: ImportKind) -> BytesIO:
    examples = EXAMPLES.get(kind.name, [])
    keys = list(dict.fromkeys(k for row in examples for k in row)) or [
        k for k in kind.columns if k in _required_keys(kind)
    ]
    required = _required_keys(kind)
    data = Sheet(
        title=str(kind.label),
        headers=[kind.columns[k][0] for k in keys],
        rows=[[row.get(k, "") for k in keys] for row in examples],
        widths=[16] * len(keys),
    )
    notes = Sheet(
        title=_("Accepted values"),
        headers=[_("Column"), _("Required"), _("Accepted values")],
        rows=[
            [kind.columns[k][0], _("yes") if k in required else "", accepted(k)]
            for k in kind.columns
            if k not in ("academic_year", "semester")
        ],
        widths=[16, 8, 90],
    )
    return workbook_bytes([data, notes])
