"""Numbers from requests (probe findings 4 and 5). An id in a URL beyond what the database
stores is a 404, never a 500 from its driver; text that `str.isdigit()` takes but `int()`
refuses ('²') is answered as the route answers any other bad value, and writes nothing; an
import reports such a cell as a row error. Each test failed on the code before the fix."""

from __future__ import annotations

from datetime import date

import pytest

from portal.core.models import Student
from portal.core.numbers import MAX_ID, as_id, whole_number

from .followup import pin_today
from .test_matrix import fingerprint
from .urls import fill
from .xlsx_files import post_import, roster_row, roster_xlsx

# SQLite's driver refused ids past 2**63 - 1 (OverflowError); PostgreSQL's `integer` ids past
# 2**31 - 1 (DataError): both were a 500 on every route reading one (the first of these on
# PostgreSQL only: TEST_DATABASE_URL).
BEYOND = [str(MAX_ID + 1), str(2**63), "99999999999999999999"]


def _int_routes(app):
    for rule in app.url_map.iter_rules():
        if "<int:" in rule.rule:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.rule, method


@pytest.mark.parametrize("huge", BEYOND)
def test_an_id_beyond_the_database_is_not_found_on_every_route(app, client, make, login, huge):
    login(make.every_role("root"))
    answers = {}
    for rule, method in _int_routes(app):
        url = fill(rule, default=huge)
        try:
            answers[(method, url)] = client.open(url, method=method, data={}).status_code
        except Exception as error:  # the test app raises what a server answers with a 500
            answers[(method, url)] = type(error).__name__
    assert len(answers) >= 60  # every module's routes were walked
    assert {where: code for where, code in answers.items() if code != 404} == {}


def test_a_url_id_is_ascii_digits_up_to_the_largest_the_database_holds(app):
    from werkzeug.exceptions import NotFound

    urls = app.url_map.bind("localhost")
    assert urls.match(f"/students/{MAX_ID}") == ("students.profile", {"student_id": MAX_ID})
    for refused in (str(MAX_ID + 1), "４", "٣"):  # werkzeug's `\d+` took any script's digits
        with pytest.raises(NotFound):
            urls.match(f"/students/{refused}")


def test_only_ascii_digits_within_bounds_are_read():
    assert [as_id(v) for v in ("7", "007", "0", str(MAX_ID))] == [7, 7, 0, MAX_ID]
    refused = ["²", "²⁰²³", "４", "٣", "-1", "+1", " 1", "1 ", "1_0", "1.0", "", None, 7]
    refused += [str(MAX_ID + 1), "9" * 5000]
    assert [as_id(v) for v in refused] == [None] * len(refused)
    assert whole_number("180", 1, 180) == 180 and whole_number("181", 1, 180) is None


@pytest.fixture
def people(app, make, db, followup, monkeypatch):
    """Who sends the probe's requests: the followup class's counselor, the college's
    secretary and leader, a course teacher marking a survey, an administrator."""
    college = followup.school_class.major.college
    secretary = make.user(role="secretary", scope=college)
    teacher = make.user(role="teacher", scope=college)
    today = date(2026, 10, 20)
    pin_today(monkeypatch, today)
    survey = make.survey(college.id, today, opened_by_id=secretary.id)
    assignment = make.assignment(survey, followup.school_class.id, teacher)
    users = {
        "secretary": secretary,
        "leader": make.user(role="leader", scope=college),
        "counselor": followup.counselor,
        "teacher": teacher,
        "admin": make.user(role="admin"),
    }
    ids = {
        "class": followup.school_class.id,
        "college": college.id,
        "assignment": assignment.id,
        "student": followup.red.id,
    }
    return users, ids


MEETING = {
    "held_on": "2026-09-01",
    "organiser": "陈辅导员",
    "talker_role": "counselor",
    "attendance-0-status": "present",
}

# The probe's requests (finding 4), '²' where it sent it; {name} from `people`'s ids.
PROBED = [
    ("secretary", "GET", "/warnings/?term=²", {}),
    ("counselor", "GET", "/warnings/?class=²", {}),
    ("leader", "GET", "/warnings/?college=²", {}),
    ("secretary", "GET", "/warnings/export?term=²", {}),
    ("counselor", "GET", "/warnings/notices/print?class={class}&term=²", {}),
    ("secretary", "GET", "/cadence/compliance/missing?user=²&role=counselor", {}),
    ("secretary", "POST", "/warnings/lifting/confirm", {"lift": "²"}),
    ("counselor", "POST", "/peer-help/check", {"session": "²"}),
    ("counselor", "POST", "/peer-help/hours/certify", {"term": "²", "until": "2026-12-01"}),
    ("counselor", "POST", "/talks/meetings/new", {**MEETING, "attendance-0-student_id": "²"}),
    (
        "teacher",
        "POST",
        "/concerns/teach/{assignment}",
        {"rows-0-student_id": "²", "rows-0-kinds": "absence"},
    ),
    (
        "secretary",
        "POST",
        "/warnings/settings/{college}",
        {"office_phone": "123", "roster_deadline_days": "²"},
    ),
    (
        "admin",
        "POST",
        "/admin/terms",
        {"term_id": "²", "start_date": "2026-09-01", "end_date": "2027-01-15"},
    ),
]


def _send(client, method, url, data, ids):
    url = url.format(**ids)
    return client.open(url, method=method, data=data if method == "POST" else None)


