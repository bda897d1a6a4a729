"""Rulesets as readable tables; clone, edit (rows added and removed), preview, assign."""

import pytest

from portal.core.models import AuditEvent
from portal.modules.warnings import rulesets
from portal.modules.warnings.models import CollegeRuleset, Ruleset


@pytest.fixture
def secretary(client, make, login):
    college = make.college("规则学院")
    user = make.user("RS1", role="secretary", scope=college)
    login(user)
    return college


def test_presets_read_as_tables_in_both_languages(client, secretary):
    page = client.get("/warnings/rulesets/anshan").get_data(as_text=True)
    assert "红色预警" in page and "本学期不及格学分比例" in page and "≥ 25%" in page
    client.post("/locale", data={"locale": "en"})
    english = client.get("/warnings/rulesets/anshan").get_data(as_text=True)
    assert "Red warning" in english or "red" in english.lower()


def test_a_ratio_reads_as_a_percentage_and_a_yes_no_as_what_it_means(client, secretary):
    """As the roster says it ("占 25%", "已延长学习年限"), not "≥ 0.25" and "延长学习年限 ≥ 1"."""
    page = client.get("/warnings/rulesets/anshan").get_data(as_text=True)
    assert "本学期不及格学分比例 ≥ 25%" in page and "≥ 0.25" not in page
    assert "已延长学习年限" in page and "延长学习年限 ≥" not in page
    client.post("/locale", data={"locale": "en"})
    english = client.get("/warnings/rulesets/anshan").get_data(as_text=True)
    assert "≥ 5%" in english and "Study period extended beyond the standard length" in english


def test_guangxi_preset_says_its_thresholds_must_be_set(client, secretary):
    assert "阈值由学校规定" in client.get("/warnings/rulesets/guangxi").get_data(as_text=True)


def test_presets_cannot_be_edited_but_can_be_copied(client, secretary, db):
    assert client.get("/warnings/rulesets/anshan/edit").status_code == 403
    response = client.post("/warnings/rulesets/anshan/clone", data={"new_code": "anshan-2026"})
    assert response.headers["Location"].endswith("/warnings/rulesets/anshan-2026/edit")
    copy = db.session.query(Ruleset).filter_by(code="anshan-2026").one()
    assert (
        not copy.is_preset
        and copy.definition["categories"] == rulesets.ruleset_row("anshan").definition["categories"]
    )


def _editor_form(client, code):
    import re
    from html import unescape

    page = client.get(f"/warnings/rulesets/{code}/edit").get_data(as_text=True)
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page))
    for select, value in re.findall(
        r'<select id="[^"]+" name="([^"]+)">.*?'
        r'<option value="([^"]*)" selected',
        page,
        re.S,
    ):
        fields[select] = value
    for button in ("remove", "add", "preview", "save"):
        fields.pop(button, None)
    return {k: unescape(v) for k, v in fields.items()}


