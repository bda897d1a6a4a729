"""Times import, compute and export of a university-sized term, the roster page, and the
page of a term's first run.

    .venv/bin/python bench/warnings_bench.py [--quick] [--db sqlite|postgres]

Generates under bench/out/ (git-ignored): a 30,000-student roster and one regular term of
their grades (~10 courses each, make-ups for failures: ~300k rows) written like a messy
教务 export (title rows, 学年 + 学期 in two columns, text scores and grade words, ~20
ignored columns, 32 in all); a college's history (3,000 students × 8 terms); and the
30,000 students' next term (2024-2025-2). Each step runs in its own process, which
reports its wall time and peak RSS; each compute is run again with its CPU time taken
inside the process, net of the start-up.

Last, after every other figure (which are taken as before, nothing published yet): the
school's rosters are published term after term (`flask warnings publish`: the history's
first seven terms, then 2024-2025-1), the next term imported and computed, and the page of
each term's first run whose previous evaluation term has a published roster is timed
(GET /warnings/runs/<id>: 2022-2023-2, 3,000 students; 2024-2025-2, 30,000). That page
lists, on every open, who stood warned at last evaluation term and is no longer warned,
with what publishing makes of each (explain.no_longer_warned): the walk of the whole
school's published history. What it lists is printed as counts and a digest, so that a
change to the page's code can be checked to list the same.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import init_db, value  # noqa: E402
from _env import host_env  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PY = sys.executable
PRESETS = ("anshan", "lanzhou", "shaoxing", "liaoning", "guangxi")
EXTRA = [
    "教学班",
    "任课教师",
    "开课学院",
    "课程类别",
    "考核方式",
    "学时",
    "选课课号",
    "重修标记",
    "备注",
    "录入人",
    "录入时间",
    "审核状态",
    "专业",
    "班级",
    "年级",
    "学院",
    "性别",
    "课程英文名",
    "周学时",
    "总学时",
]
HEADER = [
    "学号",
    "姓名",
    "学年",
    "学期",
    "课程代码",
    "课程名称",
    "学分",
    "成绩",
    "考试性质",
    "是否学位课",
    *EXTRA,
]
WORDS = ["优秀", "良好", "中等", "及格", "不及格", "缺考"]


def _score(rng: random.Random, ability: float):
    if rng.random() < 0.03:
        return rng.choice(WORDS)
    value = max(0, min(100, round(78 + 9 * ability + rng.gauss(0, 9))))
    return str(value) if rng.random() < 0.3 else value


def write_roster(path: Path, numbers: list[str], college: str) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([f"{college}学生名单"])
    sheet.append(["学号", "姓名", "性别", "学院", "专业", "年级", "班级"])
    for i, number in enumerate(numbers):
        sheet.append(
            [
                number,
                f"学生{i}",
                "男" if i % 2 else "女",
                college,
                f"专业{i % 6}",
                2021 + i % 4,
                f"班{i % 6}-{i // 30 % 40}",
            ]
        )
    book.save(path)


def write_grades(
    path: Path, numbers: list[str], terms: list[tuple[str, int]], courses: int, seed: int
) -> int:
    """Messy export: two title rows, 学年 + 学期 columns, text scores, words, extra columns."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["XX大学学生成绩明细表"])
    sheet.append(["打印时间：2026-11-23"])
    sheet.append(HEADER)
    extra = [
        "1班",
        "李老师",
        "理学院",
        "必修",
        "考试",
        48,
        "(2024-2025-1)-MA101-01",
        "",
        "",
        "admin",
        "2026-01-15",
        "已审核",
        "生物科学",
        "生科2101",
        2021,
        "生命科学学院",
        "男",
        "Advanced Mathematics",
        3,
        48,
    ]
    rows = 0
    for number in numbers:
        ability = rng.gauss(0, 1)
        for year, n in terms:
            for c in range(courses):
                score = _score(rng, ability)
                base = [
                    number,
                    "某某",
                    year,
                    n,
                    f"C{n}{c:03d}",
                    f"课程{c}",
                    1 + c % 4,
                    score,
                    "正考",
                    "是" if c % 3 == 0 else "否",
                    *extra,
                ]
                sheet.append(base)
                rows += 1
                numeric = (
                    score if isinstance(score, int) else (int(score) if str(score).isdigit() else 0)
                )
                if numeric < 60 and score not in ("优秀", "良好", "中等", "及格"):
                    sheet.append([*base[:7], rng.randint(40, 90), "补考", *base[9:]])
                    rows += 1
    book.save(path)
    return rows


