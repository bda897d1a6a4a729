"""A live portal with the demo college, and Debian's chromium driven by Playwright."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from portal import create_app
from portal.core.demo import populate
from portal.extensions import db

from ..conftest import TEST_CONFIG

DEMO_PASSWORD = "demo-portal-2026"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    from flask_migrate import upgrade

    folder = tmp_path_factory.mktemp("live")
    config = {
        **TEST_CONFIG,
        "TESTING": False,
        "SERVER_NAME": None,
        "WTF_CSRF_ENABLED": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'live.sqlite3'}",
        "UPLOAD_FOLDER": str(folder / "uploads"),
        # The embedded default: a real Huey consumer in the live server's process.
        "JOB_STORE": f"sqlite:///{folder / 'jobs.sqlite3'}",
    }
    app = create_app(config)
    with app.app_context():
        upgrade()
        populate(DEMO_PASSWORD)
        db.session.commit()
    return app


@pytest.fixture(scope="session")
def base_url(live_app):
    server = make_server("localhost", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


# A test that needs one run only: the `page` fixture then takes that parameter alone, so
# the other run is not collected at all (rather than passing without testing anything).
js_only = pytest.mark.parametrize("page", ["js"], indirect=True)
nojs_only = pytest.mark.parametrize("page", ["nojs"], indirect=True)


@pytest.fixture(params=["js", "nojs"])
def page(request, browser, base_url):
    """A fresh browser context per test, with JavaScript on and off; CSP violations recorded."""
    context = browser.new_context(
        java_script_enabled=request.param == "js",
        base_url=base_url,
        locale="zh-CN",
        viewport={"width": 1366, "height": 768},
    )
    tab = context.new_page()
    tab.csp_violations = []
    tab.on(
        "console",
        lambda msg: (
            tab.csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    tab.js = request.param == "js"
    yield tab
    context.close()


def log_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button.primary")
    page.wait_for_url(lambda url: "/login" not in url)
    use_language(page, "zh_CN")


def use_language(page, locale: str) -> None:
    """The portal remembers each user's language; tests start from a known one."""
    wanted = "zh-CN" if locale == "zh_CN" else "en"
    if page.locator("html").get_attribute("lang") != wanted:
        page.click(f"button[name=locale][value={locale}]")
        page.wait_for_selector(f"html[lang={wanted}]")


def on_campus_screen(page, username: str, locale: str) -> None:
    """`username` logged in, reading `locale`, on an old campus PC's 1024×768 screen."""
    page.set_viewport_size({"width": 1024, "height": 768})
    log_in(page, username)
    use_language(page, locale)


def first_of(live_app, statement):
    """The first value `statement` selects from the live portal's database."""
    from portal.extensions import db

    with live_app.app_context():
        return db.session.scalars(statement).first()
