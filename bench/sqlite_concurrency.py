"""The embedded SQLite default under concurrent readers and writers (issue 17 item 2, issue 15;
security.md check 28).

    .venv/bin/python bench/sqlite_concurrency.py [--readers 20] [--writers 5] [--seconds 20]
                                                 [--workers 4] [--threads 1] [--tree DIR]

Starts gunicorn on loopback (sync workers, or gthread with --threads) over a fresh SQLite file, logs in `readers`
counselors who each read an audited page (a student's family and parents' phones, or with
`--page archive` the archive export: every read writes an audit row) as fast as answers
come, while `writers` others save their language choice over and over (an UPDATE and a
commit each). Bounded by `--seconds`. Reports answers by status, errors, audit rows written against reads answered,
and latency. `--tree` runs another checkout of the portal (e.g. the code before the fix).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

PASSWORD = "a passphrase for the bench"
ROOT = Path(__file__).resolve().parent.parent


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)


def _call(opener, url: str, data: dict | None = None) -> int:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, data=body, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code
    except OSError as error:  # a reset or a timeout: counted as an error
        return f"error:{type(error).__name__}"


def _seed(tree: Path, url: str, readers: int, writers: int) -> int:
    code = f"""
import sys
sys.path.insert(0, {str(tree)!r})
from flask_migrate import upgrade
from portal import create_app
from portal.core.models import College, Guardian, Major, RoleGrant, SchoolClass, Student, User
from portal.core.passwords import hash_password
from portal.extensions import db
app = create_app({{"SQLALCHEMY_DATABASE_URI": {url!r}, "SECRET_KEY": "b" * 40,
                  "DATA_KEY": "d" * 64}})