def _as(value, url, data):
    """The request with `value` where the probe sent '²'."""
    return url.replace("²", value), {k: v.replace("²", value) for k, v in data.items()}


@pytest.mark.parametrize(
    "who, method, url, data", PROBED, ids=[f"{m} {u}".replace("²", "N") for _w, m, u, _d in PROBED]
)
def test_a_superscript_digit_is_answered_like_any_other_bad_value(
    client, login, db, people, who, method, url, data
):
    users, ids = people
    login(users[who])
    before = fingerprint(db)
    answer = _send(client, method, url, data, ids)
    assert answer.status_code < 500
    assert fingerprint(db) == before  # nothing written
    if method == "POST" and answer.status_code in (302, 303):  # refused, and told why
        shown = client.get(answer.headers["Location"]).get_data(as_text=True)
        assert '<p class="flash error">' in shown
    # answered as the route answers a value that is plainly no number
    assert _send(client, method, *_as("x", url, data), ids).status_code == answer.status_code


def test_a_bulk_post_naming_no_id_is_refused_whole_and_says_why(client, login, db, people):
    users, _ids = people
    login(users["secretary"])
    client.post("/locale", data={"locale": "en", "next": "/"})  # its Chinese: ids.tsv
    answer = client.post("/warnings/lifting/confirm", data={"lift": ["1", "²"]})
    assert answer.status_code == 422  # the page again, not a redirect (probe finding 4)
    page = answer.get_data(as_text=True)
    assert "The form sent a choice this page does not offer, so nothing was changed." in page
    assert "warnings lifted" not in page


def test_an_imported_year_of_entry_in_superscript_is_a_row_error(client, make, login, db, tmp_path):
    college = make.college("生命科学学院")
    make.school_class(make.major(college, "生物科学"), "生科2301班")
    login(make.user("IDS1", role="secretary", scope=college))
    client.post("/locale", data={"locale": "zh", "next": "/"})
    workbook = roster_xlsx(
        tmp_path / "year.xlsx",
        roster_row(2023010001, "张三"),
        roster_row(2023010002, "李四", **{"年级": "²⁰²³"}),
    )
    page = post_import(client, "students", workbook, follow_redirects=True).get_data(as_text=True)
    assert "ValueError" not in page and "invalid literal" not in page
    assert "未导入任何数据" in page and "不是有效的年级：²⁰²³" in page
    assert db.session.query(Student).count() == 0


# --- the same reading elsewhere: query arguments, posted fields, hidden counts, cells -------

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "who, url",
    [
        ("counselor", "/binder/?class_id=" + HUGE),
        ("counselor", "/warnings/notices/print?class=" + HUGE),
        ("counselor", "/warnings/notices/print?run=" + HUGE),
    ],
)
def test_a_query_id_beyond_the_database_is_as_if_unknown(client, login, people, who, url):
    users, _ids = people
    login(users[who])
    answer = client.get(url)
    assert answer.status_code < 500
    assert client.get(url.replace(HUGE, "x")).status_code == answer.status_code


def test_retention_years_in_superscript_are_refused_as_not_a_number(client, make, login, db):
    college = make.college("保留学院")
    login(make.user("IDS2", role="admin"))
    client.post("/locale", data={"locale": "en", "next": "/"})
    before = fingerprint(db)
    answer = client.post("/admin/retention", data={f"years-{college.id}": "²"})
    assert answer.status_code == 422
    assert "Enter a whole number of years from 1 to 30." in answer.get_data(as_text=True)
    assert fingerprint(db) == before


def test_a_ruleset_editor_row_count_that_is_no_number_keeps_the_saved_rows(client, make, login):
    from .modules.warnings.test_rulesets_ui import _editor_form

    login(make.user("IDS3", role="secretary", scope=make.college("规则学院")))
    client.post("/warnings/rulesets/anshan/clone", data={"new_code": "mine"})
    form = _editor_form(client, "mine")
    rows = form["c0l0-rows"]
    page = client.post("/warnings/rulesets/mine/edit", data={**form, "c0l0-rows": "²"})
    assert page.status_code == 200
    assert f'name="c0l0-rows" value="{rows}"' in page.get_data(as_text=True)
    preview = {**form, "preview": "1", "term": HUGE}  # a term no database holds: no preview
    assert client.post("/warnings/rulesets/mine/edit", data=preview).status_code == 200


def test_a_row_number_in_superscript_in_a_sheet_is_read_as_the_next_row(tmp_path):
    from portal.core.xlsx import read_table

    from .xlsx_files import raw_xlsx, referenced_row

    columns = {"student_no": ["学号"], "name": ["姓名"]}
    header = referenced_row(1, ["学号", "姓名"])
    odd = '<row r="²"><c r="A2"><v>2023010001</v></c><!-- the element parser\'s --></row>'
    sheet = raw_xlsx(tmp_path / "r.xlsx", header + odd)
    rows = list(read_table(sheet, columns=columns, required=["student_no"]))
    assert [(row.number, row.values["student_no"]) for row in rows] == [(2, 2023010001)]


@pytest.mark.parametrize("cell", ["٢٠٢٤-٢٠٢٥-1", "2024-2025-٢"])
def test_a_term_in_another_scripts_digits_is_no_term(cell):
    from portal.core import cells

    with pytest.raises(cells.CellError):
        cells.term(cell)
