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