def test_add_and_remove_condition_rows_without_saving(client, secretary, db):
    client.post("/warnings/rulesets/anshan/clone", data={"new_code": "mine"})
    form = _editor_form(client, "mine")
    rows_before = int(form["c0l0-rows"])
    added = client.post(
        "/warnings/rulesets/mine/edit", data={**form, "add": "c0l0"}, headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert f'name="c0l0-rows" value="{rows_before + 1}"' in added
    assert added.lstrip().startswith("<form")
    removed = client.post(
        "/warnings/rulesets/mine/edit", data={**form, "remove": "c0l0r0"}
    ).get_data(as_text=True)
    assert f'name="c0l0-rows" value="{rows_before - 1}"' in removed
    assert db.session.query(Ruleset).filter_by(code="mine").one().version == 1


def _save_first_threshold(client, code: str, threshold: str):
    """anshan cloned as `code`, its first condition's threshold set and saved."""
    client.post("/warnings/rulesets/anshan/clone", data={"new_code": code})
    form = _editor_form(client, code)
    form["c0l0r0-threshold"] = threshold
    return client.post(f"/warnings/rulesets/{code}/edit", data={**form, "save": "1"})


def test_bad_threshold_is_refused_with_422_and_nothing_saved(client, secretary, db):
    response = _save_first_threshold(client, "bad", "很多")
    assert response.status_code == 422
    assert "第 1 行：阈值“很多”不是数字" in response.get_data(as_text=True)
    stored = db.session.query(Ruleset).filter_by(code="bad").one()
    assert stored.definition == rulesets.ruleset_row("anshan").definition | {"code": "bad"}


def test_save_changes_a_threshold(client, secretary, db):
    response = _save_first_threshold(client, "strict", "0.1")
    assert response.status_code == 303
    level = rulesets.load("strict").categories[0].levels[0]
    assert str(level.any_of[0].threshold) == "1/10"


def test_stale_edit_is_refused(client, secretary, db):
    client.post("/warnings/rulesets/anshan/clone", data={"new_code": "shared"})
    form = _editor_form(client, "shared")
    row = db.session.query(Ruleset).filter_by(code="shared").one()
    row.definition = dict(row.definition, names={"zh": "别人改过", "en": "changed"})
    db.session.flush()
    form["c0l0r0-threshold"] = "0.2"
    client.post("/warnings/rulesets/shared/edit", data={**form, "save": "1"})
    db.session.refresh(row)
    assert row.definition["names"]["zh"] == "别人改过"


def test_preview_counts_students_per_level_without_saving(client, secretary, make, grades, db):
    student = make.student(make.school_class(make.major(secretary)))
    term = grades(student, "2024-2025-1", [("A", 4, 30, "regular"), ("B", 16, 90, "regular")])
    client.post("/warnings/rulesets/anshan/clone", data={"new_code": "preview"})
    form = _editor_form(client, "preview")
    page = client.post(
        "/warnings/rulesets/preview/edit", data={**form, "preview": "1", "term": str(term.id)}
    ).get_data(as_text=True)
    assert "共评估 1 名学生" in page and "尚未保存" in page


def test_assigning_a_ruleset_to_the_college(client, secretary, db):
    client.post("/warnings/rulesets/assign", data={"college": secretary.id, "code": "shaoxing"})
    assert db.session.get(CollegeRuleset, secretary.id).ruleset_code == "shaoxing"


def test_assigning_to_another_college_is_refused(client, secretary, make, db):
    other = make.college("别的学院")
    response = client.post(
        "/warnings/rulesets/assign", data={"college": other.id, "code": "shaoxing"}
    )
    assert response.status_code == 404 and db.session.get(CollegeRuleset, other.id) is None
    # Refused like every college outside the user's: audited as a denial.
    [denied] = db.session.query(AuditEvent).filter_by(action="denied").all()
    assert f"warnings.rulesets college {other.id}" in denied.detail


def test_the_college_edits_the_consequence_text_of_a_level(client, secretary, db):
    client.post("/warnings/rulesets/anshan/clone", data={"new_code": "words"})
    form = _editor_form(client, "words")
    form["c0l2-consequences-zh"] = "与家长面谈，成立帮扶小组。"
    form["c0l2-consequences-en"] = "A meeting with the parents and a support team."
    client.post("/warnings/rulesets/words/edit", data={**form, "save": "1"})
    red = rulesets.load("words").categories[0].levels[2]
    assert red.consequences == {
        "zh": "与家长面谈，成立帮扶小组。",
        "en": "A meeting with the parents and a support team.",
    }


def test_days_to_confirm_a_notice_is_a_college_setting(client, secretary, db):
    client.post(
        "/warnings/rulesets/assign",
        data={"college": secretary.id, "code": "anshan", "confirm_days": "10"},
    )
    assert db.session.get(CollegeRuleset, secretary.id).confirm_days == 10


def test_days_to_confirm_that_are_not_a_number_in_range_refuse_the_whole_assignment(
    client, secretary, db
):
    """The same fault as probe finding 3 (a bad date kept as "no date"): `abc`, 0 or 200
    days were dropped, the ruleset assigned all the same and the page said saved. Now the
    post is refused, the days named, and the college keeps its ruleset and days."""
    client.post(
        "/warnings/rulesets/assign",
        data={"college": secretary.id, "code": "anshan", "confirm_days": "10"},
        follow_redirects=True,
    )
    for days in ("abc", "0", "200", "１０"):
        page = client.post(
            "/warnings/rulesets/assign",
            data={"college": secretary.id, "code": "lanzhou", "confirm_days": days},
            follow_redirects=True,
        ).get_data(as_text=True)
        assert "请将确认通知书的天数写成 1 到 90 之间的整数；未保存任何内容。" in page, days
        assert "现在使用规则集" not in page
    row = db.session.get(CollegeRuleset, secretary.id)
    assert (row.ruleset_code, row.confirm_days) == ("anshan", 10)
    client.post("/locale", data={"locale": "en"})
    page = client.post(
        "/warnings/rulesets/assign",
        data={"college": secretary.id, "code": "lanzhou", "confirm_days": "x"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Write the days to confirm a notice as a whole number from 1 to 90; nothing" in page
