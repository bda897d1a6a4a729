"""Issue 17 #6: each import kind offers a template workbook (headings, example rows, the
values each column accepts, read from the parsing code); the grades template imports as it
is; after a grades import the page offers to compute that term's warnings."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from portal.core import cells
from portal.core.import_templates import EXAMPLES

HX = {"HX-Request": "true"}


def sheets(response):
    book = load_workbook(BytesIO(response.data), read_only=True)
    return [[list(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets]


@pytest.mark.parametrize("kind", ["grades", "attendance", "students"])
def test_each_kind_has_a_template_with_examples_and_accepted_values(app, client, login, make, kind):
    login(make.user(role="secretary"))
    assert f"/imports/{kind}/template.xlsx" in client.get("/imports/").get_data(as_text=True)
    response = client.get(f"/imports/{kind}/template.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("sheet")
    data, notes = sheets(response)
    assert data[0][0] == "学号" and len(data) == 1 + len(EXAMPLES[kind])
    assert notes[0] == ["列", "必填", "可接受的值"]
    assert {row[0] for row in notes[1:]} >= {
        app.extensions["portal.import_kinds"][kind].columns[k][0] for k in EXAMPLES[kind][0]
    }


def test_the_grades_notes_list_every_word_the_parser_knows(client, login, make):
    login(make.user(role="secretary"))
    _data, notes = sheets(client.get("/imports/grades/template.xlsx"))
    text = {row[0]: row[2] for row in notes[1:]}
    assert all(word in text["成绩"] for word in cells.DEFAULT_SCORE_WORDS)
    assert all(word in text["考试性质"] for word in cells.EXAM_KINDS)
    assert "2024-2025学年第1学期" in text["学年学期"]


def test_the_grades_template_imports_as_it_is_and_offers_computing_the_term(
    client, login, make, db
):
    school_class = make.school_class()
    for number in {row["student_no"] for row in EXAMPLES["grades"]}:
        make.student(school_class, student_no=number)
    secretary = make.user(role="secretary", scope=school_class.major.college)
    login(secretary)
    template = client.get("/imports/grades/template.xlsx").data
    response = client.post(
        "/imports/grades",
        content_type="multipart/form-data",
        data={"file": (BytesIO(template), "grades-template.xlsx")},
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "新增 3" in page
    assert "计算本学期的预警" in page
    href = page[page.index("/warnings/compute?term=") :].split('"')[0]
    form = client.get(href.replace("&amp;", "&")).get_data(as_text=True)
    term_id = href.rsplit("=", 1)[1]
    assert f'<option selected value="{term_id}">' in form or f'value="{term_id}" selected' in form


def test_a_teacher_gets_no_template_and_no_compute_button(client, login, make):
    login(make.user(role="teacher", scope=make.college()))
    assert client.get("/imports/grades/template.xlsx").status_code == 403
    assert client.get("/imports/nothing/template.xlsx").status_code == 404
