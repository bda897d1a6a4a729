"""学业帮扶门户 — academic warning and support portal."""

from __future__ import annotations

import os
import secrets
import time
from importlib.resources import files
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import Defaults
from .extensions import babel, csrf, db, htmx, login_manager, migrate


def package_directory(name: str) -> Path:
    """A data directory shipped inside the package: `portal.translations`, `portal.migrations`.

    A wheel carries them inside `portal/`; an editable install maps the same names onto the
    checkout's top-level `translations/` and `migrations/` (setup.py)."""
    try:
        return Path(str(files(name)))
    except ModuleNotFoundError as missing:
        raise RuntimeError(
            f"{name} is not installed: this installation predates its mapping into the "
            "package; run `pip install -e .` again (or install the wheel)"
        ) from missing


def create_app(config: dict | None = None) -> Flask:
    # PORTAL_INSTANCE_PATH: this host's instance folder (keys it generated, its config.py);
    # by default the checkout's `instance/`, or `<prefix>/var/portal-instance` for a wheel.
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.environ.get("PORTAL_INSTANCE_PATH") or None,
    )
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env()
    if config:
        app.config.update(config)
    _configure_storage(app)
    _init_extensions(app)
    _bound_url_ids(app)
    _register_core(app)
    _trust_proxies(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind N trusted proxies (TRUSTED_PROXIES, default 0: none), the client's address and
    scheme come from their X-Forwarded-For/-Proto headers, so throttling and the audit trail
    see the real address (security.md check 3). Never more hops than really exist: a client
    could then write its own address."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _bound_url_ids(app: Flask) -> None:
    """Every `<int:…>` in a route is an id the database could hold, else the URL is a 404
    (an id past the column's range was a 500 in the driver: probe finding 5). Before any
    route is added: a rule takes its converter when it joins the map."""
    from .core.numbers import IdConverter

    app.url_map.converters["int"] = IdConverter


def _configure_storage(app: Flask) -> None:
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            f"sqlite:///{Path(app.instance_path) / 'portal.sqlite3'}"
        )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # The busy timeout is the driver's (sqlite3_busy_timeout): a writer waits this long
        # for the lock instead of failing at once; set by SQLITE_BUSY_TIMEOUT_MS.
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("timeout", int(app.config["SQLITE_BUSY_TIMEOUT_MS"]) / 1000)
        options["connect_args"] = connect_args
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    # Keys generated into this host's instance folder (check-deploy refuses them for
    # several hosts: each host would generate its own).
    generated = app.extensions.setdefault("portal_generated_keys", {})
    for name, filename in (("SECRET_KEY", "secret_key"), ("DATA_KEY", "data_key")):
        if not app.config.get(name):  # DATA_KEY seals phones, addresses, bank accounts
            generated[name] = Path(app.instance_path) / filename
            app.config[name] = _instance_secret(generated[name])
    # deferred, here and below: `import portal.x` runs this file first; the core is loaded by
    # create_app, not by every tool that needs only the models or the extensions
    from .core import sealed

    sealed.configure(app.config["DATA_KEY"])
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", str(package_directory("portal.translations"))
    )


def _instance_secret(path: Path) -> str:
    """Generated once, kept in the instance folder, never a constant in code."""
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    if _is_sqlite(dbapi_connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # pysqlite's own transaction handling breaks SAVEPOINT and transactional DDL;
        # SQLAlchemy's documented recipe: autocommit driver, BEGIN emitted by us.
        dbapi_connection.isolation_level = None


# PostgreSQL restarting (an update, a failover) is a pause, not an error page: a new
# connection is retried for a few seconds before the request fails.
CONNECT_PATIENCE_SECONDS = 5


@event.listens_for(Engine, "do_connect")
def _connect_patiently(dialect, connection_record, cargs, cparams):
    if dialect.name == "sqlite":
        return None  # the default connect
    deadline = time.monotonic() + CONNECT_PATIENCE_SECONDS
    while True:
        try:
            return dialect.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection):
    if connection.dialect.name == "sqlite":
        # A write transaction asks for the lock up front, so it waits its turn (busy
        # timeout) instead of failing at once when it upgrades from reading to writing
        # after another writer committed. Requests that may write are the unsafe methods.
        immediate = connection.get_execution_options().get("sqlite_immediate") or (
            has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
        )
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _end_session_quietly(error) -> None:
    """A database restarted after the answer was made makes the closing rollback fail: the
    answer stands (nothing was pending), the broken session is dropped, not raised."""
    try:
        db.session.remove()
    except DBAPIError as problem:
        current_app.logger.warning("closing the database session failed: %s", problem.orig)
        db.session.registry.clear()


def _init_extensions(app: Flask) -> None:
    from .core import i18n, xlsx

    xlsx.assert_defusedxml_configured()  # openpyxl asks the whole guard when it is loaded
    db.init_app(app)
    app.teardown_appcontext(_end_session_quietly)  # runs before Flask-SQLAlchemy's own
    migrate.init_app(app, db, directory=str(package_directory("portal.migrations")))
    csrf.init_app(app)
    htmx.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    login_manager.session_protection = None  # our LoginSession rows do this job
    login_manager.login_view = "auth.login"
    from .core.access import Anonymous

    login_manager.anonymous_user = Anonymous


def _register_core(app: Flask) -> None:
    from . import core
    from .core import access, audit, headers, models, paging, read_marks  # noqa: F401
    from .core.modules import load_modules
    from .core.permissions import CORE_PERMISSIONS

    for blueprint in core.blueprints():
        app.register_blueprint(blueprint)
    core.register_import_kinds(app)
    load_modules(app, CORE_PERMISSIONS, core.widgets())
    core.register_facts(app)
    core.register_retention(app)
    core.register_digest(app)
    core.register_cli(app)
    from .core import queue

    queue.register(app)
    queue.init_app(app)  # after the modules, which declare their tasks and periodic work
    core.register_templating(app)
    core.register_errors(app)
    app.before_request(_request_id)
    app.before_request(audit.mark_read)
    access.init_app(app)  # the guard before every request; declarations checked
    app.before_request(paging.check_page_args)
    app.after_request(headers.security_headers)
    app.after_request(headers.compress)
    app.after_request(read_marks.write_after_read)  # after the audit rows: they matter more
    app.after_request(audit.write_after_read)  # runs first: after_request goes in reverse


def _request_id() -> None:
    g.request_id = secrets.token_hex(8)
