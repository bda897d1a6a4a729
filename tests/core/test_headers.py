"""Security headers, CSP, CSRF with htmx, compression (security.md checks 12, 15, 16)."""

import hashlib
from pathlib import Path

import pytest

HTMX_SHA256 = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"  # htmx 2.0.11


def assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "object-src 'none'" in csp and "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "max-age=31536000; includeSubDomains" in response.headers["Strict-Transport-Security"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("path", ["/login", "/nowhere", "/static/app.css", "/health"])
def test_every_response_carries_the_headers(client, path):
    with client.get(path) as response:
        assert_security_headers(response)


def test_authenticated_pages_are_not_stored(client, make, login):
    login(make.user("H01", role="admin"))
    for path in ("/", "/students/", "/nowhere"):
        response = client.get(path)
        assert_security_headers(response)
        assert response.headers["Cache-Control"] == "no-store"


def test_htmx_is_served_locally_at_the_pinned_version(client, app):
    body = Path(app.static_folder, "htmx.min.js").read_bytes()
    assert hashlib.sha256(body).hexdigest() == HTMX_SHA256
    with client.get("/static/htmx.min.js") as response:
        assert response.status_code == 200


def test_htmx_runs_under_the_csp(client):
    page = client.get("/login").get_data(as_text=True)
    assert '"allowEval":false' in page and '"includeIndicatorStyles":false' in page
    assert '"historyCacheSize":0' in page and '"selfRequestsOnly":true' in page


def test_templates_have_no_inline_script_style_or_handlers(app):
    import re

    roots = [Path(app.root_path, "templates"), *Path(app.root_path, "modules").glob("*/templates")]
    for template in (p for root in roots for p in root.rglob("*.html")):
        text = template.read_text("utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert not re.search(r"\sstyle=|<style|\shx-on|\son[a-z]+=", text), template
        assert "|safe" not in text and "Markup(" not in text, template


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_post_without_csrf_token_is_refused_and_writes_nothing(client, make, login, csrf_on, db):
    from portal.core.models import User

    app_user = make.user("H02", role="admin")
    client.application.config["WTF_CSRF_ENABLED"] = False
    login(app_user)
    client.application.config["WTF_CSRF_ENABLED"] = True
    before = db.session.query(User).count()
    response = client.post("/admin/users/new", data={"username": "X1", "name": "x"})
    assert response.status_code == 400
    assert db.session.query(User).count() == before


def test_htmx_post_with_token_header_succeeds(client, make, login, csrf_on):
    import re

    client.application.config["WTF_CSRF_ENABLED"] = False
    login(make.user("H03", role="admin"))
    client.application.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/admin/users/new").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    response = client.post(
        "/admin/users/new",
        data={"username": "X2", "name": "新用户"},
        headers={
            "HX-Request": "true",
            "X-CSRFToken": token,
            "Referer": "https://localhost/admin/users/new",
        },
    )
    # the temporary password is the answer itself (issue 15 #6), in place of the page content
    assert response.status_code == 200 and response.headers["HX-Retarget"] == "#main"
    assert 'id="temporary-password"' in response.get_data(as_text=True)


def test_first_page_weighs_under_60_kb_compressed(client, make, login):
    import re

    login(make.user("H04", role="admin"))
    gz = {"Accept-Encoding": "gzip"}
    total = len(client.get("/", headers=gz).data)
    html = client.get("/").get_data(as_text=True)
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        with client.get(asset.replace("&amp;", "&"), headers=gz) as response:
            assert response.headers.get("Content-Encoding") == "gzip"
            total += len(response.data)
    assert total < 60 * 1024, total
