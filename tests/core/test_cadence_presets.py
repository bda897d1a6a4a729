"""The five shipped cadence presets read against their seed policies: the kinds are counted
apart (a group meeting is not a talk), each parent rule owes what the seed says, the class
advisor and the counselor each owe their own talk where the seed says 分别, a more severe
level never owes less, and a missing pairing shows on the counselor's due list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from portal.core import dues
from portal.core.cadence import CadenceRule, effective, weaker_levels
from portal.core.cadence_policies import apply_preset
from portal.core.cadence_presets import PRESET_LEVELS, PRESETS
from portal.core.models import Student
from portal.core.standing import Standing
from portal.modules.talks.models import Attendee, Meeting, Talk

PUBLISHED = date(2026, 9, 7)
LEVELS = [
    (code, category, level)
    for code, order in PRESET_LEVELS.items()
    for category, levels in order.items()
    for level in levels
]


@dataclass
class FakeStanding:
    """A standing provider holding one student at one level (the warnings module's rulesets
    and rosters are tested elsewhere; here only the cadence is)."""

    standings: list
    order: list

    def current(self, _condition):
        return self.standings

    def held(self, _term_id, _condition):
        return self.standings

    def levels(self, _college_id):
        return [(key, key) for key in self.order]


@pytest.fixture
def warned(app, db, make, monkeypatch):
    """warned(preset, category, level) -> (student, counselor, advisor), the college on the
    preset and the student warned at that level since PUBLISHED."""

    def build(code, category, level):
        school_class = make.school_class()
        college = school_class.major.college
        with app.test_request_context():
            apply_preset(college, code)
        student = make.student(school_class)
        held = Standing(
            student_id=student.id,
            college_id=college.id,
            level=level,
            label=level,
            css="none",
            most_severe=False,
            since=PUBLISHED,
            category=category,
        )
        order = [f"{c}:{lv}" for c, lvs in PRESET_LEVELS[code].items() for lv in lvs]
        monkeypatch.setitem(app.extensions, "portal.standing", FakeStanding([held], order))
        counselor = make.user(role="counselor", scope=school_class, name="陈辅导员")
        advisor = make.user(role="class_advisor", scope=school_class, name="黄班主任")
        return student, counselor, advisor

    return build


def owed(app, student, today, kinds=None):
    with app.test_request_context():
        return dues.obligations(Student.id == student.id, kind_codes=kinds, today=today)


def talk(db, student, day, role, method="face"):
    db.session.add(
        Talk(
            student_id=student.id,
            held_at=datetime.combine(day, datetime.min.time()),
            method=method,
            talker_role=role,
            talkers="某老师",
            content="谈话",
        )
    )
    db.session.flush()


def meeting(db, student, day, role="counselor"):
    record = Meeting(
        held_at=datetime.combine(day, datetime.min.time()), organiser="学院", talker_role=role
    )
    record.attendees = [Attendee(student_id=student.id, present=True)]
    db.session.add(record)
    db.session.flush()


def test_the_presets_know_the_levels_of_their_rulesets_mildest_first():
    from portal.modules.warnings.presets import PRESETS as RULESETS

    for code, order in PRESET_LEVELS.items():
        ruleset = {
            c["code"]: [lv["code"] for lv in c["levels"]] for c in RULESETS[code]["categories"]
        }
        assert ruleset == order, code


@pytest.mark.parametrize("code", sorted(PRESETS))
def test_every_shipped_preset_passes_the_monotonic_check(code):
    assert weaker_levels(PRESETS[code], PRESET_LEVELS[code], 126) == []
    assert all(rule.clause for rule in PRESETS[code]), "every rule cites its clause"


def test_the_check_refuses_red_owing_less_parent_contact_than_orange():
    crafted = [r for r in PRESETS["anshan"] if not (r.level == "red" and r.kind == "parent")]
    crafted.append(
        CadenceRule("red", "counselor", "parent", first_within_days=30, category="academic")
    )  # the old anshan preset
    [found] = weaker_levels(crafted, PRESET_LEVELS["anshan"], 126)
    assert (found.milder, found.severer, found.rule.kind) == ("orange", "red", "parent")


def test_a_more_severe_level_inherits_unless_it_has_its_own_rule():
    rules = effective(PRESETS["anshan"], PRESET_LEVELS["anshan"])
    red_talks = {
        (r.role, r.every_days, r.inherited_from)
        for r in rules
        if r.level == "red" and r.kind == "talk"
    }
    # orange's weekly counselor talk overrides yellow's; red inherits orange's and yellow's
    # monthly advisor talk.
    assert red_talks == {
        ("counselor", 7, "academic:orange"),
        ("class_advisor", 30, "academic:yellow"),
    }


@pytest.mark.parametrize("code,category,level", LEVELS)
def test_a_group_meeting_leaves_every_individual_talk_open(app, db, warned, code, category, level):
    student, _counselor, _advisor = warned(code, category, level)
    for role in dues.TALKER_ROLES:
        meeting(db, student, PUBLISHED + timedelta(days=1), role)
    items = owed(app, student, PUBLISHED + timedelta(days=60))
    talks = [o for o in items if o.kind == "talk"]
    assert talks and all(o.due.met_on is None for o in talks)
    assert all(o.due.met_on for o in items if o.kind == "meeting" and o.number == 1)


def test_guangxi_group_meeting_and_the_talk_with_the_student_are_separate_steps(app, db, warned):
    student, _c, _a = warned("guangxi", "academic", "warning")
    talk(db, student, PUBLISHED + timedelta(days=2), "class_advisor")
    items = owed(app, student, PUBLISHED + timedelta(days=40), {"talk", "meeting"})
    assert {(o.kind, o.due.state) for o in items} == {("talk", "on_time"), ("meeting", "overdue")}
    meeting(db, student, PUBLISHED + timedelta(days=3))
    items = owed(app, student, PUBLISHED + timedelta(days=40), {"talk", "meeting"})
    assert {(o.kind, o.due.state) for o in items} == {("talk", "on_time"), ("meeting", "on_time")}


def test_shaoxing_owes_face_to_face_talks(app, db, warned):
    student, _c, _a = warned("shaoxing", "difficulty", "level1")
    talk(db, student, PUBLISHED + timedelta(days=3), "class_advisor", method="phone")
    [first, *_] = [
        o
        for o in owed(app, student, PUBLISHED + timedelta(days=20), {"talk"})
        if o.role == "class_advisor"
    ]
    assert first.due.state == "overdue" and first.method == "face"
    talk(db, student, PUBLISHED + timedelta(days=4), "class_advisor")
    [first, *_] = [
        o
        for o in owed(app, student, PUBLISHED + timedelta(days=20), {"talk"})
        if o.role == "class_advisor"
    ]
    assert first.due.state == "on_time"


# What each seed says about parents: {level: {(role, method, first due day)}}.
PARENTS = {
    ("anshan", "academic", "yellow"): set(),  # 第十一条: none
    ("anshan", "academic", "orange"): {("counselor", "", 14)},  # 第十二条 每两周
    ("anshan", "academic", "red"): {("counselor", "", 14)},  # 第十条3, no less than orange
    ("lanzhou", "academic", "oral"): set(),
    ("lanzhou", "academic", "written"): {("counselor", "", 30), ("counselor", "face", 126)},
    ("shaoxing", "difficulty", "watch"): set(),
    ("shaoxing", "difficulty", "level1"): {("counselor", "phone", 14)},
    ("shaoxing", "difficulty", "level2"): {
        ("counselor", "phone", 14),
        ("counselor", "registered_letter", 14),
    },
    ("shaoxing", "difficulty", "level3"): {
        ("counselor", "phone", 14),
        ("counselor", "registered_letter", 14),
        ("counselor", "face", 30),
    },
    ("liaoning", "dropout", "warning"): {("counselor", "", 30)},
    ("liaoning", "demotion", "warning"): {("counselor", "", 30)},
    ("liaoning", "degree", "warning"): {("counselor", "", 30)},
    ("guangxi", "academic", "warning"): {("counselor", "phone", 14)},
    ("guangxi", "academic", "probation"): {
        ("counselor", "phone", 14),
        ("class_advisor", "phone", 14),
    },
}


@pytest.mark.parametrize("key", sorted(PARENTS))
def test_each_presets_parent_rules_owe_what_the_seed_says(app, warned, key):
    student, _c, _a = warned(*key)
    items = owed(app, student, PUBLISHED + timedelta(days=1), {"parent"})
    firsts = {(o.role, o.method, (o.due.due_on - PUBLISHED).days) for o in items if o.number == 1}
    assert firsts == PARENTS[key]
    assert all(o.rule.clause for o in items)


def test_a_parent_contact_of_another_method_does_not_meet_a_registered_letter(app, db, warned):
    from portal.modules.parents.models import Contact

    student, _c, _a = warned("shaoxing", "difficulty", "level2")
    db.session.add(
        Contact(
            student_id=student.id,
            parent_name="母亲",
            method="phone",
            contacted_at=datetime.combine(PUBLISHED, datetime.min.time()) + timedelta(days=2),
            made_by="陈",
            content="告知",
            made_by_role="counselor",
        )
    )
    db.session.flush()
    states = {
        o.method: o.due.state
        for o in owed(app, student, PUBLISHED + timedelta(days=20), {"parent"})
    }
    assert states == {"phone": "on_time", "registered_letter": "overdue"}


@pytest.mark.parametrize(
    "key",
    [
        ("lanzhou", "academic", "oral"),
        ("shaoxing", "difficulty", "level1"),
        ("guangxi", "academic", "probation"),
    ],
)
def test_the_class_advisor_and_the_counselor_each_owe_a_talk(app, db, warned, key):
    student, counselor, advisor = warned(*key)
    talk(db, student, PUBLISHED + timedelta(days=2), "counselor")
    firsts = {
        o.role: o.due.met_on
        for o in owed(app, student, PUBLISHED + timedelta(days=40), {"talk"})
        if o.number == 1
    }
    assert firsts["counselor"] and firsts["class_advisor"] is None
    with app.test_request_context():
        assert [
            o.student.id for o in dues.due_for(advisor, "talk", PUBLISHED + timedelta(days=40))
        ] == [student.id]
        assert dues.due_for(counselor, "talk", PUBLISHED + timedelta(days=10)) == []


def test_a_missing_pairing_shows_on_the_counselors_due_list(app, db, make, warned):
    student, counselor, _advisor = warned("shaoxing", "difficulty", "level2")
    today = PUBLISHED + timedelta(days=31)
    with app.test_request_context():
        [item] = dues.due_for(counselor, "pairing", today)
    assert item.student.id == student.id and item.due.state == "overdue"
    assert "第五条" in item.rule.clause
    make.pairing(
        make.volunteer(make.student(student.school_class), courses="高数", statement="愿意"),
        student,
        courses=["高数"],
        difficulty="d",
        plan="p",
        starts_on=today,
        ends_on=today + timedelta(days=60),
        state="advisor",  # only proposed (the advisor has not answered): the due is met
        created_at=datetime.combine(today, datetime.min.time()),
    )
    with app.test_request_context():
        assert dues.due_for(counselor, "pairing", today) == []


def test_the_support_team_plan_of_anshan_red_is_owed_and_counted_apart(app, db, warned):
    student, _c, _a = warned("anshan", "academic", "red")
    kinds = {o.kind for o in owed(app, student, PUBLISHED + timedelta(days=1))}
    assert kinds == {"talk", "parent", "support_plan"}


def test_inherited_rules_keep_the_milder_levels_clause():
    rules = effective(PRESETS["shaoxing"], PRESET_LEVELS["shaoxing"])
    [letter] = [r for r in rules if r.level == "level3" and r.method == "registered_letter"]
    assert letter.inherited_from == "difficulty:level2" and "第五条" in letter.clause
    assert "inherited_from" not in letter.stored()  # computed, never saved


def test_a_talk_recorded_as_a_group_talk_counts_as_a_meeting_not_a_talk(app, db, warned):
    """附件3's 谈话方式 has 集体座谈: such a record is a group meeting for the due lists."""
    student, _c, _a = warned("guangxi", "academic", "warning")
    talk(db, student, PUBLISHED + timedelta(days=2), "class_advisor", method="group")
    talk(db, student, PUBLISHED + timedelta(days=2), "counselor", method="group")
    states = {
        o.kind: o.due.state
        for o in owed(app, student, PUBLISHED + timedelta(days=40), {"talk", "meeting"})
    }
    assert states == {"talk": "overdue", "meeting": "on_time"}


