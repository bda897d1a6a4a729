"""In-portal notifications: the list and mark-as-read."""

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select, update

from ...extensions import db
from ..access import authenticated
from ..htmx import hx_redirect, render
from ..models import Notification
from ..models.base import utcnow

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.route("/")
@authenticated
def index():
    items = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == current_user.id, Notification.digest_id.is_(None))
        .order_by(Notification.read_at.is_not(None), Notification.created_at.desc())
        .limit(100)
    ).all()
    gathered: dict[int, list[Notification]] = {}
    for item in db.session.scalars(
        select(Notification)
        .where(Notification.digest_id.in_([i.id for i in items]))
        .order_by(Notification.created_at)
    ):
        gathered.setdefault(item.digest_id, []).append(item)
    return render("notifications.html", items=items, gathered=gathered)


@bp.route("/<int:notification_id>/read", methods=["POST"])
@authenticated
def mark_read(notification_id: int):
    item = db.session.get(Notification, notification_id)
    if item is None or item.user_id != current_user.id:
        abort(404)
    item.read_at = item.read_at or utcnow()
    db.session.execute(
        update(Notification)
        .where(  # a digest: what it gathered, read too
            Notification.digest_id == item.id, Notification.read_at.is_(None)
        )
        .values(read_at=item.read_at)
    )
    db.session.commit()
    if item.link and request.form.get("open"):
        return redirect(item.link, code=303)
    return hx_redirect(url_for("notifications.index"))


@bp.route("/read-all", methods=["POST"])
@authenticated
def mark_all_read():
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    return hx_redirect(url_for("notifications.index"))