def _count_rows(path: Path) -> int:
    """Data rows of a grades file written earlier (its three title and header rows off)."""
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as book:
        return sum(1 for _ in book.get_sheet_by_index(0).iter_rows()) - 3


def run_step(env: dict, *args: str) -> dict:
    result = subprocess.run(
        [PY, str(ROOT / "bench" / "_peak.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    print(f"  step {' '.join(args[-4:])[:70]}: {report}", file=sys.stderr, flush=True)
    if report["exit"]:
        raise SystemExit(f"{args} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return report


COMPUTE_IN_PROCESS = """
import json, sys, time
from sqlalchemy import select
from portal import create_app
from portal.core.models import Term
from portal.extensions import db
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
with create_app().app_context():
    term = db.session.scalar(select(Term).where(Term.code == sys.argv[1]))
    cpu, wall = time.process_time(), time.perf_counter()
    compute_run(term, rulesets.load(sys.argv[2]))
    db.session.commit()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
print(json.dumps({"seconds": round(wall, 2), "cpu": round(cpu, 2)}))
"""


def compute_in_process(env: dict, term: str, code: str) -> dict:
    """The compute alone, timed inside its process (interpreter and create_app left out):
    the same work as `flask warnings compute`, net of the start-up every step pays."""
    report = _child(env, COMPUTE_IN_PROCESS, term, code)
    print(f"  in-process compute {term} {code}: {report}", file=sys.stderr, flush=True)
    return report


BENCH_USER = """
import json, sys
from portal import create_app
from portal.extensions import db
from portal.core.models import RoleGrant, User
from portal.core.passwords import hash_password
username, roles = sys.argv[1], json.loads(sys.argv[2])
with create_app().app_context():
    user = User(username=username, name="基准", password_hash=hash_password("bench-pass-1"),
                must_change_password=False)
    user.grants.extend(RoleGrant(role=role, scope_kind="all") for role in roles)
    db.session.add(user)
    db.session.commit()
"""


def bench_user(env: dict, username: str, *roles: str) -> None:
    """A user holding `roles` over the whole school (password bench-pass-1)."""
    _child(env, BENCH_USER, username, json.dumps(roles))


PAGE_TIMES = """
import json, statistics, sys, time
from sqlalchemy import event
from portal import create_app
from portal.extensions import db
pages, repeat = json.loads(sys.argv[1]), int(sys.argv[2])
out = {}
for label, config, url in pages:
    app = create_app({"SESSION_COOKIE_SECURE": False, "WTF_CSRF_ENABLED": False, **config})
    client = app.test_client()
    client.post("/login", data={"username": "bench", "password": "bench-pass-1"})
    with app.app_context():
        engine = db.engine
    count = []
    event.listen(engine, "before_cursor_execute", lambda *a, **k: count.append(1))
    times, cpu = [], []
    for _ in range(repeat):
        count.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    assert response.status_code == 200, (url, response.status_code)
    out[label] = {"ms": round(statistics.median(times), 1), "queries": len(count),
                  "cpu_ms": round(statistics.median(cpu), 1),
                  "kb": round(len(response.data) / 1024, 1)}
print(json.dumps(out))
"""


def page_times(env: dict, pages: list[tuple[str, dict, str]], repeat: int) -> dict:
    """label -> median time, SQL statements (of the last request), median CPU time of this
    process (steadier on a shared machine; with SQLite, the database's work included) and
    size of each page (label, app config, url), GET as the bench user, a fresh app per page."""
    return _child(env, PAGE_TIMES, json.dumps(pages), str(repeat))


def roster_page(env: dict, page_sizes=(50, 200), repeat: int = 20) -> dict:
    """Median time and SQL statements of GET /warnings/ for a secretary over all students."""
    return page_times(
        env,
        [(str(size), {"PAGE_SIZE": size}, "/warnings/?sort=level") for size in page_sizes],
        repeat,
    )


def _child(env: dict, code: str, *args: str):
    """Run `code` in a Python process of its own; its last line of output read as JSON."""
    result = subprocess.run(
        [PY, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    lines = result.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else None


NO_LONGER_WARNED = """
import hashlib, json, sys
from collections import Counter
from portal import create_app
from portal.extensions import db
from portal.modules.warnings import explain
from portal.modules.warnings.models import Run
with create_app().app_context():
    run = db.session.get(Run, int(sys.argv[1]))
    listed = [[r.student.student_no, r.category, r.level, r.fate]
              for r in explain.run_changes(run)["dropped"]]
print(json.dumps({"listed": len(listed), "fates": dict(Counter(r[3] for r in listed)),
                  "digest": hashlib.sha256(json.dumps(listed).encode()).hexdigest()[:16]}))
"""
FIRST_RUN = (
    "SELECT min(r.id) FROM warnings_run r JOIN core_term t ON t.id = r.term_id "
    "WHERE t.code = :code AND r.college_id IS NULL"
)


def run_pages(env: dict, url: str, grades_next: Path, history_terms: list[str]):
    """A school's rosters published term after term (the history college's first seven,
    then the university term, by `flask warnings publish`), the university's next term
    imported and computed; then the page of each term's first run whose previous evaluation
    term has a published roster (2022-2023-2: 3,000 students; 2024-2025-2: 30,000), which
    lists who stood warned there and is no longer warned, with their fates. Returns the
    steps, the pages' figures, and what each page listed (a digest, to compare a change
    of the page's code against)."""
    flask = ["flask", "--app", "portal"]
    bench_user(env, "bench-publisher", "secretary", "leader")
    publish = [*flask, "warnings", "publish", "--ruleset", "anshan", "--as", "bench-publisher"]
    steps = [
        (f"warnings publish {term} (history)", run_step(env, *publish, "--term", term))
        for term in history_terms[:-1]
    ]
    steps += [
        ("warnings publish 2024-2025-1", run_step(env, *publish, "--term", "2024-2025-1")),
        (
            "import-grades (next term, 2024-2025-2)",
            run_step(env, *flask, "import-grades", str(grades_next)),
        ),
        (
            "warnings compute 2024-2025-2 (first run)",
            run_step(
                env, *flask, "warnings", "compute", "--term", "2024-2025-2", "--ruleset", "anshan"
            ),
        ),
    ]
    first = {term: value(url, FIRST_RUN, code=term) for term in ("2022-2023-2", "2024-2025-2")}
    pages = page_times(
        env, [(term, {}, f"/warnings/runs/{run_id}") for term, run_id in first.items()], repeat=5
    )
    listed = {term: _child(env, NO_LONGER_WARNED, str(run_id)) for term, run_id in first.items()}
    return steps, pages, listed


def database(kind: str) -> tuple[str, callable]:
    if kind == "sqlite":
        path = OUT / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}", lambda: None
    import psycopg

    # BENCH_PG_DB: several people benchmarking on one server each use their own database.
    name = os.environ.get("BENCH_PG_DB", "portal_bench")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"BENCH_PG_DB {name!r}: letters, digits and _ only")
    admin = "host=127.0.0.1 user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10x smaller, for a smoke run")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--no-openpyxl",
        action="store_true",
        help="skip the openpyxl reference read (minutes on a loaded machine)",
    )
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    students, history_students = 30000 // scale, 3000 // scale
    students_n = students
    OUT.mkdir(parents=True, exist_ok=True)
    numbers = [f"2021{i:06d}" for i in range(students)]
    history = [f"2019{i:06d}" for i in range(history_students)]
    files = {
        "roster": OUT / f"bench_roster_{students}.xlsx",
        "grades": OUT / f"bench_grades_{students}.xlsx",
        "history_roster": OUT / f"bench_history_roster_{history_students}.xlsx",
        "history": OUT / f"bench_history_{history_students}.xlsx",
        "grades_next": OUT / f"bench_grades_next_{students}.xlsx",
    }
    history_terms = [(f"{y}-{y + 1}", n) for y in range(2019, 2023) for n in (1, 2)]
    rows = {}
    if not files["grades"].exists():
        write_roster(files["roster"], numbers, "理学院")
        rows["grades"] = write_grades(files["grades"], numbers, [("2024-2025", 1)], 10, 1)
        write_roster(files["history_roster"], history, "历史学院")
        rows["history"] = write_grades(files["history"], history, history_terms, 10, 2)
    if not files["grades_next"].exists():
        write_grades(files["grades_next"], numbers, [("2024-2025", 2)], 10, 3)
    url, cleanup = database(args.db)
    env = host_env(FLASK_SQLALCHEMY_DATABASE_URI=url, FLASK_SECRET_KEY="b" * 40)
    flask = ["flask", "--app", "portal"]
    compute = [*flask, "warnings", "compute"]
    try:
        init_db(env)
        grade_rows = rows.get("grades") or _count_rows(files["grades"])
        results = [
            ("floor: calamine read of grades", run_step(env, "calamine", str(files["grades"]))),
            (
                "floor: bulk insert of the grades' rows",
                run_step(env, "bulk-insert", url, str(grade_rows)),
            ),
            *(
                []
                if args.no_openpyxl
                else [
                    (
                        "openpyxl read-only, bare read of grades",
                        run_step(env, "openpyxl", str(files["grades"])),
                    )
                ]
            ),
            (
                "import-students (roster)",
                run_step(env, *flask, "import-students", str(files["roster"])),
            ),
            (
                "import-grades (university term)",
                run_step(env, *flask, "import-grades", str(files["grades"])),
            ),
            (
                "import-grades again (unchanged)",
                run_step(env, *flask, "import-grades", str(files["grades"])),
            ),
            ("floor: GROUP BY of the term", run_step(env, "group-by", url, "2024-2025-1")),
            # Every `flask` step pays this before its work: read the computes' figures net of it.
            (
                "portal start-up (flask warnings --help)",
                run_step(env, *flask, "warnings", "--help"),
            ),
            *[
                (
                    f"warnings compute 2024-2025-1 {code}",
                    run_step(env, *compute, "--term", "2024-2025-1", "--ruleset", code),
                )
                for code in PRESETS
            ],
            (
                "warnings export 2024-2025-1",
                run_step(
                    env,
                    *flask,
                    "warnings",
                    "export",
                    "--term",
                    "2024-2025-1",
                    "--out",
                    str(OUT / "bench_export.xlsx"),
                ),
            ),
            (
                "import-students (history college)",
                run_step(env, *flask, "import-students", str(files["history_roster"])),
            ),
            (
                "import-grades (3,000 × 8 terms)",
                run_step(env, *flask, "import-grades", str(files["history"])),
            ),
            (
                "warnings compute 2022-2023-2 (8-term history)",
                run_step(env, *compute, "--term", "2022-2023-2", "--ruleset", "anshan"),
            ),
            (
                "floor: GROUP BY of the 8-term history",
                run_step(env, "group-by", url, "2022-2023-2"),
            ),
        ]
        # After the whole-process steps, so that these left every run as it was.
        in_process = {code: compute_in_process(env, "2024-2025-1", code) for code in PRESETS}
        in_process["history"] = compute_in_process(env, "2022-2023-2", "anshan")
        bench_user(env, "bench", "secretary")
        page = roster_page(env)
        # After every figure above: publishing changes what the roster page shows.
        published, runs, listed = run_pages(
            env, url, files["grades_next"], [f"{year}-{n}" for year, n in history_terms]
        )
    finally:
        cleanup()
    print(f"\ndatabase: {args.db}; students: {students}; history: {history_students} × 8 terms")
    print(f"{'step':48} {'seconds':>8} {'cpu s':>8} {'peak MB':>8}")
    for name, report in results:
        print(f"{name:48} {report['seconds']:>8} {report.get('cpu', ''):>8} {report['peak_mb']:>8}")
    by_name = dict(results)
    print("\nratios to the floors (wall | CPU):")
    for label, step, floor_steps, target in (
        (
            "import-grades ÷ (calamine read + bulk insert)",
            "import-grades (university term)",
            ("floor: calamine read of grades", "floor: bulk insert of the grades' rows"),
            3,
        ),
        (
            "re-import unchanged ÷ calamine read",
            "import-grades again (unchanged)",
            ("floor: calamine read of grades",),
            1,
        ),
    ):
        report = by_name[step]
        walls = sum(by_name[f]["seconds"] for f in floor_steps)
        cpus = sum(by_name[f].get("cpu", 0) for f in floor_steps)
        cpu = f"{report['cpu'] / cpus:.2f}" if cpus and "cpu" in report else "-"
        print(f"  {label:52} {report['seconds'] / walls:6.2f} | {cpu:>6} (target ≤ {target})")
    students = by_name["import-students (roster)"]
    print(
        f"  import-students of {students_n:,}: {students['seconds']} s wall, "
        f"{students.get('cpu', '-')} s CPU (target ≤ 2 s)"
    )
    group = by_name["floor: GROUP BY of the term"]
    for name, report in results:
        if name.startswith("warnings compute 2024"):
            cpu = f"{report['cpu'] / group['cpu']:.2f}" if group.get("cpu") else "-"
            print(
                f"  {name[17:]:52} {report['seconds'] / group['seconds']:6.2f} | {cpu:>6} "
                "(÷ GROUP BY; target ≤ 5, and ≤ 1 s)"
            )
    start = by_name["portal start-up (flask warnings --help)"]
    print(
        f"  (each compute includes the portal's start-up: {start['seconds']} s wall, "
        f"{start.get('cpu', '-')} s CPU)"
    )
    print("  the compute alone, timed in its process (no interpreter, no create_app):")
    for code, report in in_process.items():
        if code != "history":
            print(
                f"    {code:10} {report['seconds']:>6} s wall {report['cpu']:>6} s CPU "
                "(target ≤ 1 s)"
            )
    history = by_name["warnings compute 2022-2023-2 (8-term history)"]
    print(
        f"  8-term history compute: {history['seconds']} s wall, {history.get('cpu', '-')} s "
        f"CPU (target ≤ 1.5 s); in-process {in_process['history']['seconds']} s wall, "
        f"{in_process['history']['cpu']} s CPU"
    )
    imported = by_name["import-grades (university term)"]["seconds"]
    if "openpyxl read-only, bare read of grades" in by_name:
        reference = by_name["openpyxl read-only, bare read of grades"]["seconds"]
        print(f"\nimport ÷ openpyxl bare read: {imported / reference:.2f} (target ≤ 2)")
    slowest = max(r["seconds"] for n, r in results if n.startswith("warnings compute 2024"))
    print(f"compute 30,000-student term, slowest of the five presets: {slowest} s (target < 10 s)")
    print(
        f"largest peak of the portal's steps: "
        f"{max(r['peak_mb'] for n, r in results if not n.startswith('floor'))} MB "
        f"(target ≤ 400 MB; the calamine floor itself: "
        f"{by_name['floor: calamine read of grades']['peak_mb']} MB)"
    )
    for size, figures in page.items():
        print(
            f"roster page, {size} a page: {figures['ms']} ms, {figures['queries']} queries "
            "(target < 100 ms, constant)"
        )
    print("\nrun pages (a term's first run, its previous evaluation term published):")
    for name, report in published:
        print(
            f"  {name:46} {report['seconds']:>8} {report.get('cpu', ''):>8} {report['peak_mb']:>8}"
        )
    for term, figures in runs.items():
        print(
            f"  run page, first run of {term}: {figures['ms']} ms ({figures['cpu_ms']} ms CPU), "
            f"{figures['queries']} queries, {figures['kb']} KB (target < 1 s, constant); lists "
            f"{listed[term]['listed']} no longer warned {listed[term]['fates']} "
            f"(digest {listed[term]['digest']})"
        )
    print(
        json.dumps(
            {
                "results": results,
                "in_process": in_process,
                "page": page,
                "published": published,
                "run_pages": runs,
                "listed": listed,
            },
            ensure_ascii=False,
        ),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
