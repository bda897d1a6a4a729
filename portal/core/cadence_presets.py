"""The cadence presets, one per seed policy (/work/shared/seeds/), as a college copies them.

Each preset is a table: its levels ("category:level", mildest first), each with its rules, one
rule a row: who owes what, the clause it follows, the note, the numbers (first within N days
of the roster's publication, then every N days, at least N in the period) and the method.
Where the policy gives no number or no talker, the note says what was chosen. A more severe
level inherits a milder level's rules (cadence.effective), so a level lists only what it adds
or makes stricter.

A clause is cited as its policy numbers itself, several joined by 、: an article 第五条; an
article's numbered paragraph (1.) its 款, an item in that ((1)) its 项, a lettered one (a、)
its 目 (第十条第三款, 第四条第二款第二项第一目); a policy in parts (一、) with numbered
points (1.): 第三部分第二条. A step the policy names by a heading is cited by the heading.
"""

from __future__ import annotations

from dataclasses import replace

from .cadence import CadenceRule
from .i18n import N_

LZUT = "lzut-life-sciences-2021"
ASNU = "anshan-normal"
SHAOXING = "shaoxing-yuanpei-lifesci-2015"
USTL = "ustl-2019"
GXU = "gxu-electrical-2020"

# Each seed policy by its own title, as a clause citing it is shown (quoted, in Chinese).
TITLES = {
    LZUT: "《生命科学与工程学院本科生学业警示及帮扶工作实施细则》",
    ASNU: "《鞍山师范学院学生学业预警制度实施办法》",
    SHAOXING: "《绍兴文理学院元培学院生命科学系学业困难学生帮扶办法》",
    USTL: "《辽宁科技大学学生学业警示及帮扶实施办法（试行）》",
    GXU: "《电气工程学院本科生学业帮扶实施办法》",
}

COUNSELOR = "counselor"
ADVISOR = "class_advisor"

TIMELY = N_("The policy says 及时 (promptly) without a number: 14 days chosen.")


def row(
    role: str,
    kind: str,
    clause: str,
    note: str = "",
    *,
    first: int | None = None,
    every: int | None = None,
    per_term: int | None = None,
    method: str = "",
) -> CadenceRule:
    """One rule of a table: who owes what, the clause, the note; owed `first` within N days of
    the roster's publication, then `every` N days, at least `per_term` in the period, by
    `method` ("": any). `_preset` fills in its level and its policy's name."""
    return CadenceRule(
        "",
        role,
        kind,
        first_within_days=first,
        every_days=every,
        per_term_min=per_term,
        method=method,
        clause=clause,
        note=note,
    )


def _preset(source: str, levels: dict[str, tuple[CadenceRule, ...]]) -> tuple[CadenceRule, ...]:
    """A table's rules, each with its level and category, its clause citing its policy."""
    rules: list[CadenceRule] = []
    for key, rows in levels.items():
        category, level = key.split(":")
        rules += [
            replace(rule, category=category, level=level, clause=f"{source} {rule.clause}")
            for rule in rows
        ]
    return tuple(rules)


# lanzhou (LZUT). 第三部分第二条、第三条: 班主任和辅导员分别与学生谈话 — both, separately;
# 第四部分第五条 their cadence.
FIRST_TALK = N_("The first talk: 第四部分第三条 says 及时约谈 without a number; 30 days chosen.")
PARENTS_30 = N_(
    "做好和家长的沟通工作 gives no deadline: within 30 days chosen, any method, "
    "kept by a written receipt or a contact record."
)
PARENTS_INVITED = N_(
    "For students facing 降级、延期毕业或退学 the parents are invited to school; the "
    "written warning is the level that names that risk, so the meeting is owed there "
    "(within the period, once). Delete it for a student not at that risk."
)
_LANZHOU = {
    "academic:oral": (
        row(COUNSELOR, "talk", "第三部分第二条、第四部分第五条", FIRST_TALK, first=30, per_term=2),
        row(ADVISOR, "talk", "第三部分第二条、第四部分第五条", first=30, every=30),
    ),
    "academic:written": (
        row(COUNSELOR, "parent", "第三部分第三条、第四部分第三条", PARENTS_30, first=30),
        row(COUNSELOR, "parent", "第四部分第十条", PARENTS_INVITED, method="face", per_term=1),
    ),
}

