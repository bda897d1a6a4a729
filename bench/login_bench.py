"""Log-in cost at the configured argon2id parameters (security.md check 1).

    .venv/bin/python bench/login_bench.py

Times 50 log-ins one after another (p50/p95), then 20 at once from threads, and reports
the process's peak memory growth while they run.
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time

from _peak import peak_mb  # bench/ is on sys.path when this script runs
from flask_migrate import upgrade

from portal import create_app
from portal.core.models import RoleGrant, User
from portal.core.passwords import hash_password
from portal.extensions import db


def main() -> None:
    folder = tempfile.mkdtemp()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/login.db",
            "SECRET_KEY": "l" * 40,
            "WTF_CSRF_ENABLED": False,
            "LOGIN_MAX_FAILURES": 10_000,
        }
    )
    with app.app_context():
        upgrade()
        for n in range(20):
            user = User(
                username=f"u{n}",
                name="测试",
                must_change_password=False,
                password_hash=hash_password("a passphrase for the bench"),
            )
            user.grants.append(RoleGrant(role="counselor", scope_kind="all"))
            db.session.add(user)
        db.session.commit()
    client = app.test_client()
    times = []
    for n in range(50):
        started = time.perf_counter()
        response = client.post(
            "/login", data={"username": f"u{n % 20}", "password": "a passphrase for the bench"}
        )
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 303
    times.sort()
    before = peak_mb()

    def log_in(n: int) -> None:
        app.test_client().post(
            "/login", data={"username": f"u{n}", "password": "a passphrase for the bench"}
        )

    threads = [threading.Thread(target=log_in, args=(n,)) for n in range(20)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    burst = time.perf_counter() - started
    print(
        f"argon2id m={app.config['ARGON2_MEMORY_COST']} KiB t={app.config['ARGON2_TIME_COST']} "
        f"p={app.config['ARGON2_PARALLELISM']}"
    )
    print(
        f"sequential log-in: p50 {statistics.median(times):.0f} ms, "
        f"p95 {times[int(len(times) * 0.95) - 1]:.0f} ms (target < 500 ms)"
    )
    print(f"20 at once: {burst:.2f} s in all, peak memory growth {peak_mb() - before:.0f} MB")


if __name__ == "__main__":
    main()
