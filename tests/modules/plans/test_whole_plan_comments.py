"""A comment on the whole plan is shown apart, under its own title with its author and
date, not under the plan's last section (where it read as a comment on "Help wanted");
a comment on a section stays with that section. On screen the block comes before the
sections, on the printed form after them, where the paper form has the reviewer's opinion."""

from datetime import datetime
from html.parser import HTMLParser

from portal.modules.plans.models import Comment

from .test_plans import reviewer, student_of, submitted

WHOLE = "对整个计划的意见"
ON_WHOLE = "整体可行，但目标要量化。"
ON_WEEKLY = "周末也安排一次复习。"


class _Sections(HTMLParser):
    """Each <section> of a page, in order: its <h2> title and all its text."""

    def __init__(self):
        super().__init__()
        self.found: list[list[str]] = []
        self.depth = 0
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.depth += 1
            if self.depth == 1:
                self.found.append(["", ""])
        self.in_title = self.in_title or (tag == "h2" and self.depth == 1)

    def handle_endtag(self, tag):
        if tag == "section":
            self.depth -= 1
        if tag == "h2":
            self.in_title = False

    def handle_data(self, data):
        if self.depth:
            self.found[-1][1] += data
            if self.in_title:
                self.found[-1][0] += data.strip()


def sections(page: str) -> list[tuple[str, str]]:
    parser = _Sections()
    parser.feed(page)
    return [(title, text) for title, text in parser.found]


def titles(page: str) -> list[str]:
    return [title for title, _text in sections(page)]


def text_of(page: str, title: str) -> str:
    return next(text for t, text in sections(page) if t == title)


def commented(client, login, make, db, followup, monkeypatch):
    """A submitted plan with the mentor's comment on the whole of it (dated 10 September
    2026, 10:30 in Shanghai) and one on the weekly time plan."""
    mentor = reviewer(make, followup)
    plan = submitted(client, login, make, db, followup, monkeypatch)
    login(mentor)
    for part, text in (("general", ON_WHOLE), ("weekly", ON_WEEKLY)):
        client.post(
            f"/plans/{plan.id}/review", data={"action": "comment", "part": part, "text": text}
        )
    db.session.query(Comment).filter_by(part="general").one().at = datetime(2026, 9, 10, 2, 30)
    db.session.flush()
    return mentor, plan


def assert_apart(page: str) -> None:
    whole = text_of(page, WHOLE)
    assert ON_WHOLE in whole and "郑导师" in whole and "2026-09-10 10:30" in whole
    assert ON_WEEKLY not in whole
    assert ON_WEEKLY in text_of(page, "每周时间安排")
    for title, text in sections(page):
        if title != WHOLE:
            assert ON_WHOLE not in text, title


def test_the_reviewer_sees_whole_plan_comments_apart_before_the_sections(
    client, login, make, db, followup, monkeypatch
):
    _mentor, plan = commented(client, login, make, db, followup, monkeypatch)
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert_apart(page)
    assert titles(page).index(WHOLE) < titles(page).index("自我分析")


def test_the_student_sees_whole_plan_comments_apart_before_the_sections(
    client, login, make, db, followup, monkeypatch
):
    _mentor, plan = commented(client, login, make, db, followup, monkeypatch)
    login(student_of(make, followup))
    page = client.get("/plans/mine").get_data(as_text=True)
    assert_apart(page)
    assert titles(page).index(WHOLE) < titles(page).index("自我分析")


def test_the_printed_plan_has_them_after_the_sections_before_the_signatures(
    client, login, make, db, followup, monkeypatch
):
    _mentor, plan = commented(client, login, make, db, followup, monkeypatch)
    page = client.get(f"/plans/{plan.id}/print").get_data(as_text=True)
    assert_apart(page)
    assert titles(page)[-1] == WHOLE and page.index(ON_WHOLE) < page.index("审阅人签字")


def test_a_returned_plan_being_revised_shows_the_whole_plan_comments_apart(
    client, login, make, db, followup, monkeypatch
):
    mentor, plan = commented(client, login, make, db, followup, monkeypatch)
    client.post(
        f"/plans/{plan.id}/review",
        data={"action": "return", "part": "general", "text": "请把每周安排写具体。"},
    )
    login(student_of(make, followup))
    client.post("/plans/mine/revise")
    page = client.get("/plans/mine").get_data(as_text=True)
    whole = text_of(page, WHOLE)
    assert ON_WHOLE in whole and "已退回修改：请把每周安排写具体。" in whole
    assert ON_WEEKLY not in whole
    assert "每周时间安排 · " in page[page.index(ON_WEEKLY) - 200 : page.index(ON_WEEKLY)]


def test_the_whole_plan_block_in_english(client, login, make, db, followup, monkeypatch):
    _mentor, plan = commented(client, login, make, db, followup, monkeypatch)
    client.post("/locale", data={"locale": "en", "next": "/"})
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    whole = text_of(page, "Comments on the whole plan")
    assert ON_WHOLE in whole and "2026-09-10 10:30 · 郑导师 · commented: " in whole