# anshan (ASNU).
COUNSELOR_TALKS = N_(
    "第十条 says 辅导员或班导师; 第五条 gives the warning talk to the counselor, so the "
    "counselor owes it."
)
FORTNIGHTLY = N_("The policy says 每两周反馈 from the start: the first within 14 days.")
RED_PARENTS = N_(
    "第十条第三款 asks for the parents within a month; orange already owes a contact "
    "every two weeks (第十二条) and red may not owe less, so red keeps that pace."
)
TEAM_PLAN = N_("The policy gives no deadline for the team's plan: within 30 days chosen.")
_ANSHAN = {
    "academic:yellow": (
        row(COUNSELOR, "talk", "第五条、第十条", COUNSELOR_TALKS, first=30),
        row(ADVISOR, "talk", "第十一条", first=30, every=30),
    ),
    "academic:orange": (
        row(COUNSELOR, "talk", "第十二条", first=7, every=7),
        row(COUNSELOR, "parent", "第十二条", FORTNIGHTLY, first=14, every=14),
    ),
    "academic:red": (
        row(COUNSELOR, "parent", "第五条、第十条第三款、第十二条", RED_PARENTS, first=14, every=14),
        row(COUNSELOR, "support_plan", "第十三条", TEAM_PLAN, first=30),
    ),
}

# shaoxing. 第五条: 面对面的个性谈话 — only a face-to-face talk meets these.
WATCH = N_(
    "The watch list has no cadence in the policy (班主任了解学习状况): one "
    "face-to-face talk in the period chosen."
)
PHONE_14 = N_("电话告知学生家长 names no one and no deadline: the counselor, within 14 days.")
LETTER_14 = N_(
    "The written notice goes by registered letter; 及时 without a number: 14 days "
    "chosen, by the counselor."
)
VOLUNTEERS_30 = N_(
    "The counselor guides the volunteers (第四条); the policy gives no deadline for "
    "the pairing: within 30 days chosen."
)
LEVEL3_TALKS = N_(
    "第五条 says 谈话 for level 3; the face-to-face talks of level 2 are kept "
    "(a more severe level may not owe less)."
)
PARENTS_VISIT = N_(
    "联系家长来校 … 面谈, with the student, the advisor and the counselor; no deadline "
    "given: within 30 days chosen."
)
_SHAOXING = {
    "difficulty:watch": (row(ADVISOR, "talk", "第四条", WATCH, per_term=1, method="face"),),
    "difficulty:level1": (
        row(ADVISOR, "talk", "第四条、第五条", TIMELY, first=14, every=30, method="face"),
        row(COUNSELOR, "talk", "第五条", TIMELY, first=14, method="face"),
        row(COUNSELOR, "parent", "第五条", PHONE_14, first=14, method="phone"),
    ),
    "difficulty:level2": (
        row(ADVISOR, "talk", "第四条、第五条", TIMELY, first=14, every=14, method="face"),
        row(COUNSELOR, "talk", "第四条、第五条", TIMELY, first=14, every=30, method="face"),
        row(COUNSELOR, "parent", "第五条", LETTER_14, first=14, method="registered_letter"),
        row(COUNSELOR, "pairing", "第四条、第五条", VOLUNTEERS_30, first=30),
    ),
    "difficulty:level3": (
        row(COUNSELOR, "talk", "第四条、第五条", LEVEL3_TALKS, first=14, every=14, method="face"),
        row(COUNSELOR, "parent", "第五条", PARENTS_VISIT, first=30, method="face"),
    ),
}

