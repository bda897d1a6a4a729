"""Operations: refuse an unsafe production start (check-deploy), back up and restore the
database while the portal keeps serving (SQLite's online backup API; pg_dump/pg_restore)."""

from __future__ import annotations

import shlex
import sqlite3
import subprocess
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url

WEAK_SECRETS = {"dev", "secret", "changeme", "change-me", "development", "test", "password"}
MIN_SECRET_LENGTH = 32


KEY_USES = {
    "SECRET_KEY": "every session and form signed on one host is invalid on another",
    "DATA_KEY": "phones, addresses and bank accounts sealed on one host cannot be read on another",
}


def deploy_problems(app: Flask, workers: int, hosts: int = 1) -> list[str]:
    """Why this configuration must not serve production (empty: it may)."""
    config, problems = app.config, []
    if hosts > 1:
        for name, path in app.extensions.get("portal_generated_keys", {}).items():
            problems.append(
                f"{name} is read from {path}, generated on this host: with {hosts} hosts each "
                f"generates its own, so {KEY_USES[name]}; give every host the same "
                f"FLASK_{name} (README: Several app hosts)"
            )
    if app.debug or config.get("DEBUG"):
        problems.append("debug mode is on (FLASK_DEBUG)")
    if config.get("TESTING"):
        problems.append("TESTING is on")
    if _weak_secret(str(config.get("SECRET_KEY") or "")):
        problems.append(
            f"SECRET_KEY is weak: use at least {MIN_SECRET_LENGTH} random "
            "characters (the instance folder's generated key is)"
        )
    if not config.get("SESSION_COOKIE_SECURE"):
        problems.append("SESSION_COOKIE_SECURE is off: the session cookie would travel in clear")
    if not config.get("SESSION_COOKIE_HTTPONLY"):
        problems.append("SESSION_COOKIE_HTTPONLY is off: scripts could read the session")
    if config.get("SESSION_COOKIE_SAMESITE") not in ("Lax", "Strict"):
        problems.append("SESSION_COOKIE_SAMESITE must be Lax or Strict")
    if not config.get("WTF_CSRF_ENABLED", True):
        problems.append("CSRF protection is off (WTF_CSRF_ENABLED)")
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and hosts > 1:
        problems.append(
            f"SQLite with {hosts} hosts: each host would have its own database file; use PostgreSQL"
        )
    if url.get_backend_name() == "sqlite" and workers > 1:
        problems.append(
            f"SQLite with {workers} workers: one writer at a time makes them "
            "queue; use PostgreSQL, or run one worker"
        )
    store = str(config.get("JOB_STORE") or "")
    if hosts > 1 and not store.startswith(
        ("redis://", "rediss://", "postgresql://", "postgres://")
    ):
        problems.append(
            f"JOB_STORE is {store or 'a SQLite file in the instance folder'}: with "
            f"{hosts} hosts each would queue its jobs alone; use redis://… or "
            "postgresql://… (README: Long jobs)"
        )
    if hosts > 1 and config.get("JOB_EMBEDDED_WORKER"):
        problems.append(
            "JOB_EMBEDDED_WORKER is on: with several hosts run `flask --app portal "
            "worker` processes and set FLASK_JOB_EMBEDDED_WORKER=false"
        )
    return problems


def _weak_secret(secret: str) -> bool:
    return (
        len(secret) < MIN_SECRET_LENGTH or secret.lower() in WEAK_SECRETS or len(set(secret)) < 10
    )


def workers_from_environment(environ) -> int:
    """Gunicorn's worker count as the deployment sets it (WEB_CONCURRENCY, or -w/--workers
    in GUNICORN_CMD_ARGS); 1 when unset."""
    args = shlex.split(environ.get("GUNICORN_CMD_ARGS", ""))
    for i, arg in enumerate(args):
        if arg in ("-w", "--workers") and i + 1 < len(args):
            return int(args[i + 1])
        if arg.startswith("--workers="):
            return int(arg.split("=", 1)[1])
    return int(environ.get("WEB_CONCURRENCY", 1))


def hosts_from_configuration(config, environ) -> int:
    """App hosts serving the same database: the PORTAL_HOSTS setting (instance config.py or
    FLASK_PORTAL_HOSTS), else the PORTAL_HOSTS environment variable; 1 when unset."""
    value = config.get("PORTAL_HOSTS") or environ.get("PORTAL_HOSTS") or 1
    try:
        hosts = int(value)
    except (TypeError, ValueError):
        hosts = 0
    if hosts < 1:
        raise ValueError(f"PORTAL_HOSTS must be a whole number of hosts, not {value!r}")
    return hosts


def backup(database_url: str, target: Path) -> None:
    """A consistent copy while the portal keeps writing: SQLite's online backup API copies
    a snapshot (WAL readers do not block writers); PostgreSQL's pg_dump does the same."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(url.database) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        with sqlite3.connect(target) as copy:
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise RuntimeError("the backup failed its integrity check")
        return
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq(url)])


def restore(database_url: str, source: Path) -> None:
    """Replace the database's contents with a backup's (the portal should be stopped or
    in maintenance: requests during a restore see one or the other, never a mixture)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(source) as copy:
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise RuntimeError("the backup failed its integrity check")
            with sqlite3.connect(url.database, timeout=30) as live:
                copy.backup(live)
        return
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_libpq(url)}",
            str(source),
        ]
    )


def _libpq(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.strip()[:500]}")
