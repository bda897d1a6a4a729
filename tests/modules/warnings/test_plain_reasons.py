"""Issue 17 missing 4: reasons in words a student and a parent understand, with the figures
("本学期不及格学分占 48%（标准 25%）", not "本学期不及格学分比例 1 ≥ 0.25"), zh and en; the stored
values stay exact, rounded only for display (warning-rules.md §2)."""

import re

import pytest
from flask_babel import force_locale

from portal.modules.warnings.explain import describe
from portal.modules.warnings.models import Warning

from .test_lifecycle import draft  # noqa: F401

RATIO = {"metric": "term_failed_ratio", "op": ">=", "value": "12/25", "threshold": "1/4"}


@pytest.mark.parametrize(
    "fired, zh, en",
    [
        (
            RATIO,
            "本学期不及格学分占 48%（标准 25%）",
            "Share of this term's credits failed: 48% (threshold 25%)",
        ),
        (
            {**RATIO, "value": "1"},
            "本学期不及格学分占 100%（标准 25%）",
            "Share of this term's credits failed: 100% (threshold 25%)",
        ),
        ({**RATIO, "value": "3/11"}, "本学期不及格学分占 27.3%（标准 25%）", None),
        (
            {"metric": "gpa_cumulative", "op": "<", "value": "11/5", "threshold": "2.5"},
            "累计平均学分绩点为 2.2（标准 2.5）",
            "Overall grade point average: 2.2 (threshold 2.5)",
        ),
        (
            {"metric": "outstanding_failed_credits", "op": ">=", "value": "13/2", "threshold": "6"},
            "累计仍未通过 6.5 学分（标准 6 学分）",
            "Credits still not passed overall: 6.5 (threshold 6)",
        ),
        (  # a yes/no of the record (anshan 第七条): what it means, not "1 ≥ 1"
            {"metric": "extended_study", "op": ">=", "value": "1", "threshold": "1"},
            "已延长学习年限",
            "Study period extended beyond the standard length",
        ),
    ],
)
def test_issue17_m4_reasons_read_as_plain_words_with_the_figures(app, fired, zh, en):
    with app.test_request_context(), force_locale("zh_CN"):
        assert describe(fired) == zh
    if en:
        with app.test_request_context(), force_locale("en"):
            assert describe(fired) == en


def test_issue17_m4_the_students_page_shows_the_plain_reason(client, login, db, draft):
    run, student = draft["run"], draft["warned"]
    warning = db.session.query(Warning).filter_by(run_id=run.id).first()
    assert warning is not None and warning.fired
    run.status = "published"
    db.session.commit()
    login(draft["secretary"])
    page = client.get(f"/warnings/students/{student.id}").get_data(as_text=True)
    with client.application.test_request_context(), force_locale("zh_CN"):
        expected = [describe(f) for f in warning.fired]
    for text in expected:
        assert text in page and "（标准 " in text
    assert "≥" not in page.split("<main", 1)[1]
    client.post("/locale", data={"locale": "en"})
    page = client.get(f"/warnings/students/{student.id}").get_data(as_text=True)
    assert "(threshold " in page and "标准" not in page


def _figure(page: str, label: str) -> str:
    """The value beside `label` in the warning's list of all figures of the term."""
    figures = page[page.index("<details>") : page.index("</details>")]
    return re.search(rf"<th>{re.escape(label)}</th><td class=\"num\">([^<]*)</td>", figures)[1]


def test_the_list_of_all_figures_says_a_yes_no_in_words_and_a_ratio_as_a_percentage(
    client, login, db, draft
):
    """ "延长学习年限 0" and "本学期不及格学分比例 0.25" beside a roster saying "25%": the list
    says 否 and a percentage, as the reasons above it do."""
    run, student = draft["run"], draft["warned"]
    warning = db.session.query(Warning).filter_by(run_id=run.id, student_id=student.id).first()
    warning.metrics = {**warning.metrics, "extended_study": "0", "term_failed_ratio": "1/4"}
    run.status = "published"
    db.session.commit()
    login(draft["secretary"])
    page = client.get(f"/warnings/students/{student.id}").get_data(as_text=True)
    assert _figure(page, "延长学习年限") == "否"
    assert _figure(page, "本学期不及格学分比例") == "25%"
    client.post("/locale", data={"locale": "en"})
    page = client.get(f"/warnings/students/{student.id}").get_data(as_text=True)
    assert _figure(page, "Extended study period") == "no"
    assert _figure(page, "Failed credit ratio this term") == "25%"
