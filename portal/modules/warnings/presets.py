"""The five preset rulesets (warning-rules.md §3), one per policy the portal was modelled on.

Plain JSON-safe dicts in the canonical form of `rules.ruleset_to_dict`, seeded into the
database as they are. The codes are part of the contract (exports, CLI, tests). The
`consequences` of each level paraphrase the policy's own support measures: a warning is
help offered early (提醒性帮助), not a disciplinary sanction.
"""

from __future__ import annotations


def _names(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def _cond(metric: str, op: str, threshold: str) -> dict[str, str]:
    return {"metric": metric, "op": op, "threshold": threshold}


def _level(code: str, names: dict, consequences: dict, *, any_of=(), all_of=()) -> dict:
    return {"code": code, "names": names, "consequences": consequences,
            "any_of": list(any_of), "all_of": list(all_of)}


def _category(code: str, names: dict, *levels: dict) -> dict:
    """`levels` from mild to severe."""
    return {"code": code, "names": names, "levels": list(levels)}


def _ruleset(code: str, names: dict, *categories: dict, evaluate_on: str = "every_term",
             lifting: dict | None = None, needs_thresholds: bool = False) -> dict:
    return {"code": code, "names": names, "scale": "linear5", "evaluate_on": evaluate_on,
            "needs_thresholds": needs_thresholds, "lifting": lifting,
            "categories": list(categories)}


# 兰州理工大学生命科学与工程学院《本科生学业警示及帮扶工作实施细则》（2021）
LANZHOU = _ruleset(
    "lanzhou",
    _names("兰州理工大学生命科学与工程学院（2021）",
           "Lanzhou Univ. of Technology, School of Life Sciences (2021)"),
    _category(
        "academic", _names("学业警示", "Academic warning"),
        _level("oral", _names("口头警示", "Oral warning"), _names(
            "班主任和辅导员分别与学生谈话，一起分析原因、制定个人学习计划。"
            "学业警示是提醒性帮助，不是纪律处分，不记入学生档案。",
            "The class advisor and the counselor each talk with the student to understand the "
            "difficulty and draw up a personal study plan together. A warning is a reminder "
            "and an offer of help, not a disciplinary sanction, and is not filed in the record."),
            any_of=[_cond("term_failed_courses", ">=", "1"),
                    _cond("term_regular_failed_courses", ">=", "3")]),
        _level("written", _names("书面警示", "Written warning"), _names(
            "班主任和辅导员分别谈话并开展帮扶，同时与家长沟通，共同帮助学生制定学习计划、"
            "跟进落实；任课教师也会在课堂上给予关注和辅导。",
            "The class advisor and the counselor each talk with the student and organise "
            "support, and keep in touch with the parents so that everyone helps with the study "
            "plan; teachers give the student extra attention and tutoring in class."),
            any_of=[_cond("term_failed_courses", ">=", "2")]),
    ),
    lifting=_cond("outstanding_failed_credits", "<", "6"),
)

# 鞍山师范学院《学生学业预警制度实施办法》（三色预警）
ANSHAN = _ruleset(
    "anshan",
    _names("鞍山师范学院（三色预警）", "Anshan Normal University (three colours)"),
    _category(
        "academic", _names("学业预警", "Academic warning"),
        _level("yellow", _names("黄色预警", "Yellow warning"), _names(
            "班导师每月与学生交流一次，帮助分析未通过课程的原因、制定短期学习计划，"
            "并安排学习小组、推荐在线学习资源。",
            "The class mentor meets the student once a month to look at why courses were not "
            "passed and make a short-term study plan, and arranges a study group and online "
            "learning resources."),
            any_of=[_cond("term_failed_ratio", ">=", "0.05"),
                    _cond("outstanding_failed_credits", ">=", "5")]),
        _level("orange", _names("橙色预警", "Orange warning"), _names(
            "辅导员每周与学生沟通一次，针对薄弱课程安排专门辅导，与家长保持联系，"
            "共同制定中期学习提升计划。",
            "The counselor checks in with the student every week, tutoring is arranged for the "
            "weaker courses, and the parents are kept informed while a medium-term study plan "
            "is worked out together."),
            any_of=[_cond("term_failed_ratio", ">=", "0.15"),
                    _cond("outstanding_failed_credits", ">=", "10"),
                    _cond("gpa_term", "<", "2.2")]),
        _level("red", _names("红色预警", "Red warning"), _names(
            "一个月内与家长沟通；由班导师、辅导员和专业教师组成帮扶小组，制定个性化帮扶计划，"
            "必要时调整学习安排，并提供心理支持。",
            "The parents are contacted within a month; a support team of the class mentor, the "
            "counselor and subject teachers makes a personal support plan, adjusts the study "
            "programme where needed and offers counselling."),
            any_of=[_cond("term_failed_ratio", ">=", "0.25"),
                    _cond("outstanding_failed_credits", ">=", "15"),
                    _cond("gpa_term", "<", "2"),
                    _cond("absent_exams", ">=", "1"),
                    _cond("gpa_drop", ">=", "1"),
                    _cond("extended_study", ">=", "1")]),
    ),
)

# 绍兴文理学院元培学院生命科学系《学业困难学生帮扶办法》（2015）
SHAOXING = _ruleset(
    "shaoxing",
    _names("绍兴文理学院元培学院生命科学系（2015）",
           "Shaoxing Univ. Yuanpei College, Life Sciences (2015)"),
    _category(
        "difficulty", _names("学业困难帮扶", "Academic difficulty support"),
        _level("watch", _names("学业困难关注", "Watch list"), _names(
            "学业困难学生帮扶工作组予以关注，班主任了解学习状况，提供选课咨询和学业规划。",
            "The support group keeps an eye on the student; the class advisor checks how "
            "studies are going and helps with course choice and planning."),
            any_of=[_cond("gpa_cumulative", "<", "1.5"),
                    _cond("absence_hours", ">=", "10")]),
        _level("level1", _names("一级帮扶", "Support level 1"), _names(
            "班主任、辅导员与学生面对面谈话，帮助分析原因、制定下阶段学习计划，并电话告知家长；"
            "班主任每月谈心一次。",
            "The class advisor and the counselor talk with the student face to face, help find "
            "the causes and plan the next stage, and let the parents know by phone; the class "
            "advisor talks with the student monthly."),
            any_of=[_cond("outstanding_failed_credits", ">=", "12")]),
        _level("level2", _names("二级帮扶", "Support level 2"), _names(
            "在谈话和学习计划之外，书面通知家长，并安排学业帮扶志愿者一对一结对，"
            "帮助和督促下一阶段的学习。",
            "Besides the talks and the study plan, the parents receive a written notice and a "
            "student volunteer is paired with the student one-to-one for the next stage."),
            any_of=[_cond("outstanding_failed_credits", ">=", "15")]),
        _level("level3", _names("三级帮扶", "Support level 3"), _names(
            "邀请家长来校，与学生、班主任、辅导员一起面谈，说明学习情况和弥补学位要求的办法；"
            "辅导员每两周谈心一次。",
            "The parents are invited to a meeting with the student, the class advisor and the "
            "counselor about the situation and the ways to still meet the degree requirements; "
            "the counselor talks with the student every two weeks."),
            any_of=[_cond("outstanding_failed_credits", ">=", "25")]),
    ),
)

_LIAONING_SUPPORT_ZH = ("辅导员、班导师主动联系学生谈心交流，与家长沟通，建立帮扶档案，"
                        "确定“一对一”帮扶对子，一起制定学业改进计划。")
_LIAONING_SUPPORT_EN = ("The counselor and class mentor reach out to the student and the parents, "
                        "open a support file, pair the student one-to-one with a helper and "
                        "make a study improvement plan together.")

# 辽宁科技大学《学生学业警示及帮扶实施办法（试行）》（2019）: by academic year
LIAONING = _ruleset(
    "liaoning",
    _names("辽宁科技大学（2019）", "Univ. of Science and Technology Liaoning (2019)"),
    _category(
        "dropout", _names("退学警示", "Dropout warning"),
        _level("warning", _names("退学警示", "Dropout warning"), _names(
            "未取得学分已累计达40学分。" + _LIAONING_SUPPORT_ZH
            + "经本人申请、家长同意，可降级试读一年，继续完成学业。",
            "40 or more credits are outstanding. " + _LIAONING_SUPPORT_EN
            + " On the student's request, with the parents' consent, the student may repeat a "
            "year on probation and continue."),
            any_of=[_cond("outstanding_failed_credits", ">=", "40")]),
    ),
    _category(
        "demotion", _names("降级警示", "Demotion warning"),
        _level("warning", _names("降级警示", "Demotion warning"), _names(
            "未取得学分已累计达20学分，存在降级风险。" + _LIAONING_SUPPORT_ZH,
            "20 or more credits are outstanding, a risk of repeating a year. "
            + _LIAONING_SUPPORT_EN),
            all_of=[_cond("outstanding_failed_credits", ">=", "20"),
                    _cond("outstanding_failed_credits", "<", "30")]),
    ),
    _category(
        "degree", _names("学位警示", "Degree warning"),
        _level("warning", _names("学位警示", "Degree warning"), _names(
            "本学年学位课平均学分绩点低于1.6，可能影响学位授予。" + _LIAONING_SUPPORT_ZH,
            "The degree-course GPA of the year is below 1.6, which may affect the award of the "
            "degree. " + _LIAONING_SUPPORT_EN),
            any_of=[_cond("degree_gpa_year", "<", "1.6")]),
    ),
    evaluate_on="second_term",
)

# 广西大学电气工程学院《本科生学业帮扶实施办法》（2020）: the policy names the levels and
# leaves the thresholds to the university's regulations, so these defaults must be set.
GUANGXI = _ruleset(
    "guangxi",
    _names("广西大学电气工程学院（2020）", "Guangxi Univ. School of Electrical Engineering (2020)"),
    _category(
        "academic", _names("学业警示", "Academic warning"),
        _level("warning", _names("预警", "Warning"), _names(
            "班主任找学生谈话，辅导员电话联系家长；一起分析学习困难的原因，制定个人学习计划，"
            "并安排朋辈结对帮扶。",
            "The class advisor talks with the student and the counselor phones the parents; "
            "together they look at the causes, make a personal study plan and arrange a peer "
            "helper."),
            any_of=[_cond("outstanding_failed_credits", ">=", "10")]),
        _level("probation", _names("试读", "Probation"), _names(
            "班主任和辅导员分别谈话，班主任与家长沟通，必要时请家长到校面谈；"
            "安排一对一朋辈帮扶，并定期评估帮扶效果。",
            "The class advisor and the counselor each talk with the student, the class advisor "
            "speaks with the parents (and meets them at school if needed); a one-to-one peer "
            "helper is arranged and progress is reviewed regularly."),
            any_of=[_cond("outstanding_failed_credits", ">=", "25")]),
    ),
    needs_thresholds=True,
)

PRESETS: dict[str, dict] = {preset["code"]: preset
                            for preset in (LANZHOU, ANSHAN, SHAOXING, LIAONING, GUANGXI)}
