"""What the page benches share: an app on a throwaway database, and timing pages as a
logged-in user (best of three after a first, cold request — both shown — with SQL statements,
bytes and CPU time per request)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

PASSWORD = "bench-password-1"


def bench_app(url: str | None, name: str):
    """The portal on `url` (default: a SQLite file in a temporary folder), migrated, with a
    counter of SQL statements: returns (app, counter) — counter[0] is reset per request."""
    from flask_migrate import upgrade
    from sqlalchemy import event

    from portal import create_app
    from portal.extensions import db

    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{folder / name}",
            "SECRET_KEY": "bench-" * 6,
            "SESSION_COOKIE_SECURE": False,
            "SESSION_COOKIE_NAME": "bench",
            "WTF_CSRF_ENABLED": False,
            # Exports are timed as built: above this many rows the portal hands them to a
            # queue job (issue 20), whose work is the same.
            "EXPORT_JOB_ROWS": 10**9,
        }
    )
    counter = [0]
    with app.app_context():
        upgrade()
        event.listen(
            db.engine, "before_cursor_execute", lambda *a: counter.__setitem__(0, counter[0] + 1)
        )
    return app, counter


def analyze() -> None:
    """Planner statistics after a bulk load, as autovacuum (PostgreSQL) or a deployment's
    maintenance would have them: without, PostgreSQL guesses one row per table."""
    from sqlalchemy import text

    from portal.extensions import db

    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))


def time_pages(app, counter, plan) -> None:
    """`plan`: [(username, [url, ...]), ...]; prints one line a page."""
    for user, urls in plan:
        client = app.test_client()
        client.post("/login", data={"username": user, "password": PASSWORD})
        for url in urls:
            first = _timed(client, url, counter)  # cold: the first request of this page
            best = min(_timed(client, url, counter) for _ in range(3))
            print(
                f"  {user:16} {url:28} {best[0] * 1000:7.0f} ms  {best[1]:3d} queries  "
                f"{best[2] / 1024:7.1f} KB   (first: {first[0] * 1000:.0f} ms; CPU "
                f"{best[3] * 1000:.0f} ms, first {first[3] * 1000:.0f} ms)"
            )


def _timed(client, url: str, counter) -> tuple[float, int, int, float]:
    """(wall seconds, statements, bytes, CPU seconds): on a machine shared with other work
    the CPU time is the steadier figure (the database is in-process for SQLite)."""
    counter[0] = 0
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, counter[0], len(response.data), time.process_time() - cpu
