"""A refused marking names the student and marks the row: in a class of 30, "choose a kind
for each student marked" alone leaves the teacher hunting. Nothing is written; what was
typed stays. The same page answers a plain post and an htmx one."""

import re

from sqlalchemy import func, select

from portal.modules.concerns.models import Concern

from .conftest import marks

HX = {"HX-Request": "true", "HX-Boosted": "true"}


def whole_roster(world, rows):
    """The marking page's post: every student's row, `rows` (index: (kinds, note)) filled."""
    return marks(*((s, *rows.get(i, ([], ""))) for i, s in enumerate(world.students_a)))


def post(client, world, language, data, headers=None):
    client.post("/locale", data={"locale": language, "next": "/"})
    return client.post(f"/concerns/teach/{world.math_a.id}", data=data, headers=headers or {})


def row_of(page, index):
    return re.search(rf'<tr id="rows-{index}"[^>]*>.*?</tr>', page, re.S).group(0)


def test_a_note_without_a_kind_names_the_student_and_marks_the_row(client, login, db, world):
    login(world.teacher)
    data = whole_roster(world, {0: (["quiz"], ""), 3: ([], "上课常玩手机")})
    for headers in (None, HX):  # without JavaScript, and through htmx
        response = post(client, world, "zh", data, headers)
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "<li>甲3：请为这条备注至少勾选一种关注类型。</li>" in page  # the summary
        row = row_of(page, 3)
        assert 'class="invalid"' in row and 'id="rows-3-err"' in row
        assert row.count('aria-invalid="true"') == row.count('"rows-3-err"') - 1 == 6  # kinds, note
        assert 'value="上课常玩手机"' in row  # the note is kept
        assert "invalid" not in row_of(page, 0) and "aria-invalid" not in row_of(page, 0)
    page = post(client, world, "en", data).get_data(as_text=True)
    assert "<li>甲3: Tick at least one kind of concern for this note.</li>" in page
    assert 'class="invalid"' in row_of(page, 3)
    assert db.session.scalar(select(func.count(Concern.id))) == 0


def test_every_row_in_trouble_is_named(client, login, world):
    login(world.teacher)
    data = whole_roster(world, {1: (["other"], ""), 2: ([], "作业没交"), 4: (["quiz"], "好")})
    page = post(client, world, "zh", data).get_data(as_text=True)
    assert "<li>甲1：选择“其他”时请用简短备注说明。</li>" in page
    assert "<li>甲2：请为这条备注至少勾选一种关注类型。</li>" in page
    assert [bool('class="invalid"' in row_of(page, i)) for i in range(5)] == [
        False,
        True,
        True,
        False,
        False,
    ]
