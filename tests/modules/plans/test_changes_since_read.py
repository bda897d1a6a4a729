"""Issue 17 #5: a reviewer sees the earlier comments and what changed in the plan since the
version they last read; another reader's visit does not move the reviewer's mark."""

from portal.modules.plans.models import Read

from .test_plans import plan_data, reviewer, student_of, submitted


def returned_and_resubmitted(client, login, make, db, followup, monkeypatch):
    mentor = reviewer(make, followup)
    plan = submitted(client, login, make, db, followup, monkeypatch)
    login(mentor)
    client.get(f"/plans/{plan.id}")  # reads version 1
    client.post(
        f"/plans/{plan.id}/review",
        data={"action": "return", "part": "weekly", "text": "每周只有一次，太少了。"},
    )
    login(student_of(make, followup))
    client.post("/plans/mine/revise")
    client.post(
        "/plans/mine/save",
        data=plan_data(
            action="submit",
            analysis="作息不规律，基础没打好。现在每天早起。",
            **{"weekly-1-day": "thu", "weekly-1-time": "19:00", "weekly-1-what": "做习题"},
        ),
    )
    return mentor, plan


def changes_card(page: str) -> str:
    card = page[page.index('id="changes"') :]
    return card[: card.index("</section>")]


def test_the_reviewer_sees_what_changed_since_the_version_they_read(
    client, login, make, db, followup, monkeypatch
):
    mentor, plan = returned_and_resubmitted(client, login, make, db, followup, monkeypatch)
    login(followup.advisor)  # a reader, not the reviewer: no mark of theirs, no change list
    assert 'id="changes"' not in client.get(f"/plans/{plan.id}").get_data(as_text=True)
    login(mentor)
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    card = changes_card(page)
    assert "上次阅读的第 1 版" in card
    assert "星期四 · 19:00 · 做习题" in card and "现在每天早起。" in card
    assert "课程B" not in card  # the failed courses did not change
    earlier = page[page.index('id="earlier-comments"') :]
    assert "每周只有一次，太少了。" in earlier[: earlier.index("</section>")]
    assert db.session.get(Read, (plan.id, mentor.id)).number == 2
    again = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert 'id="changes"' not in again  # read now: nothing new until the next version


def test_a_first_reading_shows_no_change_list(client, login, make, db, followup, monkeypatch):
    mentor = reviewer(make, followup)
    plan = submitted(client, login, make, db, followup, monkeypatch)
    login(mentor)
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert 'id="changes"' not in page and 'id="earlier-comments"' not in page
    assert db.session.get(Read, (plan.id, mentor.id)).number == 1
