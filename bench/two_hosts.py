"""Two app hosts that share nothing but PostgreSQL and their configured keys, behind nginx.

    .venv/bin/python bench/two_hosts.py [--users 50] [--seconds 30]

Issue 20's test deployment, on loopback: a fresh PostgreSQL database with the demo college;
host A and host B, each gunicorn with 2 workers and its own instance folder
(PORTAL_INSTANCE_PATH), the same FLASK_SECRET_KEY and FLASK_DATA_KEY from the environment;
nginx (Debian's package) balancing between them; the job store is Redis and the jobs run in
`flask worker` processes, none inside the app hosts. It checks, and exits 1 if any fails:

1. `check-deploy --hosts 2` passes with these keys;
2. a session opened through nginx (host A or B) is valid on each host directly;
3. a parent's phone sealed by an import uploaded to host A, its job polled on host B,
   reads in clear on host B;
4. a 20,000-row grades file uploaded via A and polled via B: the worker running it is killed
   (SIGKILL) half-way; another worker, started when the lease has run out, finishes it,
   and every row is there once, from one import batch;
5. a 30,000-student term (built with Core inserts and COPY) computed as a job: asked on host A, its
   progress bar polled on host B, the run read through nginx; its time and the worker's CPU;
6. 50 users work through nginx while host A is killed (SIGKILL, master and workers) half-way:
   errors only on requests in flight on A when it died (none after a 3 s grace), and every
   talk a user was told was saved is in the database.

`.ci/run` runs it where nginx and PostgreSQL are present; figures in the README.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_bench  # noqa: E402  (the same simulated users)
from _common import grades_workbook, rows, student_numbers, value  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NGINX_PORT, HOST_PORTS = 8810, {"A": 8811, "B": 8812}
ADMIN_DB = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
JOB_STORE = "redis://127.0.0.1:6379/7"  # a database of its own
# A queue of its own per run: two runs at once (CI, a developer) never take each other's jobs.
QUEUE_NAME = f"two-hosts-{os.getpid()}-{int(time.time())}"
LEASE_SECONDS = 8
NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 512; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  client_max_body_size 20m;
  upstream portal {{ server 127.0.0.1:{a} max_fails=1 fail_timeout=30s;
                     server 127.0.0.1:{b} max_fails=1 fail_timeout=30s; keepalive 16; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://portal;
      proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout;
    }}
  }}
}}
"""


