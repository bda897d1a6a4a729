"""A group meeting's attendance list gives each student one answer (present, invited but
absent, not invited): ticking a student both present and absent, which the old checkboxes
allowed and then silently saved as present, cannot be posted from the page, and a post that
tries it (or lists a student twice, or one out of scope) is refused with nothing written."""

import re

from portal.modules.talks.models import Meeting

from .test_meetings_and_support import attendance, minutes


def test_each_student_has_one_answer_not_invited_by_default(client, login, followup):
    login(followup.counselor)
    page = client.get("/talks/meetings/new").get_data(as_text=True)
    line = re.search(rf'<tr><td><input[^>]*value="{followup.orange.id}">.*?</tr>', page, re.S)
    radios = re.findall(r"<input[^>]*>", line.group(0))[1:]
    assert len(radios) == 3 and all('type="radio"' in r for r in radios)
    assert len({re.search(r'name="([^"]+)"', r).group(1) for r in radios}) == 1  # one group
    assert [bool("checked" in r) for r in radios] == [False, False, True]  # not invited
    assert f'id="present-{followup.orange.id}"' in radios[0]
    assert f'aria-label="{followup.orange.name}未邀请"' in radios[2]
    assert "<th>未邀请</th>" in page


def test_present_and_absent_at_once_is_refused_and_nothing_is_written(client, login, db, followup):
    login(followup.counselor)
    o = followup.orange
    both = {**minutes(), "present": [str(o.id)], "absent": [str(o.id)]}  # the old checkboxes
    twice = minutes(**attendance((o, "present"), (o, "absent")))
    for data, words in (
        (both, "请至少将一名学生标为出席或受邀未到。"),
        (twice, "出席名单与您可邀请的学生不符。"),
    ):
        for headers in ({}, {"HX-Request": "true"}):
            response = client.post("/talks/meetings/new", data=data, headers=headers)
            assert response.status_code == 422
            page = response.get_data(as_text=True)
            assert words in page and "座谈内容</textarea>" in page  # what was typed stays
    assert db.session.query(Meeting).count() == 0
    followup.counselor.locale = "en"
    client.post("/locale", data={"locale": "en", "next": "/"})
    page = client.post("/talks/meetings/new", data=twice).get_data(as_text=True)
    assert "The attendance list does not match the students you may invite." in page
    assert db.session.query(Meeting).count() == 0


def test_the_edit_form_shows_each_students_answer(client, login, db, followup):
    login(followup.counselor)
    client.post("/talks/meetings/new", data=minutes(followup.orange, absent=[followup.red]))
    meeting = db.session.query(Meeting).one()
    page = client.get(f"/talks/meetings/{meeting.id}/edit").get_data(as_text=True)
    checked = {
        who: [
            i
            for i, r in enumerate(re.findall(rf'<input[^>]*-{s.id}"[^>]*>', page))
            if "checked" in r
        ]
        for who, s in (("orange", followup.orange), ("red", followup.red))
    }
    assert checked == {"orange": [0], "red": [1]}  # present, invited but absent


def _checked(page: str, student) -> str:
    """The answer checked on the student's line: present, absent or none."""
    radios = re.findall(rf'<input[^>]*id="(\w+)-{student.id}"[^>]*>', page)
    tags = re.findall(rf'<input[^>]*id="\w+-{student.id}"[^>]*>', page)
    return next(answer for answer, tag in zip(radios, tags, strict=True) if "checked" in tag)


def test_a_whole_class_is_marked_present_in_one_click_and_nothing_is_saved(
    client, login, db, followup
):
    """A meeting is often one class's: one button marks each of its warned students present
    and shows the form again with what was typed (no JavaScript needed); saving stays the
    main button's. A class outside the user's list marks nobody."""
    login(followup.counselor)
    page = client.get("/talks/meetings/new").get_data(as_text=True)
    cls = followup.school_class
    assert page.count('name="mark_class"') == 1
    assert f'value="{cls.id}" formnovalidate>全班标为出席' in page
    everyone = (followup.yellow, followup.orange, followup.red)
    none = minutes(**attendance(*((s, "none") for s in everyone)))
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(
            "/talks/meetings/new", data={**none, "mark_class": str(cls.id)}, headers=headers
        )
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert [_checked(page, s) for s in everyone] == ["present"] * 3
        assert "座谈内容</textarea>" in page and 'class="err"' not in page
    forged = client.post("/talks/meetings/new", data={**none, "mark_class": str(cls.id + 99)})
    assert [_checked(forged.get_data(as_text=True), s) for s in everyone] == ["none"] * 3
    assert db.session.query(Meeting).count() == 0
