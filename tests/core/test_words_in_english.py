"""Issue 17 items 10 and 11: terms read as words, and English pages carry no Chinese but
names and quoted documents (the every-role browser walk checks every page; these pin the
pieces)."""

import re

import pytest

from portal.core.notify import notify

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize(
    ("locale", "words"), [("en", "2024–2025 term 1"), ("zh_CN", "2024-2025学年第1学期")]
)
def test_a_notification_names_its_term_in_words(client, make, login, db, locale, words):
    user = make.user("W01", role="secretary", scope=make.college(), locale=locale)
    notify(
        user.id, "The warning roster for %(term)s was approved and published.", term="2024-2025-1"
    )
    db.session.commit()
    login(user)
    page = client.get("/notifications/").get_data(as_text=True)
    assert words in page and "2024-2025-1" not in page


def test_an_english_profile_shows_gender_in_english(client, make, login, db):
    student = make.student(gender="女")
    login(make.user("W02", role="counselor", scope=student.school_class, locale="en"))
    page = client.get(f"/students/{student.id}").get_data(as_text=True)
    assert "<dd>Female</dd>" in page and "<dd>女</dd>" not in page


def test_english_imports_quote_the_header_words_and_nothing_else_is_chinese(
    client, make, login, db
):
    login(make.user("W03", role="secretary", locale="en"))
    page = client.get("/imports/").get_data(as_text=True)
    hints = re.findall(r'<p class="hint">(.*?)</p>', page, re.S)
    columns = [h for h in hints if "Columns the file's header row must have:" in h]
    assert any('“<span lang="zh-CN">学号</span>”, ' in h for h in columns)
    assert any(
        '“<span lang="zh-CN">学年学期</span>” or “<span lang="zh-CN">学年</span>” + ' in h
        for h in columns
    )
    for hint in hints:  # the optional columns' hints too (course roster, grades' 教师工号)
        outside = re.sub(r'<span lang="zh-CN">[^<]*</span>', "", hint)
        assert not CJK.search(outside), hint


def test_roles_are_listed_with_the_readers_punctuation(client, make, login, db):
    college = make.college()
    user = make.user("W04", role="secretary", scope=college)
    make.grant(user, "leader", college)
    db.session.commit()
    login(make.user("W05", role="admin", locale="en"))
    page = client.get("/admin/users?q=W04").get_data(as_text=True)
    assert "<td>College leader, Teaching secretary</td>" in page and "、" not in page