def fresh_database() -> tuple[str, str]:
    import psycopg

    name = f"portal_two_hosts_{int(time.time())}_{os.getpid()}"
    with psycopg.connect(ADMIN_DB, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return name, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_DB, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def host_environment(url: str, keys: dict, instance: Path | None) -> dict:
    env = {
        **os.environ,
        "FLASK_SQLALCHEMY_DATABASE_URI": url,
        "PYTHONPATH": str(ROOT),
        "FLASK_TRUSTED_PROXIES": "1",
        "FLASK_PORTAL_HOSTS": "2",
        "FLASK_JOB_STORE": JOB_STORE,
        "FLASK_JOB_QUEUE_NAME": QUEUE_NAME,
        "FLASK_JOB_EMBEDDED_WORKER": "false",
        "FLASK_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
        "FLASK_JOB_HEARTBEAT_SECONDS": "1",
        "FLASK_IMPORT_PROGRESS_EVERY": "500",
        **keys,
    }
    if instance is not None:
        env["PORTAL_INSTANCE_PATH"] = str(instance)
    return env


def start_host(name: str, env: dict, tmp: Path) -> subprocess.Popen:
    port = HOST_PORTS[name]
    log = (tmp / f"host-{name}.log").open("w")
    host = subprocess.Popen(
        [
            BIN / "gunicorn",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "portal:create_app()",
        ],
        env=env,
        cwd=tmp,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    wait_for(port, f"host {name} (see {tmp}/host-{name}.log)")
    return host


def start_worker(name: str, env: dict, tmp: Path) -> subprocess.Popen:
    log = (tmp / f"worker-{name}.log").open("w")
    return subprocess.Popen(
        [BIN / "flask", "--app", "portal", "worker", "--workers", "2"],
        env=env,
        cwd=tmp,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )


def empty_job_store() -> None:
    """This run's queue removed from the store (another run's left alone)."""
    import redis

    store = redis.Redis.from_url(JOB_STORE)
    for key in store.scan_iter(f"*{QUEUE_NAME}*"):
        store.delete(key)


def wait_for(port: int, what: str) -> None:
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not start")


def start_nginx(tmp: Path) -> subprocess.Popen:
    for name in ("body", "proxy", "fcgi", "uwsgi", "scgi"):
        (tmp / name).mkdir(exist_ok=True)
    conf = tmp / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(tmp=tmp, a=HOST_PORTS["A"], b=HOST_PORTS["B"], port=NGINX_PORT)
    )
    if os.geteuid() == 0:  # nginx's workers would switch to an unprivileged user otherwise
        conf.write_text("user root;\n" + conf.read_text())
    nginx = subprocess.Popen(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(tmp), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=(tmp / "nginx.out").open("w"),
    )
    wait_for(NGINX_PORT, f"nginx (see {tmp}/error.log)")
    return nginx


def check(ok: bool, what: str, failures: list[str]) -> None:
    print(("  ok    " if ok else "  FAIL  ") + what)
    if not ok:
        failures.append(what)


def sessions_cross_hosts(failures: list[str]) -> None:
    user = load_bench.User("secretary", "staff", NGINX_PORT)
    user.log_in()
    for name, port in HOST_PORTS.items():
        direct = load_bench.User("secretary", "staff", port)
        direct.cookies = dict(user.cookies)
        status, _page = direct.request("GET", "/")
        check(
            status == 200,
            f"the session opened via nginx is valid on host {name} (GET / -> {status})",
            failures,
        )


def students_file(url: str) -> tuple[bytes, int, str]:
    """One demo student of the secretary's college, as a 学生名单 row with a new 家长电话."""
    from openpyxl import Workbook

    [row] = rows(
        url,
        "SELECT s.id, s.student_no, s.name, s.gender, co.name, m.name, s.grade_year, c.name "
        "FROM core_student s JOIN core_class c ON c.id = s.class_id "
        "JOIN core_major m ON m.id = s.major_id JOIN core_college co ON co.id = s.college_id "
        "ORDER BY s.id LIMIT 1",
    )
    phone = "139" + "".join(secrets.choice("0123456789") for _ in range(8))
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["学号", "姓名", "性别", "学院", "专业", "年级", "班级", "家长姓名", "家长关系", "家长电话"]
    )
    sheet.append(
        [
            row[1],
            row[2],
            row[3] or "男",
            row[4],
            row[5],
            row[6],
            row[7],
            "两主机家长",
            "父亲",
            phone,
        ]
    )
    data = BytesIO()
    book.save(data)
    return data.getvalue(), row[0], phone


def multipart(fields: dict, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{filename}"\r\nContent-Type: application/vnd.openxmlformats-'
        f"officedocument.spreadsheetml.sheet\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload_on_a(kind: str, content: bytes, failures: list[str]):
    """The teaching office (the demo's secretary over the whole school) uploads a file to
    host A; returns (the job's id, the same user on host B)."""
    on_a = load_bench.User("office", "staff", HOST_PORTS["A"])
    on_a.log_in()
    on_a.request("GET", "/imports/")
    body, content_type = multipart({"csrf_token": on_a.token}, f"{kind}.xlsx", content)
    connection = http.client.HTTPConnection("127.0.0.1", HOST_PORTS["A"], timeout=120)
    connection.request(
        "POST",
        f"/imports/{kind}",
        body,
        {
            "Content-Type": content_type,
            "Cookie": "; ".join(f"{k}={v}" for k, v in on_a.cookies.items()),
        },
    )
    response = connection.getresponse()
    response.read()
    job = re.search(r"/(?:imports/)?jobs/([0-9a-f]+)", response.getheader("Location") or "")
    check(
        response.status == 303 and job is not None,
        f"host A took the {kind} file (answer {response.status})",
        failures,
    )
    on_b = load_bench.User("office", "staff", HOST_PORTS["B"])
    on_b.cookies = dict(on_a.cookies)
    return (job.group(1) if job else None), on_b


def job_state(url: str, job_id: str) -> tuple[str, str, int]:
    """(status, step, rows read) of a job, as any host reads it."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        state = connection.execute(
            text(
                "SELECT status, coalesce(step, ''), rows_read FROM core_import_job WHERE id = :id"
            ),
            {"id": job_id},
        ).one()
    engine.dispose()
    return tuple(state)


def poll_on_b(on_b, job_id: str, seconds: float) -> tuple[int, str]:
    """Polls the job's page on host B until it shows an outcome (or `seconds` pass)."""
    deadline = time.monotonic() + seconds
    while True:
        status, page = on_b.request("GET", f"/imports/jobs/{job_id}")
        outcome = page.split('id="progress"')[-1]
        if (
            status != 200
            or "flash success" in outcome
            or 'role="alert"' in outcome
            or time.monotonic() > deadline
        ):
            return status, page
        time.sleep(0.5)


def words(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split('id="progress"')[-1]))[:300]


