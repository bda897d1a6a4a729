"""A class report is about the class, never about a named classmate (the form says so): which
classmate's name, if any, a report's words mention."""

from __future__ import annotations

import re

# Common compound surnames (复姓): the given name is what follows them.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 独孤 南宫 "
    "西门 轩辕 呼延 申屠 太史 闻人 万俟 澹台 公冶 濮阳 单于".split()
)
_HAN = re.compile(r"[\u3400-\u9fff]")
_SPACE = re.compile(r"\s+")
_DOT = re.compile(r"[·•・.]")


def forms_of(name: str) -> set[str]:
    """How a report may name this student: the whole name, and alone the given name when it
    has two characters or more (张雨涵 → 雨涵, 欧阳雨涵 → 雨涵; not 唐雨 → 雨, a character too
    common to refuse), or the first part of a transliterated one (阿依古丽·买买提 → 阿依古丽)."""
    name = _SPACE.sub(" ", name or "").strip()
    found = {name}
    parts = _DOT.split(name)
    if len(parts) > 1:
        found.add(parts[0].strip())
    elif _HAN.match(name) and 3 <= len(name) <= 4:
        surname = 2 if name[:2] in COMPOUND_SURNAMES else 1
        found.add(name[surname:])
    return {form for form in found if len(form) >= 2}


def named(text: str, names: list[str]) -> str | None:
    """The first of `names` (in any of its forms) that `text` mentions, else None. Chinese
    is matched as a plain substring, spaces in the text ignored (唐 雨); a name in Latin
    letters as whole words (Li Na, not the "lina" of "linear")."""
    if not text:
        return None
    spaced = _SPACE.sub(" ", text).casefold()
    packed = _SPACE.sub("", spaced)
    for name in names:
        for form in sorted(forms_of(name), key=len, reverse=True):
            if _HAN.search(form):
                if _SPACE.sub("", form) in packed:
                    return form
            elif re.search(rf"(?<![a-z]){re.escape(form.casefold())}(?![a-z])", spaced):
                return form
    return None
