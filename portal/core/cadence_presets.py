"""The cadence presets, one per seed policy (/work/shared/seeds/), as a college copies them.

Every rule cites its clause (seed file and clause); where the policy gives no number or no
talker, the rule's note says what was chosen. A more severe level inherits a milder level's
rules (cadence.effective), so a level lists only what it adds or makes stricter.
"""

from __future__ import annotations

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

TIMELY = N_("The policy says 及时 (promptly) without a number: 14 days chosen.")


def _rule(
    category: str, level: str, role: str, kind: str, clause: str, note: str = "", **numbers
) -> CadenceRule:
    return CadenceRule(level, role, kind, category=category, clause=clause, note=note, **numbers)


def _lanzhou() -> tuple[CadenceRule, ...]:
    # 三.2/三.3: 班主任和辅导员分别与学生谈话 — both, separately; 四.5 their cadence.
    a = "academic"
    return (
        _rule(
            a,
            "oral",
            "counselor",
            "talk",
            f"{LZUT} 三.2, 四.5",
            N_("The first talk: 四.3 says 及时约谈 without a number; 30 days chosen."),
            first_within_days=30,
            per_term_min=2,
        ),
        _rule(
            a,
            "oral",
            "class_advisor",
            "talk",
            f"{LZUT} 三.2, 四.5",
            first_within_days=30,
            every_days=30,
        ),
        _rule(
            a,
            "written",
            "counselor",
            "parent",
            f"{LZUT} 三.3, 四.3",
            N_(
                "做好和家长的沟通工作 gives no deadline: within 30 days chosen, any method, "
                "kept by a written receipt or a contact record."
            ),
            first_within_days=30,
        ),
        _rule(
            a,
            "written",
            "counselor",
            "parent",
            f"{LZUT} 四.10",
            N_(
                "For students facing 降级、延期毕业或退学 the parents are invited to school; the "
                "written warning is the level that names that risk, so the meeting is owed there "
                "(within the period, once). Delete it for a student not at that risk."
            ),
            method="face",
            per_term_min=1,
        ),
    )


def _anshan() -> tuple[CadenceRule, ...]:
    a = "academic"
    return (
        _rule(
            a,
            "yellow",
            "counselor",
            "talk",
            f"{ASNU} 第五条, 第十条",
            N_(
                "第十条 says 辅导员或班导师; 第五条 gives the warning talk to the counselor, so the "
                "counselor owes it."
            ),
            first_within_days=30,
        ),
        _rule(
            a,
            "yellow",
            "class_advisor",
            "talk",
            f"{ASNU} 第十一条",
            first_within_days=30,
            every_days=30,
        ),
        _rule(
            a, "orange", "counselor", "talk", f"{ASNU} 第十二条", first_within_days=7, every_days=7
        ),
        _rule(
            a,
            "orange",
            "counselor",
            "parent",
            f"{ASNU} 第十二条",
            N_("The policy says 每两周反馈 from the start: the first within 14 days."),
            first_within_days=14,
            every_days=14,
        ),
        _rule(
            a,
            "red",
            "counselor",
            "parent",
            f"{ASNU} 第五条, 第十条3, 第十二条",
            N_(
                "第十条3 asks for the parents within a month; orange already owes a contact "
                "every two weeks (第十二条) and red may not owe less, so red keeps that pace."
            ),
            first_within_days=14,
            every_days=14,
        ),
        _rule(
            a,
            "red",
            "counselor",
            "support_plan",
            f"{ASNU} 第十三条",
            N_("The policy gives no deadline for the team's plan: within 30 days chosen."),
            first_within_days=30,
        ),
    )


