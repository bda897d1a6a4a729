"""A Chinese page punctuates as Chinese (full-width colon and brackets), an English page as
English; a guardian's relation as roster files write it (母亲) reads in the reader's
language, other words as typed (an outside walk found "邹玉 (母亲)" on English pages and
"状态:" beside "辅导员：" on Chinese ones)."""

import re
from pathlib import Path


def test_a_guardians_relation_and_brackets_follow_the_readers_language(client, make, login):
    class_a, student = _a_student(make)
    make.guardian(student, name="邹玉", relation="母亲")
    make.guardian(student, name="邹强", relation="舅舅")  # not in the set: as typed
    login(make.user("CO1", role="counselor", scope=class_a))
    page = client.get(f"/parents/students/{student.id}").get_data(as_text=True)
    assert "邹玉（母亲）" in page and "邹强（舅舅）" in page
    client.post("/locale", data={"locale": "en"})
    page = client.get(f"/parents/students/{student.id}").get_data(as_text=True)
    assert "邹玉 (mother)" in page and "邹强 (舅舅)" in page
    family = client.get(f"/students/{student.id}/family").get_data(as_text=True)
    assert "<td>mother</td>" in family


def test_label_and_value_are_joined_by_the_languages_colon(client, make, login):
    """The summary of a refused form names each field and its error."""
    class_a, student = _a_student(make)
    login(make.user("CA1", role="class_advisor", scope=class_a))
    url = f"/talks/students/{student.id}/new"
    refused = client.post(url, data={}).get_data(as_text=True)
    summary = re.search(r'<div class="summary".*?</div>', refused, re.S).group(0)
    assert re.search(r"<li>[^<:]+：", summary) and not re.search(r"[\u4e00-\u9fff]: ", summary)
    client.post("/locale", data={"locale": "en"})
    refused = client.post(url, data={}).get_data(as_text=True)
    summary = re.search(r'<div class="summary".*?</div>', refused, re.S).group(0)
    assert re.search(r"<li>[^<：]+: ", summary) and "：" not in summary


def _a_student(make):
    school_class = make.school_class(make.major(make.college("标点学院")))
    return school_class, make.student(school_class)


def test_an_edit_history_of_a_list_renders_in_an_imported_macro(app):
    """The probe found a talk's page answering 500 once its topics were edited: the history
    macro, imported without the page's context, joined the old list with `punct`."""
    from datetime import datetime
    from types import SimpleNamespace

    revision = SimpleNamespace(
        changed_at=datetime(2026, 12, 3, 8), changed_by=None, before={"topics": ["a", "b"]}
    )
    source = '{% from "macros/history.html" import history %}{{ history(revisions, label) }}'
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        html = app.jinja_env.from_string(source).render(revisions=[revision], label=str)
    assert "a、b" in html


def test_no_template_puts_ascii_brackets_around_a_value():
    """A bracketed value ("个别谈话 (40)") takes the reader's brackets, `punct.open` and
    `punct.close`: full-width on a Chinese page."""
    root = Path(__file__).resolve().parents[2] / "portal"
    bracketed = re.compile(r"(?<![\w'\"])\(\{\{")
    found = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.html")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if bracketed.search(line)
    ]
    assert not found, found