# liaoning (USTL). 第五条第三款 and 第五条第五款 hold for all three warnings alike; the policy
# gives no numbers.
TALK_MONTHLY = N_("主动联系学生谈心交流 gives no numbers: within 30 days, then monthly, chosen.")
ADVISOR_TOO = N_("辅导员、班导师等: the class advisor too; within 30 days, once, chosen.")
ANY_METHOD_30 = N_("与家长沟通 gives no method or deadline: any method within 30 days chosen.")
PAIR_30 = N_("确定“一对一”的帮扶对子 gives no deadline: within 30 days chosen.")
_LIAONING_WARNING = (
    row(COUNSELOR, "talk", "第五条第三款", TALK_MONTHLY, first=30, every=30),
    row(ADVISOR, "talk", "第五条第三款", ADVISOR_TOO, first=30),
    row(COUNSELOR, "parent", "第一条、第五条第三款", ANY_METHOD_30, first=30),
    row(COUNSELOR, "pairing", "第五条第五款", PAIR_30, first=30),
)
_LIAONING = {
    f"{category}:warning": _LIAONING_WARNING for category in ("dropout", "demotion", "degree")
}

# guangxi (GXU). 第四条第二款 学业警示措施及流程: its 第二项 通知家长 (a、b、), its 第三项 the
# steps by their headings; 集体谈话 and 与本人谈话 are separate: a group meeting, then talks.
MEETING_30 = N_(
    "The college holds the group meeting (座谈会); the counselor organises it here. "
    "Once a term, within 30 days, chosen."
)
ADVISOR_TALK_30 = N_("班主任负责找学生谈话 gives no deadline: within 30 days chosen.")
CALL_14 = N_("由辅导员电话联系家长 gives no deadline: within 14 days chosen.")
PEERS_30 = N_("No deadline given: within 30 days chosen.")
BOTH_TALK = N_("试读: 班主任、辅导员分别进行谈话 — the counselor too; within 30 days chosen.")
CALL_KEPT = N_(
    "由班主任电话联系家长; the counselor's call of the warning level is kept (a more "
    "severe level may not owe less). Within 14 days chosen."
)
_GUANGXI = {
    "academic:warning": (
        row(COUNSELOR, "meeting", "第四条第二款第三项“集体谈话”", MEETING_30, first=30),
        row(ADVISOR, "talk", "第四条第二款第三项“与本人谈话”", ADVISOR_TALK_30, first=30),
        row(COUNSELOR, "parent", "第四条第二款第二项第一目", CALL_14, first=14, method="phone"),
        row(COUNSELOR, "pairing", "第四条第二款第三项“朋辈互助、结对帮扶”", PEERS_30, first=30),
    ),
    "academic:probation": (
        row(COUNSELOR, "talk", "第四条第二款第三项“与本人谈话”", BOTH_TALK, first=30),
        row(ADVISOR, "parent", "第四条第二款第二项第二目", CALL_KEPT, first=14, method="phone"),
    ),
}


PRESETS: dict[str, tuple[CadenceRule, ...]] = {
    "anshan": _preset(ASNU, _ANSHAN),
    "shaoxing": _preset(SHAOXING, _SHAOXING),
    "lanzhou": _preset(LZUT, _LANZHOU),
    "liaoning": _preset(USTL, _LIAONING),
    "guangxi": _preset(GXU, _GUANGXI),
}
# Each preset's levels, mildest first per category (as the warning rulesets order them):
# what inheritance and the monotonic check read when no college is at hand.
PRESET_LEVELS: dict[str, dict[str, list[str]]] = {
    "anshan": {"academic": ["yellow", "orange", "red"]},
    "shaoxing": {"difficulty": ["watch", "level1", "level2", "level3"]},
    "lanzhou": {"academic": ["oral", "written"]},
    "liaoning": {"dropout": ["warning"], "demotion": ["warning"], "degree": ["warning"]},
    "guangxi": {"academic": ["warning", "probation"]},
}
