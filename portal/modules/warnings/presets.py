"""The five preset rulesets (warning-rules.md §3), one per policy the portal was modelled on.

Plain JSON-safe dicts in the canonical form of `rules.ruleset_to_dict`, seeded into the
database as they are. The codes are part of the contract (exports, CLI, tests). The
`consequences` of each level, printed on the notice, first name what the policy says the
level can lead to (the notice must tell student and parents 可能产生的不良后果: LUT 一.1,
ASNU 第九条), then the support the policy offers. The notice adds that a warning is help
offered early (提醒性帮助), not a disciplinary sanction, and not in the student's file.
"""

from __future__ import annotations


def _names(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def _cond(metric: str, op: str, threshold: str) -> dict[str, str]:
    return {"metric": metric, "op": op, "threshold": threshold}


def _level(code: str, names: dict, consequences: dict, *, any_of=(), all_of=()) -> dict:
    return {
        "code": code,
        "names": names,
        "consequences": consequences,
        "any_of": list(any_of),
        "all_of": list(all_of),
    }


def _category(code: str, names: dict, *levels: dict) -> dict:
    """`levels` from mild to severe."""
    return {"code": code, "names": names, "levels": list(levels)}


def _ruleset(
    code: str,
    names: dict,
    *categories: dict,
    evaluate_on: str = "every_term",
    lifting: dict | None = None,
    needs_thresholds: bool = False,
    roster_deadline: dict | None = None,
) -> dict:
    ruleset = {
        "code": code,
        "names": names,
        "scale": "linear5",
        "evaluate_on": evaluate_on,
        "needs_thresholds": needs_thresholds,
        "lifting": lifting,
        "categories": list(categories),
    }
    if roster_deadline:
        ruleset["roster_deadline"] = roster_deadline
    return ruleset


def _text(consequence: tuple[str, str], support: tuple[str, str]) -> dict[str, str]:
    """What the level can lead to, then (on its own line) the help offered (zh, en)."""
    return _names(consequence[0] + "\n" + support[0], consequence[1] + "\n" + support[1])


# 兰州理工大学生命科学与工程学院《本科生学业警示及帮扶工作实施细则》（2021）
# 一.2: the warning is there to prevent 留降级、退学、开除学籍; 四.10: 降级、延期毕业或退学.
LANZHOU = _ruleset(
    "lanzhou",
    _names(
        "兰州理工大学生命科学与工程学院（2021）",
        "Lanzhou Univ. of Technology, School of Life Sciences (2021)",
    ),
    _category(
        "academic",
        _names("学业警示", "Academic warning"),
        _level(
            "oral",
            _names("口头警示", "Oral warning"),
            _text(
                (
                    "可能后果：如不及格课程继续增加、补考仍不能通过，将转为书面警示，"
                    "并可能导致留级、降级，甚至退学，影响正常完成学业。",
                    "What it can lead to: if more courses are failed or the make-up exams are not "
                    "passed, the warning becomes a written one, and the student may have to repeat a "
                    "year, be moved down a year or even leave the university.",
                ),
                (
                    "帮扶：班主任和辅导员分别与学生谈话，一起分析原因、制定个人学习计划。",
                    "Support: the class advisor and the counselor each talk with the student to "
                    "understand the difficulty and draw up a personal study plan together.",
                ),
            ),
            any_of=[
                _cond("term_failed_courses", ">=", "1"),
                _cond("term_regular_failed_courses", ">=", "3"),
            ],
        ),
        _level(
            "written",
            _names("书面警示", "Written warning"),
            _text(
                (
                    "可能后果：2门及以上课程经补考仍未通过，如不及时补上，可能面临留级、降级、"
                    "延期毕业，甚至退学；学院将邀请家长面谈。",
                    "What it can lead to: two or more courses are still failed after the make-up "
                    "exams; unless they are made up, the student may have to repeat a year, be moved "
                    "down a year, graduate late or even leave the university; the college will invite "
                    "the parents to a meeting.",
                ),
                (
                    "帮扶：班主任和辅导员分别谈话并开展帮扶，同时与家长沟通，共同帮助学生制定学习计划、"
                    "跟进落实；任课教师也会在课堂上给予关注和辅导。",
                    "Support: the class advisor and the counselor each talk with the student and "
                    "organise support, and keep in touch with the parents so that everyone helps with "
                    "the study plan; teachers give the student extra attention and tutoring in class.",
                ),
            ),
            any_of=[_cond("term_failed_courses", ">=", "2")],
        ),
    ),
    lifting=_cond("outstanding_failed_credits", "<", "6"),
    # 二.3: 每学期开学 2 周内 … 形成“学业警示文件”
    roster_deadline={"days": 14, "after": "term_start"},
)

# 鞍山师范学院《学生学业预警制度实施办法》（三色预警）: 第七条 levels, 第十条/第十三条 what
# follows (parents told, 调整学习培养方案, 休学调整状态).
ANSHAN = _ruleset(
    "anshan",
    _names("鞍山师范学院（三色预警）", "Anshan Normal University (three colours)"),
    _category(
        "academic",
        _names("学业预警", "Academic warning"),
        _level(
            "yellow",
            _names("黄色预警", "Yellow warning"),
            _text(
                (
                    "可能后果：如未通过的课程继续增加，将升为橙色或红色预警。",
                    "What it can lead to: if more courses are not passed, the warning rises to orange "
                    "or red.",
                ),
                (
                    "帮扶：班导师每月与学生交流一次，帮助分析未通过课程的原因、制定短期学习计划，"
                    "并安排学习小组、推荐在线学习资源。",
                    "Support: the class advisor meets the student once a month to look at why courses "
                    "were not passed and make a short-term study plan, and arranges a study group and "
                    "online learning resources.",
                ),
            ),
            any_of=[
                _cond("term_failed_ratio", ">=", "0.05"),
                _cond("outstanding_failed_credits", ">=", "5"),
            ],
        ),
        _level(
            "orange",
            _names("橙色预警", "Orange warning"),
            _text(
                (
                    "可能后果：如不改善，将升为红色预警：学院将通知家长，并可能调整学习培养方案、"
                    "延长学习年限。",
                    "What it can lead to: without improvement the warning rises to red: the parents "
                    "are told, and the study programme may have to change or the study period be "
                    "extended.",
                ),
                (
                    "帮扶：辅导员每周与学生沟通一次，针对薄弱课程安排专门辅导，与家长保持联系，"
                    "共同制定中期学习提升计划。",
                    "Support: the counselor checks in with the student every week, tutoring is "
                    "arranged for the weaker courses, and the parents are kept informed while a "
                    "medium-term study plan is worked out together.",
                ),
            ),
            any_of=[
                _cond("term_failed_ratio", ">=", "0.15"),
                _cond("outstanding_failed_credits", ">=", "10"),
                _cond("gpa_term", "<", "2.2"),
            ],
        ),
        _level(
            "red",
            _names("红色预警", "Red warning"),
            _text(
                (
                    "可能后果：学业可能无法按期完成：可能需要调整学习培养方案、延长学习年限，"
                    "或申请休学调整状态；学院将在一个月内通知家长。",
                    "What it can lead to: the studies may not be finished on time: the study "
                    "programme may have to change, the study period be extended, or a suspension "
                    "of studies be considered; the parents are told within a month.",
                ),
                (
                    "帮扶：由班导师、辅导员和专业教师组成帮扶小组，制定个性化帮扶计划，"
                    "并提供心理支持。",
                    "Support: a support team of the class advisor, the counselor and subject teachers "
                    "makes a personal support plan and offers counselling.",
                ),
            ),
            any_of=[
                _cond("term_failed_ratio", ">=", "0.25"),
                _cond("outstanding_failed_credits", ">=", "15"),
                _cond("gpa_term", "<", "2"),
                _cond("absent_exams", ">=", "1"),
                _cond("gpa_drop", ">=", "1"),
                _cond("extended_study", ">=", "1"),
                # 第七条 names 旷课 without a figure: 10 class hours is the college's to set.
                _cond("absence_hours", ">=", "10"),
            ],
        ),
    ),
    # 第四条/第八条: 每学期开学后1个月内 … 确定预警学生名单
    roster_deadline={"days": 30, "after": "term_start"},
)

# The conditions whose figures the policy leaves open: the UI marks them as the college's.
COLLEGE_SETS = {"anshan": {("red", "gpa_drop"), ("red", "absence_hours")}}

# 绍兴文理学院元培学院生命科学系《学业困难学生帮扶办法》（2015）: 第三条 names what follows
# (严重警告处分, 编入下一年级, 影响学位授予); 第五条 the support of each level.
SHAOXING = _ruleset(
    "shaoxing",
    _names(
        "绍兴文理学院元培学院生命科学系（2015）",
        "Shaoxing Univ. Yuanpei College, Life Sciences (2015)",
    ),
    _category(
        "difficulty",
        _names("学业困难帮扶", "Academic difficulty support"),
        _level(
            "watch",
            _names("学业困难关注", "Watch list"),
            _text(
                (
                    "可能后果：一学期旷课10学时（含）以上将受到严重警告处分；全部课程平均学分绩点"
                    "低于1.5将影响学位授予。",
                    "What it can lead to: 10 or more class hours missed in a term bring a serious "
                    "disciplinary warning; a GPA over all courses below 1.5 puts the degree at "
                    "risk.",
                ),
                (
                    "帮扶：学业困难学生帮扶工作组予以关注，班主任了解学习状况，提供选课咨询和学业规划。",
                    "Support: the support group keeps an eye on the student; the class advisor checks "
                    "how studies are going and helps with course choice and planning.",
                ),
            ),
            any_of=[_cond("gpa_cumulative", "<", "1.5"), _cond("absence_hours", ">=", "10")],
        ),
        _level(
            "level1",
            _names("一级帮扶", "Support level 1"),
            _text(
                (
                    "可能后果：不及格学分已达12学分；继续累积将进入更高一级帮扶，并可能因学业成绩"
                    "未达到规定而编入下一年级。",
                    "What it can lead to: 12 failed credits so far; more would raise the support "
                    "level, and results below the requirements can mean being placed in the year "
                    "below.",
                ),
                (
                    "帮扶：班主任、辅导员与学生面对面谈话，帮助分析原因、制定下阶段学习计划，"
                    "并电话告知家长；班主任每月谈心一次。",
                    "Support: the class advisor and the counselor talk with the student face to face, "
                    "help find the causes and plan the next stage, and let the parents know by phone; "
                    "the class advisor talks with the student monthly.",
                ),
            ),
            any_of=[_cond("outstanding_failed_credits", ">=", "12")],
        ),
        _level(
            "level2",
            _names("二级帮扶", "Support level 2"),
            _text(
                (
                    "可能后果：不及格学分已达15学分，可能被编入下一年级、影响学位授予；"
                    "书面预警通知书将以挂号信寄给家长。",
                    "What it can lead to: 15 failed credits so far, which can mean being placed in "
                    "the year below and puts the degree at risk; a written notice goes to the "
                    "parents by registered letter.",
                ),
                (
                    "帮扶：在谈话和学习计划之外，安排学业帮扶志愿者一对一结对，帮助和督促下一阶段的学习。",
                    "Support: besides the talks and the study plan, a student volunteer is paired "
                    "with the student one-to-one for the next stage.",
                ),
            ),
            any_of=[_cond("outstanding_failed_credits", ">=", "15")],
        ),
        _level(
            "level3",
            _names("三级帮扶", "Support level 3"),
            _text(
                (
                    "可能后果：不及格学分已达25学分，可能被编入下一年级，并将影响学位授予。",
                    "What it can lead to: 25 failed credits so far, which can mean being placed in "
                    "the year below and will affect the award of the degree.",
                ),
                (
                    "帮扶：邀请家长来校，与学生、班主任、辅导员一起面谈，说明学习情况和弥补学位要求的"
                    "办法；辅导员每两周谈心一次。",
                    "Support: the parents are invited to a meeting with the student, the class advisor "
                    "and the counselor about the situation and the ways to still meet the degree "
                    "requirements; the counselor talks with the student every two weeks.",
                ),
            ),
            any_of=[_cond("outstanding_failed_credits", ">=", "25")],
        ),
    ),
)

# 辽宁科技大学《学生学业警示及帮扶实施办法（试行）》（2019）: by academic year; 第三条 the
# three warnings and what follows (降级, 退学 or 降级试读一年, 无学位), 第五条 the support.
_LIAONING_SUPPORT = (
    "帮扶：辅导员、班导师主动联系学生谈心交流，与家长沟通，建立帮扶档案，"
    "确定“一对一”帮扶对子，一起制定学业改进计划。",
    "Support: the counselor and class advisor reach out to the student and the parents, open "
    "a support file, pair the student one-to-one with a helper and make a study improvement "
    "plan together.",
)

LIAONING = _ruleset(
    "liaoning",
    _names("辽宁科技大学（2019）", "Univ. of Science and Technology Liaoning (2019)"),
    _category(
        "dropout",
        _names("退学警示", "Dropout warning"),
        _level(
            "warning",
            _names("退学警示", "Dropout warning"),
            _text(
                (
                    "可能后果：应修课程未取得学分已累计达40学分，按学籍规定应作退学处理；"
                    "经本人申请、家长同意、学院审批、学校批准，可作降级试读一年处理。"
                    "帮扶后仍达不到学业要求的，按学校有关规定处理。",
                    "What it can lead to: 40 or more credits are outstanding, for which the "
                    "regulations provide withdrawal from the university; on the student's request, "
                    "with the parents' consent and the college's and university's approval, the "
                    "student may instead repeat a year on probation (降级试读). A student who still "
                    "falls short after support is dealt with under the university's rules.",
                ),
                _LIAONING_SUPPORT,
            ),
            any_of=[_cond("outstanding_failed_credits", ">=", "40")],
        ),
    ),
    _category(
        "demotion",
        _names("降级警示", "Demotion warning"),
        _level(
            "warning",
            _names("降级警示", "Demotion warning"),
            _text(
                (
                    "可能后果：未取得学分已累计达20学分；继续累积将按学籍规定降级，达到40学分"
                    "将受到退学警示。",
                    "What it can lead to: 20 or more credits are outstanding; more would mean "
                    "repeating a year under the regulations, and 40 brings a dropout warning.",
                ),
                _LIAONING_SUPPORT,
            ),
            all_of=[
                _cond("outstanding_failed_credits", ">=", "20"),
                _cond("outstanding_failed_credits", "<", "30"),
            ],
        ),
    ),
    _category(
        "degree",
        _names("学位警示", "Degree warning"),
        _level(
            "warning",
            _names("学位警示", "Degree warning"),
            _text(
                (
                    "可能后果：本学年学位课平均学分绩点低于1.6；如不能提高，将不能授予学士学位。",
                    "What it can lead to: the degree-course GPA of the year is below 1.6; unless it "
                    "rises, the bachelor's degree cannot be awarded.",
                ),
                _LIAONING_SUPPORT,
            ),
            any_of=[_cond("degree_gpa_year", "<", "1.6")],
        ),
    ),
    evaluate_on="second_term",
    # 第五条1: 每学年开学后四周内 … 下达警示通知书
    roster_deadline={"days": 28, "after": "year_start"},
)

# 广西大学电气工程学院《本科生学业帮扶实施办法》（2020）: the policy names the levels and
# leaves the thresholds to the university's regulations, so these defaults must be set.
# 第四条2(3): no progress → 申请休学、转专业、自动退学 may be proposed.
GUANGXI = _ruleset(
    "guangxi",
    _names("广西大学电气工程学院（2020）", "Guangxi Univ. School of Electrical Engineering (2020)"),
    _category(
        "academic",
        _names("学业警示", "Academic warning"),
        _level(
            "warning",
            _names("预警", "Warning"),
            _text(
                (
                    "可能后果：如未通过的学分继续累积，将转为试读学业警示。",
                    "What it can lead to: if more credits are failed, the warning becomes a probation "
                    "warning.",
                ),
                (
                    "帮扶：班主任找学生谈话，辅导员电话联系家长；一起分析学习困难的原因，"
                    "制定个人学习计划，并安排朋辈结对帮扶。",
                    "Support: the class advisor talks with the student and the counselor phones the "
                    "parents; together they look at the causes, make a personal study plan and "
                    "arrange a peer volunteer.",
                ),
            ),
            any_of=[_cond("outstanding_failed_credits", ">=", "10")],
        ),
        _level(
            "probation",
            _names("试读", "Probation"),
            _text(
                (
                    "可能后果：试读期间如仍无进步，学院可按学校规定提出申请休学、转专业或自动退学等"
                    "处理意见。",
                    "What it can lead to: if there is still no progress during probation, the college "
                    "may, under the university's rules, propose a suspension of studies, a change of "
                    "major or withdrawal.",
                ),
                (
                    "帮扶：班主任和辅导员分别谈话，班主任与家长沟通，必要时请家长到校面谈；"
                    "安排一对一朋辈帮扶，并定期评估帮扶效果。",
                    "Support: the class advisor and the counselor each talk with the student, the "
                    "class advisor speaks with the parents (and meets them at school if needed); a "
                    "one-to-one peer volunteer is arranged and progress is reviewed regularly.",
                ),
            ),
            any_of=[_cond("outstanding_failed_credits", ">=", "25")],
        ),
    ),
    needs_thresholds=True,
)

PRESETS: dict[str, dict] = {
    preset["code"]: preset for preset in (LANZHOU, ANSHAN, SHAOXING, LIAONING, GUANGXI)
}
