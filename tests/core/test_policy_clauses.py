"""Each preset rule cites its clause as its policy numbers itself (第十条第三款, 第三部分第二条),
several joined by 、; a policy a college copied from an older preset is brought to the new
citations by the upgrade (f700cd17e58f), and a clause the college wrote itself is kept."""

from __future__ import annotations

import re

import pytest

from portal.core.cadence_policies import apply_preset, policy_of
from portal.core.cadence_presets import PRESETS
from portal.core.models import CadencePolicy
from portal.core.templating import policy_words

from ..migration_step import migration, run_step

ALL_RULES = [rule for rules in PRESETS.values() for rule in rules]


def citation(rule) -> str:
    return rule.clause.partition(" ")[2]


@pytest.mark.parametrize("clause", sorted({citation(rule) for rule in ALL_RULES}))
def test_a_clause_is_cited_in_the_policys_own_numbering_joined_by_the_chinese_comma(clause):
    assert "," not in clause and "(" not in clause
    # not 第十条3 / 第四条2(3) / 三.2: a numbered paragraph or item is named as one (第三款)
    assert not re.search(r"[条项部分款][0-9a-z]|[一二三四五六七八九十]\.", clause)
    assert re.fullmatch(r"(第[一二三四五六七八九十]+(条|部分)[^、“]*(“[^”]+”)?、?)+", clause)


def test_the_cited_parts_are_those_the_policy_has():
    clauses = {citation(rule) for rule in ALL_RULES}
    assert {"第五条、第十条第三款、第十二条", "第三部分第二条、第四部分第五条"} <= clauses
    assert {"第五条第三款", "第四条第二款第二项第一目", "第四条第二款第三项“集体谈话”"} <= clauses


def test_an_english_page_shows_the_citation_as_quoted_chinese_after_the_policys_title():
    [red] = [r for r in PRESETS["anshan"] if r.level == "red" and r.kind == "parent"]
    assert str(policy_words(red.clause)) == (
        '<span lang="zh-CN">《鞍山师范学院学生学业预警制度实施办法》'
        "第五条、第十条第三款、第十二条</span>"
    )


def _with_clauses(policy: CadencePolicy, clauses: dict[int, str]) -> None:
    policy.rules = [
        dict(rule, clause=clauses.get(i, rule["clause"])) for i, rule in enumerate(policy.rules)
    ]


def test_a_policy_copied_from_the_old_preset_takes_the_new_citations_and_keeps_its_own(
    app, db, make
):
    college = make.college()
    policy = apply_preset(college, "anshan")
    as_copied = [dict(rule) for rule in policy.rules]
    red = next(i for i, r in enumerate(as_copied) if r["level"] == "red" and r["kind"] == "parent")
    yellow = next(i for i, r in enumerate(as_copied) if r["clause"].endswith("第五条、第十条"))
    own = "anshan-normal 第十条3（本院：两周一次）"
    # as the old preset stored them, and one the college rewrote itself
    _with_clauses(policy, {red: "anshan-normal 第五条, 第十条3, 第十二条", yellow: own})
    db.session.flush()
    clauses = migration(app, "f700cd17e58f")

    run_step(db, clauses.upgrade)
    rules = policy_of(college.id).rules
    assert rules[red] == as_copied[red]
    assert rules[yellow]["clause"] == own
    assert [r for i, r in enumerate(rules) if i != yellow] == [
        r for i, r in enumerate(as_copied) if i != yellow
    ]

    run_step(db, clauses.downgrade)
    assert policy_of(college.id).rules[red]["clause"] == "anshan-normal 第五条, 第十条3, 第十二条"


@pytest.mark.parametrize("code", sorted(PRESETS))
def test_every_preset_as_once_copied_reads_as_the_preset_after_the_upgrade(app, db, make, code):
    clauses = migration(app, "f700cd17e58f")
    old = {new: old for old, new in clauses.CITATIONS.items()}
    college = make.college()
    policy = apply_preset(college, code)
    as_copied = [dict(rule) for rule in policy.rules]
    _with_clauses(policy, {i: old.get(r["clause"], r["clause"]) for i, r in enumerate(as_copied)})
    db.session.flush()
    run_step(db, clauses.upgrade)
    assert policy_of(college.id).rules == as_copied
