"""Editing a college's cadence policy, and the compliance page leaders read."""

import re
from datetime import timedelta

from portal.core.models import CadencePolicy

from ..followup import PUBLISHED, pin_today

HTMX = {"HX-Request": "true"}


def rows(*rules, period=126):
    data = {"period_days": str(period)}
    for i, rule in enumerate(rules):
        for key, value in rule.items():
            data[f"rules-{i}-{key}"] = str(value)
    return data


def rule(level, role, kind, **days) -> dict:
    """One row of the editor: who owes what at `level`, within and every how many days."""
    return {"level": level, "role": role, "kind": kind, **days}


def editor(client, login, make, college) -> str:
    """The cadence policy editor of `college`, as a secretary of it sees it."""
    login(make.user(role="secretary", scope=college))
    return client.get(f"/cadence/policies/{college.id}").get_data(as_text=True)


def save_policy(client, login, make, college, *rules, period=126, **request):
    """A secretary of `college` saves its cadence policy as `rules`: the response."""
    login(make.user(role="secretary", scope=college))
    return client.post(
        f"/cadence/policies/{college.id}", data=rows(*rules, period=period), **request
    )


def policy_of(db, college):
    return db.session.query(CadencePolicy).filter_by(college_id=college.id).one_or_none()


def test_the_editor_lists_the_college_rulesets_levels_and_the_preset_rules(
    client, login, make, followup
):
    college = followup.school_class.major.college
    page = editor(client, login, make, college)
    assert "黄色预警" in page and "红色预警" in page
    assert page.count('name="rules-') >= 6 * 8  # five anshan rules and three blank rows


def test_saving_replaces_the_rules_and_blank_rows_are_ignored(client, login, make, db, followup):
    college = followup.school_class.major.college
    rules = [
        rule("academic:red", "counselor", "talk", first_within_days=3, every_days=10),
        rule("", "counselor", "talk"),
    ]
    response = save_policy(client, login, make, college, *rules, period=100)
    assert response.status_code == 303
    policy = policy_of(db, college)
    assert policy.period_days == 100 and policy.rules == [
        {
            "level": "red",
            "role": "counselor",
            "kind": "talk",
            "first_within_days": 3,
            "every_days": 10,
            "per_term_min": None,
            "category": "academic",
            "method": "",
            "clause": "",
            "note": "",
        }
    ]


def test_a_rule_without_any_interval_is_refused_and_nothing_changes(
    client, login, make, db, followup
):
    college = followup.school_class.major.college
    before = list(policy_of(db, college).rules)
    response = save_policy(
        client, login, make, college, rule("red", "counselor", "talk"), headers=HTMX
    )
    assert response.status_code == 422 and "请填写首次期限" in response.get_data(as_text=True)
    assert policy_of(db, college).rules == before


def test_copying_a_preset(client, login, make, db, followup):
    college = followup.school_class.major.college
    login(make.user(role="secretary", scope=college))
    client.post(f"/cadence/policies/{college.id}/preset", data={"preset": "lanzhou"})
    policy = policy_of(db, college)
    assert policy.preset == "lanzhou" and {r["level"] for r in policy.rules} == {"oral", "written"}


