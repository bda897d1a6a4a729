"""The import targets of issue 21 beside their floors, best of N (CPU) on a loaded machine.

    .venv/bin/python bench/import_floor_bench.py [--quick] [--db sqlite|postgres] [--repeat 3]

The files of bench/warnings_bench.py (written there once, under bench/out/): the 30,000
students' roster and their university term of grades. Each step runs in its own process
(bench/_peak.py: wall, CPU user+sys, peak RSS, start-up included), N times; the best CPU
of the N is compared, as wall time on a shared machine says more about the neighbours:

- floors: the calamine read of the grades, the bulk insert of their rows, and starting
  the app (`flask --help`: what every command pays before importing anything);
- import-students of the roster into an empty database (the database is made anew for
  each of the N);
- import-grades of the term once, then the same file again N times (unchanged).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import init_db  # noqa: E402
from _env import host_env  # noqa: E402
from warnings_bench import (  # noqa: E402
    OUT,
    _count_rows,
    database,
    run_step,
    write_grades,
    write_roster,
)

FLASK = ["flask", "--app", "portal"]


def best(reports: list[dict]) -> dict:
    return min(reports, key=lambda report: report["cpu"])


def fresh(kind: str) -> tuple[dict, callable, str]:
    url, cleanup = database(kind)
    env = host_env(FLASK_SQLALCHEMY_DATABASE_URI=url, FLASK_SECRET_KEY="b" * 40)
    init_db(env)
    return env, cleanup, url


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="10x smaller, for a smoke run")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    students = 30000 // (10 if args.quick else 1)
    OUT.mkdir(parents=True, exist_ok=True)
    roster, grades = OUT / f"bench_roster_{students}.xlsx", OUT / f"bench_grades_{students}.xlsx"
    if not grades.exists():
        numbers = [f"2021{i:06d}" for i in range(students)]
        write_roster(roster, numbers, "理学院")
        write_grades(grades, numbers, [("2024-2025", 1)], 10, 1)
    rows, n = _count_rows(grades), args.repeat
    results = {}
    imports = []
    for _ in range(n):
        env, cleanup, url = fresh(args.db)
        try:
            imports.append(run_step(env, *FLASK, "import-students", str(roster)))
            if len(imports) == n:  # the last database keeps its students for the grades
                results["floor: calamine read of grades"] = best(
                    [run_step(env, "calamine", str(grades)) for _ in range(n)]
                )
                results["floor: bulk insert of the grades' rows"] = best(
                    [run_step(env, "bulk-insert", url, str(rows)) for _ in range(n)]
                )
                results["start-up (flask --help)"] = best(
                    [run_step(env, *FLASK, "--help") for _ in range(n)]
                )
                results["import-grades (university term)"] = run_step(
                    env, *FLASK, "import-grades", str(grades)
                )
                results["import-grades again (unchanged)"] = best(
                    [run_step(env, *FLASK, "import-grades", str(grades)) for _ in range(n)]
                )
        finally:
            cleanup()
    results["import-students (roster)"] = best(imports)
    print(f"\ndatabase: {args.db}; {students:,} students, {rows:,} grade rows; best CPU of {n}")
    print(f"{'step':44} {'seconds':>8} {'cpu s':>8} {'peak MB':>8}")
    for name, report in results.items():
        print(f"{name:44} {report['seconds']:>8} {report['cpu']:>8} {report['peak_mb']:>8}")
    read = results["floor: calamine read of grades"]["cpu"]
    write = results["floor: bulk insert of the grades' rows"]["cpu"]
    start = results["start-up (flask --help)"]["cpu"]
    full = results["import-grades (university term)"]["cpu"]
    again = results["import-grades again (unchanged)"]["cpu"]
    roster_cpu = results["import-students (roster)"]["cpu"]
    print("\nCPU, start-up included (net of start-up in brackets):")
    print(
        f"  import-grades ÷ (calamine read + bulk insert): {full / (read + write):.2f} "
        f"({(full - start) / (read + write):.2f}) (target ≤ 3)"
    )
    print(
        f"  unchanged re-import ÷ calamine read: {again / read:.2f} "
        f"({(again - start) / read:.2f}) (target ≤ 1)"
    )
    print(
        f"  import-students of {students:,}: {roster_cpu} s ({roster_cpu - start:.2f} s) "
        "(target ≤ 2 s)"
    )
    peak = max(r["peak_mb"] for name, r in results.items() if not name.startswith("floor"))
    print(f"  largest peak of the portal's steps: {peak} MB (target ≤ 400 MB)")


if __name__ == "__main__":
    main()
