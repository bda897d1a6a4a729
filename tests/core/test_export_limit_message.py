"""Issue 17 missing 9: past the export limit the user reads how many exports are allowed,
per how long, and when they may export again (their locale, their time zone); with a plain
link and with HTMX."""

from __future__ import annotations

import json
from datetime import timedelta

from portal.core.export import SLOT
from portal.core.models import AuditEvent

from ..modules.test_followup_privacy import records  # noqa: F401
from ..test_matrix import world  # noqa: F401


def _fill(db, user, limit, at):
    """`limit` slots of the export limit taken at `at` (what the limit counts)."""
    for _ in range(limit):
        db.session.add(AuditEvent(at=at, action=SLOT, user_id=user.id))
    db.session.commit()


def test_issue17_m9_export_limit_says_how_many_per_how_long_and_when(
    app, client, login, db, world, monkeypatch
):
    from portal.core.export import utcnow

    users, _ids, _b = world
    monkeypatch.setitem(app.config, "EXPORT_LIMIT", 3)
    monkeypatch.setitem(app.config, "EXPORT_WINDOW", 600)
    at = utcnow().replace(microsecond=0) - timedelta(minutes=4)
    _fill(db, users["leader"], 3, at)
    login(users["leader"])
    client.post("/locale", data={"locale": "en"})
    response = client.get("/review/export.xlsx")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    resets = at + timedelta(minutes=10)  # UTC; Asia/Shanghai is 8 hours ahead
    local = (resets + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")  # as both languages write it
    assert "Export limit reached" in page
    assert "records: 3 per 10 minutes" in page and local in page, page
    assert 300 <= int(response.headers["Retry-After"]) <= 361

    client.post("/locale", data={"locale": "zh_CN"})
    page = client.get("/review/export.xlsx").get_data(as_text=True)
    assert "已达到导出上限" in page and "10分钟" in page
    assert (resets + timedelta(hours=8)).strftime("%H:%M") in page


def test_issue17_m9_export_limit_to_htmx_carries_the_words(
    app, client, login, db, world, monkeypatch
):
    from portal.core.export import utcnow

    users, _ids, _b = world
    monkeypatch.setitem(app.config, "EXPORT_LIMIT", 1)
    _fill(db, users["leader"], 1, utcnow())
    login(users["leader"])
    client.post("/locale", data={"locale": "en"})
    response = client.get("/review/export.xlsx", headers={"HX-Request": "true"})
    assert response.status_code == 429 and response.headers["HX-Reswap"] == "none"
    message = json.loads(response.headers["HX-Trigger"])["portalError"]["message"]
    assert "records: 1 per 10 minutes" in message and "export or print again from" in message


def test_a_refused_export_builds_nothing(
    app,
    client,
    login,
    db,
    world,
    monkeypatch,
):
    """Issue 22 #3: step-up and the limit are asked before the workbook is built."""
    from portal.core.export import utcnow
    from portal.modules.review import export as review_export

    users, _ids, _b = world
    built = []
    monkeypatch.setattr(
        review_export,
        "workbook",
        lambda *a, **k: built.append(1) or (_ for _ in ()).throw(AssertionError),
    )
    monkeypatch.setitem(app.config, "EXPORT_LIMIT", 1)
    _fill(db, users["leader"], 1, utcnow())
    login(users["leader"])
    assert client.get("/review/export.xlsx").status_code == 429
    assert built == []


def test_an_export_view_without_the_check_first_cannot_send(app):
    from flask import g

    from portal.core.export import download, workbook_bytes

    with app.test_request_context("/"):
        g.pop("export_slot", None)
        try:
            download(workbook_bytes([]), "x.xlsx", what="Nothing", rows=0)
        except RuntimeError as problem:
            assert "checked_first" in str(problem)
        else:
            raise AssertionError("an unchecked export was sent")
