"""Load and fault run against gunicorn, on loopback only, bounded in time.

    .venv/bin/python bench/load_bench.py [--db URL] [--users 50] [--seconds 60]
        [--warmup 20] [--fault-seconds SECONDS]

Builds the demo college in a fresh database (a temporary SQLite file unless --db names a
PostgreSQL database, which is emptied), starts gunicorn with 4 workers, and lets 50 users
work as staff and students do — pages, HTMX fragments, talk records saved (about one
request a second each, 0.5–1.5 s apart) — for a steady phase, then again while faults are
injected: a worker killed with SIGKILL while talks are being saved, a grades import killed
with SIGKILL half-way, PostgreSQL restarted (PostgreSQL only), a client sending its request
one byte every two seconds. It reports latency p50/p95/p99 per kind of request, throughput,
errors, each worker's memory, and checks every talk a client was told was saved (303) is in
the database (lost writes) and that the killed import left nothing behind.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import defaultdict
from pathlib import Path

from _common import grades_workbook, student_numbers

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "demo-portal-2026"
PORT = 8765
READS = {
    "counselor": ["/", "/talks/", "/students/", "/warnings/", "/talks/due", "/parents/"],
    "advisor": ["/", "/plans/", "/talks/", "/students/"],
    "leader": ["/", "/review/", "/warnings/", "/cadence/compliance"],
    "student": ["/", "/plans/mine", "/talks/mine", "/peer-help/"],
    "volunteer": ["/", "/peer-help/"],
}
FRAGMENTS = {
    "counselor": ["/talks/widget", "/parents/widget"],
    "advisor": ["/plans/widget"],
    "leader": ["/warnings/widget"],
    "student": ["/plans/mine/widget"],
    "volunteer": ["/talks/mine/widget"],
}


class User:
    """One person's browser: a keep-alive connection, the session cookie, the CSRF token."""

    def __init__(self, username: str, role: str, port: int | None = None):
        self.username, self.role, self.cookies, self.token = username, role, {}, ""
        self.port = port or PORT
        self.last = ""  # the last path asked for
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: dict | None = None, headers=None):
        headers = dict(headers or {})
        self.last = re.sub(r"\d+", "N", path)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # a worker that died dropped the kept-alive connection
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.connection.request(method, path, data, headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (OSError, http.client.HTTPException):
                self.connection = None
                if attempt == 2 or body is not None:  # never resend a write
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        token = re.search(
            r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', text
        ) or re.search(r'"X-CSRFToken": "([^"]+)"', text)
        if token:
            self.token = token.group(1)
        return response.status, text

    def log_in(self) -> None:
        self.request("GET", "/login")
        status, _ = self.request(
            "POST",
            "/login",
            {"username": self.username, "password": PASSWORD, "csrf_token": self.token},
        )
        assert status in (302, 303), (self.username, status)
        self.request("GET", "/")


class Load:
    def __init__(
        self, users: list[User], students: dict[str, list[int]], saved: list[str] | None = None
    ):
        self.users, self.students = users, students  # counselor -> their warned students
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.paths: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.failures: dict[str, int] = defaultdict(int)  # "path status" -> count
        self.saved: list[str] = saved if saved is not None else []  # told: saved
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def run(self, seconds: float) -> float:
        self.stop.clear()
        threads = [threading.Thread(target=self._work, args=(u,), daemon=True) for u in self.users]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        self.stop.set()
        for thread in threads:
            thread.join()
        return time.perf_counter() - start

    def _work(self, user: User) -> None:
        rng = random.Random(user.username + str(id(user)))
        while not self.stop.is_set():
            kind = rng.choices(
                ["read", "fragment", "write"], [6, 3, 2 if user.role == "counselor" else 0]
            )[0]
            started = time.perf_counter()
            try:
                status = getattr(self, f"_{kind}")(user, rng)
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
            with self.lock:
                self.samples[kind].append(time.perf_counter() - started)
                self.paths[user.last].append(time.perf_counter() - started)
                if status != (303 if kind == "write" else 200):
                    self.errors[kind] += 1
                    self.failures[f"{user.last} {status}"] += 1
            self.stop.wait(rng.uniform(0.5, 1.5))

    def _read(self, user, rng) -> int:
        return user.request("GET", rng.choice(READS[user.role]))[0]

    def _fragment(self, user, rng) -> int:
        return user.request(
            "GET",
            rng.choice(FRAGMENTS[user.role]),
            headers={"HX-Request": "true", "X-CSRFToken": user.token},
        )[0]

    def _write(self, user, rng) -> int:
        marker = f"LOAD-{uuid.uuid4().hex}"
        student = rng.choice(self.students[user.username])
        status, _ = user.request(
            "POST",
            f"/talks/students/{student}/new",
            {"csrf_token": user.token, **talk_form(user.username, marker)},
        )
        if status == 303:
            with self.lock:
                self.saved.append(marker)
        return status


def talk_form(talker: str, content: str) -> dict:
    """A counselor's talk record, as the quick form sends it."""
    return {
        "held_on": time.strftime("%Y-%m-%d"),
        "method": "face",
        "initiated_by": "teacher",
        "talker_role": "counselor",
        "talkers": talker,
        "topics": "study",
        "content": content,
        "measures": "每周自习三次",
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def report(title: str, load: Load, elapsed: float) -> None:
    total = sum(len(v) for v in load.samples.values())
    print(f"\n{title}: {total} requests in {elapsed:.0f} s = {total / elapsed:.1f} req/s")
    rows = [
        (kind, load.samples.get(kind, []), load.errors.get(kind, 0))
        for kind in ("read", "fragment", "write")
    ]
    rows.append(
        ("all", [v for _kind, values, _e in rows for v in values], sum(load.errors.values()))
    )
    for kind, values, errors in rows:
        print(
            f"  {kind:9} n={len(values):5}  p50 {percentile(values, 0.5):6.0f} ms  "
            f"p95 {percentile(values, 0.95):6.0f} ms  p99 {percentile(values, 0.99):6.0f} ms  "
            f"errors {errors}"
        )
    if load.failures:
        print("  failed: " + ", ".join(f"{what} ×{n}" for what, n in sorted(load.failures.items())))
    slowest = sorted(load.paths.items(), key=lambda kv: -percentile(kv[1], 0.95))[:5]
    print(
        "  slowest p95: "
        + ", ".join(f"{path} {percentile(values, 0.95):.0f} ms" for path, values in slowest)
    )


def environment(url: str) -> dict:
    return {
        **os.environ,
        "FLASK_SQLALCHEMY_DATABASE_URI": url,
        "FLASK_SECRET_KEY": "load-bench-" + "x" * 40,
        "PYTHONPATH": str(ROOT),
    }


def prepare(url: str) -> None:
    if url.startswith("postgresql"):
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    subprocess.run(
        [BIN / "flask", "--app", "portal", "demo"],
        env=environment(url),
        check=True,
        capture_output=True,
    )
    if url.startswith("postgresql"):
        # Planner statistics, as autovacuum would have them on a server that has been up a
        # while (else it gathers them in the middle of the measured phase).
        from sqlalchemy import create_engine, text

        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("VACUUM ANALYZE"))
        engine.dispose()


def start_server(url: str, workers: int) -> subprocess.Popen:
    """gunicorn with the repository's gunicorn.conf.py; its log goes to a temporary file."""
    log = Path(tempfile.mkdtemp()) / "gunicorn.log"
    server = subprocess.Popen(
        [
            BIN / "gunicorn",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "30",
            "portal:create_app()",
        ],
        env=environment(url),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    for _ in range(150):  # the workers are up when the health check answers
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start: see {log}")


def workers_of(server: subprocess.Popen) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def student_accounts(url: str, n: int = 2) -> list[str]:
    """Usernames of students with an account: the demo's numbers move with today's date."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        names = [
            u
            for (u,) in connection.execute(
                text(
                    "SELECT username FROM core_user WHERE student_id IS NOT NULL AND active "
                    "AND NOT must_change_password ORDER BY username LIMIT :n"
                ),
                {"n": n},
            )
        ]
    engine.dispose()
    return names


def roles_to_play(url: str) -> list[tuple[str, str]]:
    return [
        ("counselor", "counselor"),
        ("counselor2", "counselor"),
        ("advisor", "advisor"),
        ("leader", "leader"),
        ("volunteer", "volunteer"),
        *[(name, "student") for name in student_accounts(url)],
    ]


def warned_students(counselor: User) -> list[int]:
    """Students the counselor owes a talk, else any of theirs."""
    _, page = counselor.request("GET", "/talks/due")
    ids = sorted({int(i) for i in re.findall(r"/talks/students/(\d+)/new", page)})
    if not ids:
        _, page = counselor.request("GET", "/students/")
        ids = sorted({int(i) for i in re.findall(r'href="/students/(\d+)"', page)})
    assert ids, f"{counselor.username} has no students"
    return ids


def slow_client(seconds: float) -> None:
    """Sends a request one byte every two seconds (a client on a bad line)."""
    request = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with socket.create_connection(("127.0.0.1", PORT)) as connection:
        deadline = time.monotonic() + seconds
        for byte in request:
            if time.monotonic() > deadline:
                break
            connection.send(bytes([byte]))
            time.sleep(2)


def big_grades_file(url: str) -> tuple[Path, int]:
    """A grades workbook that takes the import longer than 2.5 s (written before the load
    starts, so that writing it does not weigh on the measured phases)."""
    numbers = student_numbers(url)
    book = grades_workbook(
        [number, "某", "2018-2019-1", f"LB{course:04d}", "负载课程", 2, 75, "正考"]
        for course in range(1500)
        for number in numbers
    )
    path = Path(tempfile.mkdtemp()) / "grades.xlsx"
    book.save(path)
    return path, 1500 * len(numbers)


def killed_import(url: str, path: Path) -> tuple[int, int]:
    """A grades import killed half-way: (grade rows before, rows after)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        count = lambda: connection.execute(  # noqa: E731
            text("SELECT count(*) FROM core_grade_record")
        ).scalar()
        before = count()
        process = subprocess.Popen(
            [BIN / "flask", "--app", "portal", "import-grades", str(path)],
            env=environment(url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(2.5)
        ended = process.poll()
        process.send_signal(signal.SIGKILL)
        process.wait()
        if ended is not None:
            raise RuntimeError(f"the import ended (exit {ended}) before it could be killed")
        connection.rollback()
        after = count()
    engine.dispose()
    return before, after


def faults(
    url: str, server: subprocess.Popen, load_seconds: float, grades: tuple[Path, int]
) -> list[str]:
    """Run in a thread beside the load: what was done, when."""
    done = []
    time.sleep(load_seconds * 0.15)
    victim = random.choice(workers_of(server))
    os.kill(victim, signal.SIGKILL)
    done.append(f"SIGKILL worker {victim} while talks were being saved")
    time.sleep(load_seconds * 0.15)
    path, rows = grades
    before, after = killed_import(url, path)
    done.append(
        f"SIGKILL a grades import of {rows} rows after 2.5 s: grade rows {before} "
        f"before, {after} after ({'nothing written' if before == after else 'PARTIAL'})"
    )
    if url.startswith("postgresql"):
        time.sleep(load_seconds * 0.1)
        subprocess.run(["pg_ctlcluster", "15", "main", "restart"], check=False, capture_output=True)
        done.append("PostgreSQL restarted")
    time.sleep(load_seconds * 0.1)
    slow = threading.Thread(target=slow_client, args=(load_seconds * 0.3,), daemon=True)
    slow.start()
    done.append(f"a client sending one byte every 2 s for {load_seconds * 0.3:.0f} s")
    return done


def lost_writes(url: str, saved: list[str]) -> tuple[int, str, str]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        stored = {
            c
            for (c,) in connection.execute(
                text("SELECT content FROM talks_talk WHERE content LIKE 'LOAD-%'")
            )
        }
    engine.dispose()
    told = sorted(saved)
    found = sorted(m for m in told if m in stored)
    digest = lambda items: hashlib.sha256("\n".join(items).encode()).hexdigest()[:16]  # noqa: E731
    return len(set(told) - stored), digest(told), digest(found)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=20)
    parser.add_argument("--fault-seconds", type=float, help="default: --seconds")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'load.sqlite3'}"
    prepare(url)
    grades = big_grades_file(url)
    server = start_server(url, args.workers)
    try:
        roles = roles_to_play(url)
        users = [User(*roles[i % len(roles)]) for i in range(args.users)]
        for user in users:
            user.log_in()
        counselors = {u.username: u for u in users if u.role == "counselor"}
        load = Load(users, {name: warned_students(u) for name, u in counselors.items()})
        print(f"{url.split(':')[0]}, gunicorn {args.workers} workers, {args.users} users")
        # Every worker compiles its templates and fills its caches on its first requests:
        # measured apart, as a server that has been up for a while has done that already.
        report("warm-up", load, load.run(args.warmup))
        load = Load(users, load.students, saved=load.saved)
        report("steady", load, load.run(args.seconds))
        steady_saved = list(load.saved)
        memory = [f"{memory_mb(pid):.0f}" for pid in workers_of(server)]
        faulty = Load(users, load.students)
        done: list[str] = []
        fault_seconds = args.fault_seconds or args.seconds
        injector = threading.Thread(
            target=lambda: done.extend(faults(url, server, fault_seconds, grades))
        )
        injector.start()
        elapsed = faulty.run(fault_seconds)
        injector.join()
        report("with faults", faulty, elapsed)
        for line in done:
            print(f"  fault: {line}")
        lost, told, found = lost_writes(url, steady_saved + faulty.saved)
        print(f"\nworkers' memory (MB): {', '.join(memory)}")
        print(
            f"talks saved as told to clients: {len(steady_saved) + len(faulty.saved)}; "
            f"lost writes: {lost}; checksum told {told} / found {found}"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
