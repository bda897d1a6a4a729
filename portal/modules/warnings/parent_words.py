"""A level's consequences as the parent copy (家长联) says them: to the parents.

Each part of a notice prints the level's consequences (presets.toml), and a preset says
there what the college will do about the parents. Printed on the parents' own copy,
"学院将在一个月内通知家长" told the parents that parents will be told. That copy says it to
them instead: it is the notification the policy names —
- anshan-normal 第十条第三款: 红色预警 "需在1个月内通知家长，告知预警情况，并进行电话或面谈"
  (第五条: 以电话、面谈或发送通知函等方式); its orange level names that step to come;
- lzut-life-sciences 四.10: 邀请家长来校 … 进行面谈 (书面警示: 降级、延期毕业或退学 ahead);
- shaoxing-yuanpei 第五条 二级帮扶 2: 将书面预警通知书以挂号信的方式寄给学生家长.

Only words still exactly the preset's are reworded (a ruleset copied from a preset, a
roster computed with it): words a college wrote itself are printed as it wrote them. The
help offered (the second line) stays as it is on every copy."""

from __future__ import annotations

from functools import cache

from .presets import PRESETS

# (ruleset, level) -> the consequence line of the parent copy (zh, en).
TO_PARENTS = {
    ("anshan", "orange"): (
        "可能后果：如不改善，将升为红色预警：学院将与您电话或面谈沟通，并可能调整学习培养方案、"
        "延长学习年限。",
        "What it can lead to: without improvement the warning rises to red: the college will "
        "speak with you by phone or in person, and the study programme may have to change or "
        "the study period be extended.",
    ),
    ("anshan", "red"): (
        "可能后果：学业可能无法按期完成：可能需要调整学习培养方案、延长学习年限，"
        "或申请休学调整状态；学院特此通知您，并将与您电话或面谈沟通。",
        "What it can lead to: the studies may not be finished on time: the study programme may "
        "have to change, the study period be extended, or a suspension of studies be "
        "considered; the college hereby tells you so, and will speak with you by phone or in "
        "person.",
    ),
    ("lanzhou", "written"): (
        "可能后果：2门及以上课程经补考仍未通过，如不及时补上，可能面临留级、降级、"
        "延期毕业，甚至退学；学院将邀请您来校面谈。",
        "What it can lead to: two or more courses are still failed after the make-up exams; "
        "unless they are made up, the student may have to repeat a year, be moved down a year, "
        "graduate late or even leave the university; the college will invite you to a meeting.",
    ),
    ("shaoxing", "level2"): (
        "可能后果：不及格学分已达15学分，可能被编入下一年级、影响学位授予；"
        "本通知书以挂号信寄给您。",
        "What it can lead to: 15 failed credits so far, which can mean being placed in the year "
        "below and puts the degree at risk; this written notice is sent to you by registered "
        "letter.",
    ),
}


@cache
def _reworded() -> dict[str, str]:
    """A preset level's consequences (either language) -> the parent copy's."""
    found = {}
    for code, preset in PRESETS.items():
        for category in preset["categories"]:
            for level in category["levels"]:
                lines = TO_PARENTS.get((code, level["code"]))
                if lines is None:
                    continue
                for lang, line in zip(("zh", "en"), lines, strict=True):
                    text = level["consequences"][lang]
                    _consequence, newline, support = text.partition("\n")
                    found[text] = line + newline + support
    return found


def for_parents(consequences: dict) -> dict:
    """The consequences as the parent copy prints them."""
    return {lang: _reworded().get(text, text) for lang, text in consequences.items()}
