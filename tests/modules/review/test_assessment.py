"""The leaders' assessment (评估意见), found by an outside tester: printed with the review but
missing from its workbook; an empty one saved as a row; a control character (\\x07) stored
as typed."""

from io import BytesIO

from openpyxl import load_workbook

from portal.modules.review.models import Report

from ...html_forms import error_at
from .test_review import _summary_rows, history  # noqa: F401

TEXT = {"worked": "谈话及时", "not_worked": "", "changes": "加强家校联系"}


def _workbook(client, first, anonymous=False):
    url = f"/review/export.xlsx?term={first.id}{'&anonymous=1' if anonymous else ''}"
    return load_workbook(BytesIO(client.get(url).data))


def _cells(book) -> list:
    return [c for sheet in book.worksheets for row in sheet.values for c in row if c]


def test_the_workbook_ends_its_summary_with_the_assessment_the_print_gives(client, login, history):
    _students, leader, first = history
    login(leader)
    assert _summary_rows(_workbook(client, first))["评估意见"][0].value == "尚未填写。"
    client.post(f"/review/report?term={first.id}", data=TEXT)
    rows = _summary_rows(_workbook(client, first))
    parts = ("取得的成效", "存在的问题", "下学期改进措施")
    assert [rows[part][0].value for part in parts] == ["谈话及时", "—", "加强家校联系"]
    assert list(rows)[-4:] == ["评估意见", *parts]  # after the figures, as printed
    client.post("/locale", data={"locale": "en", "next": "/"})
    hidden = _workbook(client, first, anonymous=True)
    said = _summary_rows(hidden)["Assessment"][1].value
    assert said == "Left out of the workbook with pseudonyms: the text may name students."
    assert not {"谈话及时", "加强家校联系"} & set(_cells(hidden))


def test_an_empty_assessment_is_refused_at_its_field_and_writes_nothing(client, login, db, history):
    _students, leader, first = history
    login(leader)
    client.post("/locale", data={"locale": "en", "next": "/"})
    url = f"/review/report?term={first.id}"
    for headers in ({}, {"HX-Request": "true", "HX-Boosted": "true"}):
        empty = {"worked": " ", "not_worked": "", "changes": "\n"}
        answer = client.post(url, data=empty, headers=headers)
        page = answer.get_data(as_text=True)
        assert answer.status_code == 422
        assert error_at(page, "worked") == "Write at least one part of the assessment."
    assert db.session.query(Report).count() == 0
    assert client.post(url, data=TEXT).status_code == 303
    emptied = client.post(url, data={"worked": "", "not_worked": "", "changes": ""})
    assert emptied.status_code == 303  # a saved assessment may be emptied: a change
    assert db.session.query(Report).one().worked == ""


def test_control_characters_are_not_stored_with_the_assessment(client, login, db, history):
    _students, leader, first = history
    login(leader)
    typed = {"worked": "谈话\x07及时\x00", "not_worked": "第一行\r\n第二行", "changes": ""}
    assert client.post(f"/review/report?term={first.id}", data=typed).status_code == 303
    saved = db.session.query(Report).one()
    assert (saved.worked, saved.not_worked) == ("谈话及时", "第一行\r\n第二行")
