"""Dashboard widgets meet the same guard as a request for their view (issue 22 #2): a widget
declared under another permission than its view's stops the portal at start-up, and one
that reaches the dashboard anyway is refused (403), never rendered for a user without it."""

import pytest
from flask import Blueprint

from portal import create_app
from portal.core.access import require
from portal.core.modules import Module, ModuleError, Permission, Widget

from ..conftest import TEST_CONFIG


def test_loader_refuses_a_widget_shown_under_another_permission_than_its_view(monkeypatch):
    bp = Blueprint("bad6", __name__)
    bp.add_url_rule("/w", "widget", require("bad6.manage")(lambda: ""))
    bad = Module(
        label="x",
        blueprint=bp,
        permissions=[
            Permission("bad6.view", "x"),
            Permission("bad6.manage", "x"),
        ],
        widgets=[Widget(endpoint="bad6.widget", label="x", permission="bad6.view")],
    )
    monkeypatch.setattr("portal.core.modules.discover", lambda: {"bad6": lambda: bad})
    with pytest.raises(ModuleError, match="its view requires 'bad6.manage'"):
        create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_the_cores_own_card_meets_the_same_rule(monkeypatch):
    """The core's cards (compliance in the reader's scope) are declared as a module's are:
    one shown under another permission than its view's stops the start-up too."""
    wrong = Widget("cadence.compliance_widget", "x", permission="dues.own")
    monkeypatch.setattr("portal.core.widgets", lambda: [wrong])
    with pytest.raises(ModuleError, match="its view requires 'dues.compliance'"):
        create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_the_cores_card_is_among_the_dashboards_under_its_views_permission(app):
    registry = app.extensions["portal.modules"]
    card = next(w for w in registry.widgets() if w.endpoint == "cadence.compliance_widget")
    assert card.permission == "dues.compliance"
    assert card.permission == app.view_functions[card.endpoint].portal_permission


def test_a_widget_past_the_dashboards_filter_is_refused_by_its_views_guard(
    app, client, make, login, monkeypatch
):
    """The dashboard lists only the widgets a user may open; were that list wrong, the
    widget's own declaration still holds: a student gets 403, not the approvals waiting."""
    registry = app.extensions["portal.modules"]
    login(make.student_user())
    assert client.get("/").status_code == 200
    monkeypatch.setattr("portal.core.views.main.dashboard_widgets", registry.widgets)
    response = client.get("/")
    assert response.status_code == 403
    first = registry.widgets()[0]
    assert first.permission == "warnings.approve"
    assert _last_denial(app) == "GET / [warnings.approve]"


def test_the_dashboard_renders_the_widgets_the_user_may_open(client, make, login):
    college = make.college()
    login(make.user(role="secretary", scope=college))
    page = client.get("/").get_data(as_text=True)
    assert 'aria-labelledby="w1"' in page


def _last_denial(app):
    from sqlalchemy import select

    from portal.core.models import AuditEvent
    from portal.extensions import db

    with app.app_context():
        entry = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "denied").order_by(AuditEvent.id.desc())
        ).first()
        return entry.detail