with app.app_context():
    upgrade()
    college = College(name="学院")
    major = Major(college=college, name="专业")
    klass = SchoolClass(major=major, name="班级", grade_year=2023)
    student = Student(school_class=klass, major=major, college=college, student_no="2023000001",
                      name="学生", gender="女", grade_year=2023, status="enrolled")
    db.session.add_all([college, major, klass, student])
    db.session.add(Guardian(student=student, name="家长", relation="母亲", phone="13800000000",
                            address="某地"))
    db.session.flush()
    hashed = hash_password({PASSWORD!r})
    for name in [f"rd{{n}}" for n in range({readers})] + [f"wr{{n}}" for n in range({writers})]:
        user = User(username=name, name=name, password_hash=hashed, must_change_password=False)
        user.grants.append(RoleGrant(role="counselor", scope_kind="class", scope_id=klass.id))
        db.session.add(user)
    db.session.commit()
    print(student.id)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def _audit_views(tree: Path, url: str, action: str) -> int:
    code = f"""
import sys
sys.path.insert(0, {str(tree)!r})
from portal import create_app
from portal.core.models import AuditEvent
from portal.extensions import db
app = create_app({{"SQLALCHEMY_DATABASE_URI": {url!r}, "SECRET_KEY": "b" * 40,
                  "DATA_KEY": "d" * 64}})
with app.app_context():
    print(db.session.query(AuditEvent).filter_by(action={action!r}).count())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per worker (1: sync workers, as the README deploys)",
    )
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument(
        "--page",
        default="family",
        choices=["family", "archive"],
        help="the audited read: family and phones, or the archive export",
    )
    args = parser.parse_args()
    tree = args.tree.resolve()
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'bench.db'}"
    student_id = _seed(tree, url, args.readers, args.writers)
    port = _free_port()
    env = {
        **os.environ,
        "FLASK_SQLALCHEMY_DATABASE_URI": url,
        "FLASK_SECRET_KEY": "b" * 40,
        "FLASK_WTF_CSRF_ENABLED": "false",
        "FLASK_SESSION_COOKIE_SECURE": "false",
        "FLASK_SESSION_COOKIE_NAME": "bench",
        "FLASK_DATA_KEY": "d" * 64,
        "FLASK_EXPORT_LIMIT": "1000000",
        "FLASK_LOGIN_MAX_FAILURES": "1000000",
        "PYTHONPATH": str(tree),
    }
    config = ["-c", str(tree / "gunicorn.conf.py")] if (tree / "gunicorn.conf.py").exists() else []
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            *config,
            "-w",
            str(args.workers),
            *(["-k", "gthread", "--threads", str(args.threads)] if args.threads > 1 else []),
            "-b",
            f"127.0.0.1:{port}",
            "--chdir",
            str(folder),
            "--pythonpath",
            str(tree),
            "portal:create_app()",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(folder / "gunicorn.log").open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while _call(_opener(), f"{base}/health") != 200:
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.2)
        readers = []
        for n in range(args.readers):
            opener = _opener()
            assert (
                _call(opener, f"{base}/login", {"username": f"rd{n}", "password": PASSWORD}) == 303
            )
            readers.append(opener)
        answers: Counter = Counter()
        latencies: dict[str, list[float]] = {"read": [], "write": []}
        lock = threading.Lock()
        start = threading.Barrier(args.readers + args.writers)
        stop_at: list[float] = []

        def run(kind: str, opener, path: str, data: dict | None) -> None:
            start.wait()
            if not stop_at:
                stop_at.append(time.monotonic() + args.seconds)
            while time.monotonic() < stop_at[0]:
                began = time.perf_counter()
                status = _call(opener, f"{base}{path}", data)
                with lock:
                    answers[(kind, status)] += 1
                    latencies[kind].append((time.perf_counter() - began) * 1000)

        path = {
            "family": f"/students/{student_id}/family",
            "archive": f"/students/{student_id}/archive.xlsx",
        }[args.page]
        threads = [
            threading.Thread(target=run, args=("read", opener, path, None)) for opener in readers
        ]

        def write(n: int) -> None:
            """Log in, then switch the language back and forth: each switch saves the user's
            choice (an UPDATE and a commit), so writes come as fast as answers do."""
            opener = _opener()
            assert (
                _call(opener, f"{base}/login", {"username": f"wr{n}", "password": PASSWORD}) == 303
            )
            start.wait()
            if not stop_at:
                stop_at.append(time.monotonic() + args.seconds)
            turn = 0
            while time.monotonic() < stop_at[0]:
                began = time.perf_counter()
                status = _call(
                    opener,
                    f"{base}/locale",
                    {"locale": ("en", "zh_CN")[turn % 2], "next": "/health"},
                )
                turn += 1
                with lock:
                    answers[("write", status)] += 1
                    latencies["write"].append((time.perf_counter() - began) * 1000)

        threads += [threading.Thread(target=write, args=(n,)) for n in range(args.writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    views = _audit_views(tree, url, "view" if args.page == "family" else "archive_export")
    good = {"read": 200, "write": 303}
    errors = sum(count for (kind, status), count in answers.items() if status != good[kind])
    print(
        f"{args.page} page; tree {tree}; gunicorn {args.workers} workers x {args.threads} threads; "
        f"{args.readers} readers + {args.writers} writers for {args.seconds:.0f} s"
    )
    for kind in ("read", "write"):
        done = sorted(latencies[kind])
        by_status = {str(s): c for (k, s), c in sorted(answers.items(), key=str) if k == kind}
        if done:
            print(
                f"  {kind}: {len(done)} answers {by_status}; p50 "
                f"{statistics.median(done):.0f} ms, p95 {done[int(len(done) * 0.95) - 1]:.0f} "
                f"ms, p99 {done[max(0, int(len(done) * 0.99) - 1)]:.0f} ms"
            )
    reads_ok = answers[("read", 200)]
    print(f"  errors: {errors}; audit rows {views} for {reads_ok} reads answered 200")
    if errors:
        print(f"  server log: {folder / 'gunicorn.log'}")


if __name__ == "__main__":
    main()