def test_a_preset_not_offered_is_refused_on_the_policy_page(client, login, make, db, followup):
    """Probe finding 4: the policy page again with why (422), not a redirect and a flash."""
    college = followup.school_class.major.college
    before = policy_of(db, college).rules
    login(make.user(role="secretary", scope=college))
    response = client.post(f"/cadence/policies/{college.id}/preset", data={"preset": "bogus"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "请选择一个预设。" in page and 'name="period_days"' in page
    assert policy_of(db, college).rules == before and policy_of(db, college).preset != "bogus"


def test_other_colleges_policies_are_out_of_reach(client, login, make, followup):
    login(make.user(role="secretary", scope=make.college()))
    college = followup.school_class.major.college
    assert client.get(f"/cadence/policies/{college.id}").status_code == 404
    login(followup.counselor)
    assert client.get(f"/cadence/policies/{college.id}").status_code == 403


def test_leaders_see_compliance_per_counselor_and_class(client, login, make, followup, monkeypatch):
    pin_today(monkeypatch, PUBLISHED + timedelta(days=20))
    login(followup.counselor)
    client.post(
        f"/talks/students/{followup.orange.id}/new",
        data={
            "held_on": (PUBLISHED + timedelta(days=6)).isoformat(),
            "method": "face",
            "initiated_by": "teacher",
            "talker_role": "counselor",
            "talkers": "陈辅导员",
            "content": "谈话",
        },
    )
    login(make.user(role="leader", scope=followup.school_class.major.college))
    page = client.get("/cadence/compliance?kind=talk").get_data(as_text=True)
    person = page[page.index("陈辅导员") : page.index("</tr>", page.index("陈辅导员"))]
    # Orange due days 7 and 14 (on time, then missed); red due 7 and 14 (both missing).
    cells = re.findall(r'class="num">(?:<a href="[^"]*"><strong class="err">)?([\d%]+)', person)
    assert cells == ["1", "0", "3", "25%"]
    assert followup.school_class.name in page
    # The missing figure opens the three talks it counts, oldest first, each student linked.
    behind = re.search(r'<a href="([^"]*)"><strong class="err">3<', person).group(1)
    listed = client.get(behind.replace("&amp;", "&")).get_data(as_text=True)
    rows = listed[listed.index("<tbody>") : listed.index("</tbody>")].split("</tr>")[:-1]
    assert len(rows) == 3 and f"/students/{followup.red.id}" in rows[0]  # due day 7
    assert sum(f"/students/{followup.orange.id}" in row for row in rows) == 1  # day 14


def test_a_missing_figure_opens_only_within_the_readers_scope(client, login, make, followup):
    other = make.user(role="counselor", scope=make.school_class())  # another college's
    login(make.user(role="leader", scope=followup.school_class.major.college))
    assert (
        client.get(f"/cadence/compliance/missing?user={other.id}&role=counselor").status_code == 404
    )
    elsewhere = make.school_class()
    assert client.get(f"/cadence/compliance/missing?class_id={elsewhere.id}").status_code == 404
    mine = f"/cadence/compliance/missing?user={followup.counselor.id}&role=counselor"
    assert client.get(mine).status_code == 200
    login(followup.counselor)  # owes talks; reads no one's compliance
    assert client.get(mine).status_code == 403


def test_a_missing_list_refuses_arguments_that_name_nobody(client, login, make, followup):
    login(make.user(role="leader", scope=followup.school_class.major.college))
    base = "/cadence/compliance/missing"
    for junk in ("user=abc&role=counselor", "class_id=abc", "kind=junk", "unowned=student"):
        assert client.get(f"{base}?{junk}").status_code == 404, junk
    # A class in scope with nothing of that kind due is a list of none, not a refusal.
    page = client.get(f"{base}?class_id={followup.school_class.id}&kind=meeting")
    assert page.status_code == 200 and "未完成 0 项" in page.get_data(as_text=True)
    whole = client.get(base).get_data(as_text=True)
    assert "<p>未完成" in whole  # nothing named: no stray separator before the count


def test_what_nobody_is_assigned_to_is_counted_and_listed(
    client, login, make, db, followup, monkeypatch
):
    """Per class counts every obligation; per person must too: a class without a class
    advisor owes the advisor's talks to nobody, and the page says so."""
    from portal.core.models import RoleGrant

    db.session.query(RoleGrant).filter_by(role="class_advisor").delete()
    db.session.commit()
    pin_today(monkeypatch, PUBLISHED + timedelta(days=60))
    login(make.user(role="leader", scope=followup.school_class.major.college))
    page = client.get("/cadence/compliance?kind=talk").get_data(as_text=True)
    row = page[page.index("无人负责") : page.index("</tr>", page.index("无人负责"))]
    assert "班主任" in row
    behind = re.search(
        r'<a href="([^"]*unowned=class_advisor[^"]*)"><strong class="err">(\d+)<', row
    )
    listed = client.get(behind.group(1).replace("&amp;", "&")).get_data(as_text=True)
    body = listed[listed.index("<tbody>") : listed.index("</tbody>")]
    assert body.count("</tr>") == int(behind.group(2)) and "班主任" in body


def test_liaoning_sets_a_talk_schedule_per_category(client, login, make, db):
    """liaoning's 退学, 降级 and 学位 warnings share the level code "warning": a rule names
    its category, and only that category's students owe it."""
    from portal.core.cadence import CadenceRule
    from portal.modules.warnings import rulesets

    college = make.college("辽宁学院")
    rulesets.assign(college, "liaoning")
    page = editor(client, login, make, college)
    for code, name in (("dropout", "退学警示"), ("demotion", "降级警示"), ("degree", "学位警示")):
        assert f'value="{code}:warning">{name}</option>' in page
    client.post(
        f"/cadence/policies/{college.id}",
        data=rows(
            rule("degree:warning", "counselor", "talk", every_days=14),
            rule("demotion:warning", "counselor", "parent", first_within_days=7),
        ),
    )
    [degree, demotion] = [CadenceRule(**r) for r in policy_of(db, college).rules]
    assert degree.applies_to("degree", "warning") and not degree.applies_to("demotion", "warning")
    assert (demotion.category, demotion.kind) == ("demotion", "parent")


def test_a_policy_where_red_owes_less_than_orange_is_refused_and_nothing_saved(
    client, login, make, db, followup
):
    """lanzhou 二.6: a higher level's work builds on the lower's. The old anshan preset had
    red owe one parent contact while orange owed one every two weeks."""
    college = followup.school_class.major.college
    before = list(policy_of(db, college).rules)
    rules = [
        rule("academic:orange", "counselor", "parent", first_within_days=14, every_days=14),
        rule("academic:red", "counselor", "parent", first_within_days=30),
    ]
    response = save_policy(client, login, make, college, *rules, headers=HTMX)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "更严重的级别" in page and "红色预警" in page and "橙色预警" in page
    assert policy_of(db, college).rules == before


def test_the_editor_shows_each_rules_clause_and_what_a_level_inherits(
    client, login, make, followup
):
    college = followup.school_class.major.college
    page = editor(client, login, make, college)
    assert "anshan-normal 第十二条" in page and "anshan-normal 第十三条" in page
    inherited = page[page.index('class="inherited"') :]
    # the clause quoted from the policy, named by its title (not the seed's file name) and
    # marked as Chinese on a page of either language
    quoted = '<span lang="zh-CN">《鞍山师范学院学生学业预警制度实施办法》第十一条</span>'
    assert "红色预警" in inherited and quoted in inherited


def test_saving_a_preset_unchanged_in_chinese_keeps_its_notes_for_every_language(
    client, login, make, db, followup
):
    from ..html_forms import page_forms

    college = followup.school_class.major.college
    before = [r["note"] for r in policy_of(db, college).rules]
    page = editor(client, login, make, college)
    assert "第十三条" in page and "制度未规定帮扶小组计划的期限" in page  # the note in Chinese
    [form] = [f for f in page_forms(page) if f.action.endswith(f"/cadence/policies/{college.id}")]
    response = client.post(form.action, data=form.data())
    assert response.status_code == 303
    after = [r["note"] for r in policy_of(db, college).rules]
    # The presets' notes stay msgids (not their Chinese text); empty ones were typed into.
    assert [a for b, a in zip(before, after, strict=False) if b] == [b for b in before if b]


def test_an_error_in_a_rule_row_is_summed_up_by_its_row_and_field(
    client, login, make, db, followup
):
    """A list of sub-forms keeps its errors as nested dicts: the summary names the row and
    the field instead of printing them as Python text."""
    college = followup.school_class.major.college
    rules = [
        rule("academic:red", "counselor", "talk", first_within_days=3),
        rule("academic:red", "counselor", "parent", every_days=400),
    ]
    page = save_policy(client, login, make, college, *rules).get_data(as_text=True)
    summary = page[
        page.index('class="summary"') : page.index("</div>", page.index('class="summary"'))
    ]
    assert "第 2 行 · 此后每隔（天）：" in summary
    assert "{" not in summary and "[" not in summary
    client.post("/locale", data={"locale": "en"})
    page = client.post(f"/cadence/policies/{college.id}", data=rows(*rules)).get_data(as_text=True)
    assert "row 2 · Then every (days): Number must be between 1 and 365." in page


def test_a_rule_repeating_another_rows_is_refused_at_its_row(client, login, make, db, followup):
    """Probe: two rows of the same level, who, what and method were saved; which counts?
    (The same level, who and what with another method is a second duty: lanzhou's
    written warning owes a parent contact and a meeting at school.)"""
    college = followup.school_class.major.college
    before = list(policy_of(db, college).rules)
    rules = [
        rule("academic:red", "counselor", "parent", first_within_days=14),
        rule("academic:red", "counselor", "parent", first_within_days=14, method="face"),
        rule("academic:red", "counselor", "parent", every_days=30),
    ]
    login(make.user(role="secretary", scope=college, locale="en"))
    response = client.post(f"/cadence/policies/{college.id}", data=rows(*rules), headers=HTMX)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    row = re.search(r'<tr class="invalid">(.*?)</tr>', page, re.S).group(1)
    assert 'id="rules-2-level"' in row and "Row 1 already has this rule" in row
    assert page.count('<tr class="invalid">') == 1
    assert policy_of(db, college).rules == before


def test_a_talk_by_registered_letter_is_refused_at_its_method(client, login, make, db, followup):
    """Probe: an individual talk "by registered letter" was saved, a duty no record can meet
    (a talk is face to face, by phone or online; a letter goes to parents)."""
    college = followup.school_class.major.college
    before = list(policy_of(db, college).rules)
    rules = [
        rule("academic:red", "counselor", "talk", first_within_days=14, method="registered_letter"),
        rule("academic:red", "counselor", "meeting", first_within_days=14, method="face"),
        rule(
            "academic:red", "counselor", "parent", first_within_days=14, method="registered_letter"
        ),
    ]
    login(make.user(role="secretary", scope=college, locale="en"))
    response = client.post(f"/cadence/policies/{college.id}", data=rows(*rules))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    errors = re.findall(r'id="rules-(\d)-method".*?<small class="err">(.*?)</small>', page, re.S)
    assert [(n, words.split(":")[0]) for n, words in errors] == [
        ("0", "Individual talk is never by Registered letter"),
        ("1", "Group meeting records no method, so not Face to face (at school)"),
    ]
    assert "choose Face to face (at school), Phone, Online, or any method." in errors[0][1]
    assert policy_of(db, college).rules == before


def test_the_methods_a_rule_may_require_are_those_the_records_carry():
    """The core's list (dues.KIND_METHODS) against the talks' and parents' own."""
    from portal.core.dues import KIND_METHODS
    from portal.modules.parents.models import Method as ParentMethod
    from portal.modules.talks.models import INDIVIDUAL_METHODS

    assert KIND_METHODS == {
        "talk": tuple(m.value for m in INDIVIDUAL_METHODS),
        "parent": tuple(m.value for m in ParentMethod),
    }


def test_each_rows_fields_are_labelled_with_the_rows_number(client, login, make, followup):
    """A screen reader heard "Level 1", "Who 2", "What 3" in every row: the number was the
    column's, not the row's."""
    page = editor(client, login, make, followup.school_class.major.college)
    for n in (1, 2, 3):
        assert f'for="rules-{n - 1}-level">等级 {n}</label>' in page
        assert f'for="rules-{n - 1}-kind">事项 {n}</label>' in page