def test_an_obligation_can_name_an_academic_mentor_and_only_their_talk_meets_it(
    app, db, make, warned, client, login, monkeypatch
):
    from portal.core.cadence_policies import policy_of

    from ..followup import pin_today

    student, counselor, _advisor = warned("guangxi", "academic", "warning")
    policy = policy_of(student.school_class.major.college_id)
    policy.rules = [
        *policy.rules,
        CadenceRule(
            "warning",
            "mentor",
            "talk",
            first_within_days=21,
            category="academic",
            clause="gxu-electrical-2020 第四条2(3) 导师",
        ).stored(),
    ]
    db.session.flush()
    mentor = make.user(role="mentor", scope=student.school_class, name="吴导师")
    talk(db, student, PUBLISHED + timedelta(days=2), "counselor")
    with app.test_request_context():
        [item] = dues.due_for(mentor, "talk", PUBLISHED + timedelta(days=25))
        assert (item.student.id, item.role, item.due.state) == (student.id, "mentor", "overdue")
    login(mentor)
    pin_today(monkeypatch, PUBLISHED + timedelta(days=25))
    page = client.get("/cadence/due").get_data(as_text=True)
    assert "导师" in page and student.name in page


def _due_sections(page: str) -> dict[str, str]:
    """The "owed by me" page cut into its sections, by kind."""
    parts = page.split('<section class="due-kind" data-kind="')[1:]
    return {part.split('"', 1)[0]: part.split("</section>", 1)[0] for part in parts}


def test_the_due_list_shows_the_method_column_only_where_a_rule_names_one(
    app, warned, client, login, monkeypatch
):
    """A walk at 1024 px found a method column of nothing but "—" taking the room the dates
    needed: guangxi owes the parent contact by phone, the group meeting by any method."""
    from ..followup import pin_today

    student, counselor, _advisor = warned("guangxi", "academic", "warning")
    login(counselor)
    pin_today(monkeypatch, PUBLISHED + timedelta(days=35))
    sections = _due_sections(client.get("/cadence/due").get_data(as_text=True))
    parent, meeting = sections["parent"], sections["meeting"]
    assert student.name in parent and student.name in meeting
    assert "<th>方式</th>" in parent and '<td class="nowrap">电话</td>' in parent
    assert "方式" not in meeting and '<td class="nowrap">—</td>' not in meeting