def _shaoxing() -> tuple[CadenceRule, ...]:
    # 第五条: 面对面的个性谈话 — only a face-to-face talk meets these.
    d = "difficulty"
    face = {"method": "face"}
    return (
        _rule(
            d,
            "watch",
            "class_advisor",
            "talk",
            f"{SHAOXING} 第四条",
            N_(
                "The watch list has no cadence in the policy (班主任了解学习状况): one "
                "face-to-face talk in the period chosen."
            ),
            per_term_min=1,
            **face,
        ),
        _rule(
            d,
            "level1",
            "class_advisor",
            "talk",
            f"{SHAOXING} 第四条, 第五条",
            TIMELY,
            first_within_days=14,
            every_days=30,
            **face,
        ),
        _rule(
            d,
            "level1",
            "counselor",
            "talk",
            f"{SHAOXING} 第五条",
            TIMELY,
            first_within_days=14,
            **face,
        ),
        _rule(
            d,
            "level1",
            "counselor",
            "parent",
            f"{SHAOXING} 第五条",
            N_("电话告知学生家长 names no one and no deadline: the counselor, within 14 days."),
            method="phone",
            first_within_days=14,
        ),
        _rule(
            d,
            "level2",
            "class_advisor",
            "talk",
            f"{SHAOXING} 第四条, 第五条",
            TIMELY,
            first_within_days=14,
            every_days=14,
            **face,
        ),
        _rule(
            d,
            "level2",
            "counselor",
            "talk",
            f"{SHAOXING} 第四条, 第五条",
            TIMELY,
            first_within_days=14,
            every_days=30,
            **face,
        ),
        _rule(
            d,
            "level2",
            "counselor",
            "parent",
            f"{SHAOXING} 第五条",
            N_(
                "The written notice goes by registered letter; 及时 without a number: 14 days "
                "chosen, by the counselor."
            ),
            method="registered_letter",
            first_within_days=14,
        ),
        _rule(
            d,
            "level2",
            "counselor",
            "pairing",
            f"{SHAOXING} 第四条, 第五条",
            N_(
                "The counselor guides the volunteers (第四条); the policy gives no deadline for "
                "the pairing: within 30 days chosen."
            ),
            first_within_days=30,
        ),
        _rule(
            d,
            "level3",
            "counselor",
            "talk",
            f"{SHAOXING} 第四条, 第五条",
            N_(
                "第五条 says 谈话 for level 3; the face-to-face talks of level 2 are kept "
                "(a more severe level may not owe less)."
            ),
            first_within_days=14,
            every_days=14,
            **face,
        ),
        _rule(
            d,
            "level3",
            "counselor",
            "parent",
            f"{SHAOXING} 第五条",
            N_(
                "联系家长来校 … 面谈, with the student, the advisor and the counselor; no deadline "
                "given: within 30 days chosen."
            ),
            method="face",
            first_within_days=30,
        ),
    )


def _liaoning() -> tuple[CadenceRule, ...]:
    # 第五条3 and 5 hold for all three warnings alike; the policy gives no numbers.
    rules = []
    for category in ("dropout", "demotion", "degree"):
        rules += [
            _rule(
                category,
                "warning",
                "counselor",
                "talk",
                f"{USTL} 第五条3",
                N_("主动联系学生谈心交流 gives no numbers: within 30 days, then monthly, chosen."),
                first_within_days=30,
                every_days=30,
            ),
            _rule(
                category,
                "warning",
                "class_advisor",
                "talk",
                f"{USTL} 第五条3",
                N_("辅导员、班导师等: the class advisor too; within 30 days, once, chosen."),
                first_within_days=30,
            ),
            _rule(
                category,
                "warning",
                "counselor",
                "parent",
                f"{USTL} 第一条, 第五条3",
                N_("与家长沟通 gives no method or deadline: any method within 30 days chosen."),
                first_within_days=30,
            ),
            _rule(
                category,
                "warning",
                "counselor",
                "pairing",
                f"{USTL} 第五条5",
                N_("确定“一对一”的帮扶对子 gives no deadline: within 30 days chosen."),
                first_within_days=30,
            ),
        ]
    return tuple(rules)


def _guangxi() -> tuple[CadenceRule, ...]:
    a = "academic"
    return (
        # 集体谈话 and 与本人谈话 are separate steps: a group meeting and individual talks.
        _rule(
            a,
            "warning",
            "counselor",
            "meeting",
            f"{GXU} 第四条2(3) 集体谈话",
            N_(
                "The college holds the group meeting (座谈会); the counselor organises it here. "
                "Once a term, within 30 days, chosen."
            ),
            first_within_days=30,
        ),
        _rule(
            a,
            "warning",
            "class_advisor",
            "talk",
            f"{GXU} 第四条2(3) 与本人谈话",
            N_("班主任负责找学生谈话 gives no deadline: within 30 days chosen."),
            first_within_days=30,
        ),
        _rule(
            a,
            "warning",
            "counselor",
            "parent",
            f"{GXU} 第四条2(2)a",
            N_("由辅导员电话联系家长 gives no deadline: within 14 days chosen."),
            method="phone",
            first_within_days=14,
        ),
        _rule(
            a,
            "warning",
            "counselor",
            "pairing",
            f"{GXU} 第四条2(3) 朋辈互助、结对帮扶",
            N_("No deadline given: within 30 days chosen."),
            first_within_days=30,
        ),
        _rule(
            a,
            "probation",
            "counselor",
            "talk",
            f"{GXU} 第四条2(3) 与本人谈话",
            N_("试读: 班主任、辅导员分别进行谈话 — the counselor too; within 30 days chosen."),
            first_within_days=30,
        ),
        _rule(
            a,
            "probation",
            "class_advisor",
            "parent",
            f"{GXU} 第四条2(2)b",
            N_(
                "由班主任电话联系家长; the counselor's call of the warning level is kept (a more "
                "severe level may not owe less). Within 14 days chosen."
            ),
            method="phone",
            first_within_days=14,
        ),
    )


PRESETS: dict[str, tuple[CadenceRule, ...]] = {
    "anshan": _anshan(),
    "shaoxing": _shaoxing(),
    "lanzhou": _lanzhou(),
    "liaoning": _liaoning(),
    "guangxi": _guangxi(),
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