def sealed_across_hosts(url: str, failures: list[str]) -> None:
    content, student_id, phone = students_file(url)
    job_id, on_b = upload_on_a("students", content, failures)
    if job_id is None:
        return
    status, page = poll_on_b(on_b, job_id, 60)
    check(
        status == 200 and "flash success" in page,
        f"the import's progress, polled on host B, ends in success ({words(page)})",
        failures,
    )
    status, page = on_b.request("GET", f"/students/{student_id}/family")
    check(
        status == 200 and phone in page,
        f"the phone sealed on host A reads in clear on host B (GET family -> {status})",
        failures,
    )


KILLED_TERM = "2017-2018-1"  # started long ago (the import refuses a term that has not)


def grades_file(url: str, count: int = 20_000) -> bytes:
    numbers = student_numbers(url)
    book = grades_workbook(
        [numbers[n % len(numbers)], "某", KILLED_TERM, f"TH{n // len(numbers):05d}"]
        + ["两主机课程", 2, 60 + n % 40, "正考"]
        for n in range(count)
    )
    data = BytesIO()
    book.save(data)
    return data.getvalue()


def import_survives_a_killed_worker(
    url: str, env: dict, tmp: Path, failures: list[str]
) -> list[subprocess.Popen]:

    content = grades_file(url)
    first = start_worker("1", env, tmp)
    job_id, on_b = upload_on_a("grades", content, failures)
    if job_id is None:
        return [first]
    deadline = time.monotonic() + 120
    state = job_state(url, job_id)
    while (
        not (state[0] == "running" and state[2])
        and state[0] not in ("done", "failed")
        and time.monotonic() < deadline
    ):  # the worker has read its first rows
        time.sleep(0.01)
        state = job_state(url, job_id)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    check(state[0] == "running", f"worker 1 killed (SIGKILL) while the job ran ({state})", failures)
    time.sleep(LEASE_SECONDS + 1)  # the lease runs out: the next worker's start re-queues it
    second = start_worker("2", env, tmp)
    status, page = poll_on_b(on_b, job_id, 180)
    check(
        status == 200 and "flash success" in page,
        f"worker 2 finished it, polled on host B ({words(page)})",
        failures,
    )
    stored = value(
        url,
        "SELECT count(*) FROM core_grade_record g JOIN core_term t ON t.id = g.term_id "
        "WHERE t.code = :term",
        term=KILLED_TERM,
    )
    batches = value(url, "SELECT count(*) FROM core_import_batch WHERE filename = 'grades.xlsx'")
    check(
        stored == 20_000 and batches == 1,
        f"grade rows {stored} of 20000, from {batches} import batch(es)",
        failures,
    )
    return [second]


BIG_TERM, BIG_STUDENTS = "2031-2032-1", 30_000


def big_term(url: str, students: int = BIG_STUDENTS) -> tuple[int, int, float]:
    """A college of its own with `students` students, five 4-credit courses each in one term
    (one student in ten failing four of them), and its secretary: Core inserts and COPY.
    Returns (term id, college id, seconds taken)."""
    import random
    from datetime import UTC, datetime

    from sqlalchemy import create_engine, insert, select

    from portal.core.models import College, Major, RoleGrant, SchoolClass, Student, Term, User

    started = time.perf_counter()
    rng = random.Random(20)
    engine = create_engine(url)
    with engine.begin() as connection:

        def add(model, **values) -> int:
            return connection.execute(
                insert(model).values(**values).returning(model.__table__.c.id)
            ).scalar_one()

        college = add(College, name="三万人学院")
        major = add(Major, college_id=college, name="三万人专业")
        classes = [
            add(SchoolClass, major_id=major, name=f"三万{k}班", grade_year=2029) for k in range(300)
        ]
        term = add(Term, code=BIG_TERM, start_year=2031, n=1)
        demo_hash = connection.scalar(  # the demo's password (load_bench.PASSWORD)
            select(User.password_hash).where(User.username == "leader")
        )
        user = add(
            User,
            username="secretary30k",
            name="三万人学院秘书",
            password_hash=demo_hash,
            must_change_password=False,
        )
        connection.execute(
            insert(RoleGrant).values(
                user_id=user, role="secretary", scope_kind="college", scope_id=college
            )
        )
        now = datetime.now(UTC).replace(tzinfo=None)
        copy_rows(
            connection,
            "core_student",
            (
                "student_no",
                "name",
                "class_id",
                "major_id",
                "college_id",
                "grade_year",
                "extended_study",
                "status",
                "updated_at",
            ),
            (
                (
                    f"T3{n:07d}",
                    f"学生{n}",
                    classes[n % 300],
                    major,
                    college,
                    2029,
                    False,
                    "enrolled",
                    now,
                )
                for n in range(students)
            ),
        )
        ids = connection.scalars(select(Student.id).where(Student.college_id == college)).all()

        def grades():
            for sid in ids:
                weak = rng.random() < 0.1
                for c in range(5):
                    score = rng.randint(20, 55) if weak and c < 4 else rng.randint(60, 98)
                    yield (
                        sid,
                        term,
                        f"T{c}",
                        f"课程{c}",
                        4,
                        "regular",
                        score,
                        str(score),
                        score >= 60,
                        False,
                        False,
                        False,
                    )

        attempt = ("student_id", "term_id", "course_code", "course_name", "credits", "kind")
        result = ("score", "score_text", "passed", "absent", "ignored", "degree_course")
        copy_rows(connection, "core_grade_record", attempt + result, grades())
    engine.dispose()
    return term, college, time.perf_counter() - started


