"""Every route declares who may reach it (security.md check 8)."""

from portal.core.access import AUTHENTICATED, PUBLIC, declared_permission


def test_every_route_declares_a_permission(app):
    with app.test_request_context():
        registry = app.extensions["portal.modules"]
        undeclared = []
        for rule in app.url_map.iter_rules():
            permission = declared_permission(rule.endpoint)
            if permission is None:
                undeclared.append(rule.endpoint)
            elif permission not in (PUBLIC, AUTHENTICATED):
                assert permission in registry.permissions, (rule.endpoint, permission)
        assert undeclared == []


def test_only_login_static_health_and_language_are_public(app):
    with app.test_request_context():
        public = {
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if declared_permission(rule.endpoint) == PUBLIC
        }
    assert public == {
        "auth.login",
        "static",
        "main.health",
        "main.set_locale",
        "main.favicon",
    }  # the icon browsers ask for on a first visit


def test_undeclared_route_is_denied_even_to_an_admin(app, client, make, login):
    app.view_functions["students.index"].portal_permission, saved = (
        None,
        app.view_functions["students.index"].portal_permission,
    )
    try:
        login(make.user("root", role="admin"))
        assert client.get("/students/").status_code == 403
    finally:
        app.view_functions["students.index"].portal_permission = saved


def test_anonymous_requests_are_sent_to_log_in(client):
    response = client.get("/students/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_anonymous_htmx_request_gets_a_redirect_header(client):
    response = client.get("/students/", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].endswith("/login")
