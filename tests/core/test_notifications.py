"""In-portal notifications: a count in the header, a list in the reader's language, mark read."""

from portal.core.i18n import N_
from portal.core.models import Notification
from portal.core.notify import notify


def test_count_list_and_mark_read(client, make, login, db):
    user = make.user("NF1", role="counselor")
    notify(
        user.id, N_("Your proposal about %(name)s was accepted."), name="张三", link="/warnings/"
    )
    db.session.flush()
    login(user)
    page = client.get("/").get_data(as_text=True)
    assert '<span class="count">1</span>' in page
    listing = client.get("/notifications/").get_data(as_text=True)
    assert "您关于张三的提议已被采纳" in listing
    item = db.session.query(Notification).filter_by(user_id=user.id).one()
    response = client.post(f"/notifications/{item.id}/read", data={"open": "1"})
    assert response.headers["Location"] == "/warnings/"
    assert '<span class="count">' not in client.get("/").get_data(as_text=True)


def test_notifications_are_translated_for_the_reader(client, make, login, db):
    user = make.user("NF2", role="counselor", locale="en")
    notify(user.id, N_("Your proposal about %(name)s was accepted."), name="Li")
    db.session.flush()
    login(user)
    assert "Your proposal about Li was accepted." in client.get("/notifications/").get_data(
        as_text=True
    )


def test_another_users_notification_cannot_be_touched(client, make, login, db):
    owner = make.user("NF3", role="counselor")
    notify(owner.id, N_("Your objection has been answered."))
    db.session.flush()
    item = db.session.query(Notification).filter_by(user_id=owner.id).one()
    login(make.user("NF4", role="counselor"))
    assert client.post(f"/notifications/{item.id}/read").status_code == 404
    assert item.read_at is None


def _many(user, n):
    for _ in range(n):
        notify(user.id, N_("Your objection has been answered."), link="/warnings/")


def test_a_users_many_unread_notifications_are_gathered_into_one_digest(
    app, client, make, login, db
):
    """The daily digest: five or more unread notifications become one (counted once, its
    notifications listed under it; reading it reads them); fewer, or read ones, stay."""
    from portal.core.notify import digest

    busy, quiet = make.user("NF4", role="counselor"), make.user("NF5", role="counselor")
    _many(busy, 6)
    _many(quiet, 4)
    db.session.flush()
    with app.app_context():
        assert digest() == 1
        assert digest() == 0  # nothing new since: no digest of the digest
    login(busy)
    assert '<span class="count">1</span>' in client.get("/").get_data(as_text=True)
    listing = client.get("/notifications/").get_data(as_text=True)
    assert "今天的 6 条未读通知，汇总在此。" in listing
    assert listing.count("你的异议已得到答复。") == 6
    [item] = db.session.query(Notification).filter_by(user_id=busy.id, digest_id=None).all()
    client.post(f"/notifications/{item.id}/read")
    assert db.session.query(Notification).filter_by(user_id=busy.id, read_at=None).count() == 0
    assert (
        db.session.query(Notification)
        .filter_by(user_id=quiet.id, digest_id=None, read_at=None)
        .count()
        == 4
    )


def test_the_digest_is_a_daily_periodic_job_run_once(tmp_path):
    """Every worker's scheduler is due at 23:00 UTC (07:00 in China); the first run makes
    the digests, the others find the day's record and skip."""
    from portal.core import queue
    from portal.extensions import db as _db

    from ..factories import Factory
    from .test_import_jobs import _queued_app

    app = _queued_app(tmp_path, "digest")
    assert queue.PERIODIC["digest"][0] == {"hour": "23", "minute": "0"}
    with app.app_context():
        user = Factory(app, _db).user("NF6", role="counselor")
        _many(user, 5)
        _db.session.commit()
        user_id = user.id
        [task] = [
            task
            for name, task in queue.huey_of(app)._registry._registry.items()
            if name.endswith(".portal.digest")
        ]
        for _ in range(2):  # two workers due at the same minute
            task().execute()
    with app.app_context():
        assert (
            _db.session.query(Notification).filter_by(user_id=user_id, digest_id=None).count() == 1
        )
        _db.engine.dispose()


DEAD_LINK = "/warnings/runs/987654"  # a roster that is gone, or of another college
FROM_THE_LIST = {"Referer": "http://localhost/notifications/"}


def test_opening_a_notification_whose_page_the_reader_cannot_open_says_so(client, make, login, db):
    """An outside walk opened notifications about another college's rosters and saw only
    the banner "页面未能更新，请刷新后重试" over the list. Opening is a whole page now, and
    the refusal says that the notification's page is out of reach and leads back."""
    user = make.user("NF7", role="secretary", scope=make.college())
    notify(user.id, N_("Your objection has been answered."), link=DEAD_LINK)
    db.session.commit()
    login(user)
    listing = client.get("/notifications/").get_data(as_text=True)
    open_form = listing[: listing.index(">打开</button>")]
    assert 'data-hx-boost="false"' in open_form[open_form.rindex("<form") :]
    item = db.session.query(Notification).filter_by(user_id=user.id).one()
    opened = client.post(
        f"/notifications/{item.id}/read", data={"open": "1"}, headers=FROM_THE_LIST
    )
    assert opened.status_code == 303 and opened.headers["Location"] == DEAD_LINK
    page = client.get(DEAD_LINK, headers=FROM_THE_LIST)
    text = page.get_data(as_text=True)
    assert page.status_code == 404
    assert "您打开的通知所指向的页面，您（已）无法查看" in text
    assert 'href="/notifications/">返回我的通知</a>' in text
    # The same page reached another way is the plain refusal.
    plain = client.get(DEAD_LINK).get_data(as_text=True)
    assert "该页面不存在，或您无权查看。" in plain and "您打开的通知" not in plain


def test_a_refusal_to_an_htmx_request_says_why_in_the_notice(client, make, login):
    """Never only "reload and try again" for a page one may not see."""
    import json

    login(make.user("NF8", role="secretary", scope=make.college()))
    response = client.get(DEAD_LINK, headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert response.status_code == 404 and response.headers["HX-Reswap"] == "none"
    notice = json.loads(response.headers["HX-Trigger"])["portalError"]["message"]
    assert notice == "该页面不存在，或您无权查看。"


def test_told_before_asks_the_message_its_page_and_the_parameters_named(make, db):
    from portal.core.notify import told_before

    message = N_("Your proposal about %(name)s was accepted.")
    notify(make.user("NF9", role="counselor").id, message, name="张三", term="T1", link="/a")
    db.session.flush()
    assert told_before(message, link="/a", term="T1")  # whatever the name
    assert not told_before(message, link="/a", term="T2")
    assert not told_before(message, link="/b", term="T1")
    assert not told_before(N_("Your objection has been answered."), link="/a", term="T1")