def copy_rows(connection, table: str, columns: tuple[str, ...], rows) -> None:
    """PostgreSQL's COPY through the SQLAlchemy connection's psycopg one (same transaction):
    a bulk build, not the portal's way of writing."""
    with (
        connection.connection.driver_connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def cpu_seconds(pid: int) -> float:
    """user + sys CPU time of a process so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def compute_a_big_term(url: str, worker: subprocess.Popen, failures: list[str]) -> None:
    """A 30,000-student term computed as a job: asked on host A, its progress bar polled
    on host B while a worker process computes, then the run read through nginx."""
    term, college, built = big_term(url)
    print(
        f"  ..    {BIG_STUDENTS} students, {BIG_STUDENTS * 5} grade rows built in "
        f"{built:.1f} s (Core inserts, COPY)"
    )
    on_a = load_bench.User("secretary30k", "secretary", HOST_PORTS["A"])
    on_a.log_in()
    on_a.request("GET", "/warnings/compute")
    cpu_before, asked = cpu_seconds(worker.pid), time.perf_counter()
    status, _page = on_a.request(
        "POST",
        "/warnings/compute",
        {"term": str(term), "college": str(college), "ruleset": "anshan", "csrf_token": on_a.token},
    )
    on_b = load_bench.User("secretary30k", "secretary", HOST_PORTS["B"])
    on_b.cookies = dict(on_a.cookies)
    job_id = _compute_job(url)
    check(
        status == 303 and job_id is not None,
        f"host A took the computation of {BIG_STUDENTS} students (answer {status})",
        failures,
    )
    if job_id is None:
        return
    seen, answer, page = [], 0, ""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        answer, page = on_b.request("GET", f"/jobs/{job_id}")
        if answer != 200:
            break
        found = re.search(r'<progress max="100" value="(\d+)"', page)
        if found and (not seen or seen[-1] != int(found.group(1))):
            seen.append(int(found.group(1)))
        time.sleep(0.2)
    took, cpu = time.perf_counter() - asked, cpu_seconds(worker.pid) - cpu_before
    check(
        answer == 303 and any(0 < p < 100 for p in seen),
        f"its progress polled on host B (percentages seen: {seen}), then done (answer {answer})",
        failures,
    )
    via_nginx = load_bench.User("secretary30k", "secretary", NGINX_PORT)
    via_nginx.cookies = dict(on_a.cookies)
    status, page = via_nginx.request("GET", f"/warnings/runs/{_run_of(url, job_id)}")
    check(
        status == 200 and f"共评估 {BIG_STUDENTS} 名学生" in page,
        f"the computed run reads through nginx (GET run -> {status})",
        failures,
    )
    print(
        f"  ..    computing {BIG_STUDENTS} students as a job: {took:.1f} s from asking to "
        f"the job's page going on to its run; the worker process used {cpu:.1f} s CPU"
    )


def _compute_job(url: str) -> str | None:
    """The computation's job (the bench's only one): the answer's Location is not kept."""
    return value(
        url,
        "SELECT id FROM core_import_job WHERE task = 'warnings.compute' "
        "ORDER BY created_at DESC LIMIT 1",
    )


