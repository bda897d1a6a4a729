"""The printed notice (学业警示通知书): the college stub is the college's record, and the
notice is printed as the Chinese document it is, in English only when asked for."""

import re

STUDENT_WORDS = ("下一步", "与你谈话", "不是一个人在努力", "不记入你的档案")


def _part(client, notice, part: str, query: str = "") -> str:
    page = client.get(f"/warnings/notices/{notice.id}/print?part={part}{query}")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _sheet(page: str) -> str:
    return page[page.index('<section class="notice-part"') :]


def test_the_college_stub_keeps_the_facts_without_the_words_to_the_student(
    client, login, published
):
    """An outside tester's finding: the stub repeated "辅导员会在 7 天内与你谈话…你不是一个人在
    努力". The college keeps the facts: student, level, reasons, consequences, dates and
    signatures; the student's own copy still speaks to them."""
    notice = published["notices"][published["first"].id]
    login(published["secretary"])
    stub = _sheet(_part(client, notice, "stub"))
    assert "学院存根" in stub and "甲同学" in stub and published["first"].student_no in stub
    assert "预警" in stub and "原因" in stub and "可能后果" in stub
    assert "学生签名" in stub and "经办人" in stub and "2024-2025学年第1学期" in stub
    assert not [words for words in STUDENT_WORDS if words in stub]
    student = _sheet(_part(client, notice, "student"))
    assert all(words in student for words in STUDENT_WORDS)
    assert re.search(r'class="(next|note)"', stub) is None


def title(page: str) -> str:
    """The page's title (its element says the sheet's language)."""
    return re.search(r"<title[^>]*>(.*?)</title>", page, re.S).group(1)


def _screen_line(page: str) -> str:
    """The line above the sheets, on screen only: the way back, how to print, the choice."""
    return re.search(r'<p class="no-print back-link".*?</p>', page, re.S).group(0)


def _choice(page: str) -> str:
    return re.search(r'<a [^>]*href="([^"]*)"[^>]*class="print-language"', page).group(1)


def test_a_secretary_working_in_english_prints_the_chinese_notice_by_default(
    client, login, published
):
    """An outside tester's finding: the print followed the interface language, so a
    secretary working in English printed an English parent copy. The notice is a Chinese
    document: printed in Chinese; the line around it stays in the secretary's language and
    offers the English print (an international student's copy)."""
    notice = published["notices"][published["first"].id]
    published["secretary"].locale = "en"
    login(published["secretary"])
    page = _part(client, notice, "parent")
    assert page.startswith('<!doctype html>\n<html lang="zh-CN">')
    assert "尊敬的家长" in _sheet(page) and "Dear parent" not in _sheet(page)
    assert title(page) == "学业警示通知书"
    line = _screen_line(page)
    assert 'lang="en"' in line and "Back to the notice" in line and "Print with your" in line
    assert "Print it in English" in line
    assert _choice(page) == f"/warnings/notices/{notice.id}/print?part=parent&amp;lang=en"


def test_the_english_print_is_asked_for_and_the_page_around_it_keeps_the_users_language(
    client, login, published
):
    notice = published["notices"][published["first"].id]
    login(published["secretary"])  # working in Chinese
    page = _part(client, notice, "parent", "&lang=en")
    assert page.startswith('<!doctype html>\n<html lang="en">')
    assert "Dear parent or guardian" in _sheet(page) and "尊敬的家长" not in _sheet(page)
    assert title(page) == "Academic warning notice"
    line = _screen_line(page)
    assert 'lang="zh-CN"' in line and "返回通知书" in line and "请用浏览器打印" in line
    assert _choice(page) == f"/warnings/notices/{notice.id}/print?part=parent"
    published["secretary"].locale = "en"  # in English, asked in English: all English
    english = _part(client, notice, "student", "&lang=en")
    assert "What to do next" in english and '<p class="no-print back-link">' in english


def test_a_language_the_portal_does_not_have_prints_in_chinese(client, login, published):
    notice = published["notices"][published["first"].id]
    published["secretary"].locale = "en"
    login(published["secretary"])
    for asked in ("fr", "", "zh", "en_US"):
        page = _part(client, notice, "stub", f"&lang={asked}")
        assert '<html lang="zh-CN">' in page and "学院存根" in _sheet(page), asked


def test_a_class_print_is_chinese_by_default_and_english_when_asked(client, login, published):
    published["counselor"].locale = "en"
    login(published["counselor"])
    page = client.get("/warnings/notices/print").get_data(as_text=True)
    assert title(page) == "2024-2025学年第1学期学业警示通知书（2份）"
    assert "Academic warning notices of 2024–2025 term 1 (2)" in _screen_line(page)
    assert _sheet(page).count("学院存根") == 2
    english = client.get(_choice(page).replace("&amp;", "&")).get_data(as_text=True)
    assert title(english) == "Academic warning notices of 2024–2025 term 1 (2)"
    assert _sheet(english).count("college stub") == 2 and "学院存根" not in english


def test_a_print_job_prints_in_the_language_it_was_asked_in(
    app, client, login, published, monkeypatch
):
    """More notices than PRINT_JOB_NOTICES: the job prints them as the request asked, in
    Chinese for a user working in English, in English when the print was asked in English."""
    monkeypatch.setitem(app.config, "PRINT_JOB_NOTICES", 1)
    published["counselor"].locale = "en"
    login(published["counselor"])
    for query, words in (("", "学院存根"), ("?lang=en", "college stub")):
        job = client.post("/warnings/notices/print" + query).headers["Location"]
        printed = client.get(client.get(job).headers["Location"]).get_data(as_text=True)
        assert _sheet(printed).count(words) == 2 and "Back to the academic" in printed


def test_the_choice_of_language_keeps_the_print_asked_for_whatever_the_query(
    client, login, published
):
    notice = published["notices"][published["first"].id]
    login(published["secretary"])
    page = _part(client, notice, "student", "&notice_id=999&endpoint=x&_external=1")
    assert _choice(page) == f"/warnings/notices/{notice.id}/print?part=student&amp;lang=en"
