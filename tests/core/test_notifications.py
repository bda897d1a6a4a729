"""In-portal notifications: a count in the header, a list in the reader's language, mark read."""

from portal.core.i18n import N_
from portal.core.models import Notification
from portal.core.notify import notify


def test_count_list_and_mark_read(client, make, login, db):
    user = make.user("NF1", role="counselor")
    notify(user.id, N_("Your proposal about %(name)s was accepted."), name="张三",
           link="/warnings/")
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
        as_text=True)


def test_another_users_notification_cannot_be_touched(client, make, login, db):
    owner = make.user("NF3", role="counselor")
    notify(owner.id, N_("Your objection has been answered."))
    db.session.flush()
    item = db.session.query(Notification).filter_by(user_id=owner.id).one()
    login(make.user("NF4", role="counselor"))
    assert client.post(f"/notifications/{item.id}/read").status_code == 404
    assert item.read_at is None