def _run_of(url: str, job_id: str) -> int | None:
    result = value(url, "SELECT result FROM core_import_job WHERE id = :id", id=job_id)
    return (result or {}).get("run_id")


def load_with_a_host_killed(
    url: str, host_a: subprocess.Popen, users: int, seconds: float, failures: list[str]
) -> None:
    roles = load_bench.roles_to_play(url)
    people = [load_bench.User(*roles[i % len(roles)], NGINX_PORT) for i in range(users)]
    for person in people:
        person.log_in()
    counselors = {p.username: p for p in people if p.role == "counselor"}
    load = TimedLoad(people, {n: load_bench.warned_students(p) for n, p in counselors.items()})
    killed_at: list[float] = []

    def kill_a() -> None:
        time.sleep(seconds / 2)
        os.killpg(host_a.pid, signal.SIGKILL)
        killed_at.append(time.perf_counter())

    killer = threading.Thread(target=kill_a)
    killer.start()
    elapsed = load.run(seconds)
    killer.join()
    load_bench.report(
        f"nginx, 2 hosts x 2 workers, {users} users, host A killed at {seconds / 2:.0f} s",
        load,
        elapsed,
    )
    late = [what for at, what in load.failed_at if at > killed_at[0] + 3]
    check(
        not late,
        f"no error later than 3 s after host A died ({len(late)}: {', '.join(late[:5])})",
        failures,
    )
    lost, told, found = load_bench.lost_writes(url, load.saved)
    check(
        lost == 0,
        f"talks saved as told: {len(load.saved)}, lost {lost} (checksums {told} / {found})",
        failures,
    )


class TimedLoad(load_bench.Load):
    """load_bench's load, remembering when each error happened."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.failed_at: list[tuple[float, str]] = []

    def _work(self, user) -> None:
        original = user.request

        def timed(method, path, body=None, headers=None):
            try:
                status, text = original(method, path, body, headers)
            except (OSError, http.client.HTTPException):
                self.failed_at.append((time.perf_counter(), f"{method} {path} dropped"))
                raise
            if status >= 500:
                self.failed_at.append((time.perf_counter(), f"{method} {path} {status}"))
            return status, text

        user.request = timed
        super()._work(user)


def stop(hosts: list[subprocess.Popen], nginx: subprocess.Popen | None) -> None:
    for host in hosts:  # each leads its own process group (gunicorn: master and workers)
        try:
            os.killpg(host.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    if nginx is not None:
        nginx.terminate()
    for process in [*hosts, *([nginx] if nginx else [])]:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="two-hosts-"))
    name, url = fresh_database()
    keys = {"FLASK_SECRET_KEY": secrets.token_hex(32), "FLASK_DATA_KEY": secrets.token_hex(32)}
    hosts: dict[str, subprocess.Popen] = {}
    workers: list[subprocess.Popen] = []
    nginx = None
    failures: list[str] = []
    try:
        setup = host_environment(url, keys, tmp / "instance-setup")
        subprocess.run(
            [BIN / "flask", "--app", "portal", "demo"],
            env=setup,
            check=True,
            capture_output=True,
            cwd=tmp,
        )
        deploy = subprocess.run(
            [BIN / "flask", "--app", "portal", "check-deploy", "--hosts", "2"],
            env=setup,
            capture_output=True,
            text=True,
            cwd=tmp,
        )
        check(
            deploy.returncode == 0,
            "check-deploy --hosts 2 passes with configured keys "
            f"({(deploy.stdout + deploy.stderr).strip()[-200:]})",
            failures,
        )
        for host in HOST_PORTS:
            hosts[host] = start_host(
                host, host_environment(url, keys, tmp / f"instance-{host}"), tmp
            )
        nginx = start_nginx(tmp)
        workers += import_survives_a_killed_worker(
            url, host_environment(url, keys, tmp / "instance-workers"), tmp, failures
        )
        print(
            f"PostgreSQL {name}; hosts A :{HOST_PORTS['A']}, B :{HOST_PORTS['B']}; "
            f"nginx :{NGINX_PORT}; logs in {tmp}"
        )
        sessions_cross_hosts(failures)
        sealed_across_hosts(url, failures)
        compute_a_big_term(url, workers[-1], failures)
        load_with_a_host_killed(url, hosts["A"], args.users, args.seconds, failures)
    finally:
        stop([*hosts.values(), *workers], nginx)
        drop_database(name)
        empty_job_store()
    print(
        "two hosts: "
        + (
            "all checks passed"
            if not failures
            else f"{len(failures)} FAILED: " + "; ".join(failures)
        )
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
