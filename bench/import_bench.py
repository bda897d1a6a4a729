"""Import figures of security.md ("Figures the reliability bench should report" → Import).

    .venv/bin/python bench/import_bench.py [--quick] [--db URL]

Builds the demo college in a fresh database (a temporary SQLite file unless --db names a
PostgreSQL database, which is created if missing and emptied), writes the files below into
a temporary folder and runs `flask import-grades FILE` once per file, each in its own
process through bench/_peak.py, which reports wall time and peak RSS (VmHWM). Both include
starting the app; the first line gives that baseline (an empty file refused, median of
three), and "(+N)" after a peak is the growth over it.

- Good sheets of 5,000 and 20,000 rows (500 and 2,000 with --quick): total time, rows per
  second, peak memory.
- Bad files, the hostile set of tests/core/test_xlsx.py and more (zip bomb, billion laughs,
  XXE, macros, renamed CSV/HTML, swapped .xls/.xlsx, damaged XML, a 3M-string shared-strings
  table, one row of 3.3M cells, rich text nested 1M deep, a sheet formatted down to row 1,048,576, formulas in score cells, control
  characters, an unknown student and an out-of-range score after valid rows): time and peak
  memory to refuse, exit status, the first line of the message, and the rows of
  core_grade_record before and after (nothing written).

Some files may be read rather than refused (the formatted sheet, formulas, control
characters): their lines say "read" and what was stored. "!!" marks a finding: a file that
should be refused but was read, a refusal that wrote rows, took over 2 s or 300 MB, a crash,
or /etc/passwd in the output. The command line allows 2 GB unpacked (CLI_IMPORT_MAX_UNPACKED)
where web uploads allow 50 MB; the compression-ratio and part limits are the same.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _hostile_files import Case, bad_cases, good_rows, write_workbook  # noqa: E402,I001
from load_bench import environment, prepare  # noqa: E402

PY = sys.executable
SLOW_SECONDS, HEAVY_MB = 2, 300  # a refusal past these (after start-up) is a finding


def run_import(env: dict, path: Path) -> dict:
    """Time, peak, exit status and the first line shown, of one import in its own process."""
    started = time.perf_counter()
    result = subprocess.run(
        [
            PY,
            str(ROOT / "bench" / "_peak.py"),
            "flask",
            "--app",
            "portal",
            "import-grades",
            str(path),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = result.stderr.strip().splitlines()
    try:
        report = json.loads(lines.pop())
    except (IndexError, ValueError):  # _peak.py died before reporting: a crash
        report = {
            "seconds": round(time.perf_counter() - started, 2),
            "peak_mb": 0,
            "exit": f"crash {result.returncode}",
        }
        lines = lines[-1:]
    shown = [line for line in lines + result.stdout.splitlines() if line.strip()]
    report["message"] = shown[0] if shown else ""
    report["leaked"] = "root:" in result.stdout + result.stderr
    return report


def grade_rows(engine) -> int:
    from sqlalchemy import text

    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM core_grade_record")).scalar()


def student_numbers(engine) -> list[str]:
    from sqlalchemy import text

    with engine.connect() as connection:
        return list(
            connection.execute(
                text("SELECT student_no FROM core_student ORDER BY student_no")
            ).scalars()
        )


@dataclass(frozen=True)
class Result:
    report: dict
    before: int  # rows in core_grade_record before the import
    after: int

    @property
    def refused(self) -> bool:
        return self.report["exit"] != 0


@dataclass(frozen=True)
class Baseline:
    """Starting the app and refusing an empty file: the floor under every figure."""

    seconds: float
    peak_mb: int


def measure(env: dict, engine, path: Path) -> Result:
    before = grade_rows(engine)
    report = run_import(env, path)
    return Result(report, before, grade_rows(engine))


def measure_baseline(env: dict, engine, folder: Path) -> Baseline:
    """Median of three empty-file refusals: one alone is noisy on a busy machine."""
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    reports = sorted(
        (measure(env, engine, path).report for _ in range(3)), key=lambda report: report["seconds"]
    )
    line = (
        f"{'start-up (empty file, median of 3)':34} {reports[1]['seconds']:6.2f} s   "
        f"peak {reports[1]['peak_mb']:4} MB   exit {reports[1]['exit']}   "
        f'"{reports[1]["message"]}"'
    )
    print(line, flush=True)
    return Baseline(reports[1]["seconds"], reports[1]["peak_mb"])


def figures(result: Result, baseline: Baseline) -> str:
    report = result.report
    return (
        f"{report['seconds']:6.2f} s   peak {report['peak_mb']:4} MB "
        f"({report['peak_mb'] - baseline.peak_mb:+4})   exit {report['exit']}"
    )


def good_line(rows: int, result: Result, baseline: Baseline) -> str:
    seconds = result.report["seconds"]
    net = seconds - baseline.seconds
    after_start = f"{rows / net:,.0f}" if net > 0.05 else "n/a"
    written = result.after - result.before
    flag = "" if not result.refused and written == rows else "   !! not all rows written"
    return (
        f"{f'good {rows:,} rows':34} {figures(result, baseline)}   "
        f"{rows / seconds:,.0f} rows/s ({after_start} after start-up)   "
        f"rows {result.before:,} → {result.after:,}{flag}"
    )


def findings(case: Case, result: Result, baseline: Baseline) -> list[str]:
    report, found = result.report, []
    if not isinstance(report["exit"], int):
        found.append("crashed")
    if case.expect == "refuse" and not result.refused:
        found.append("NOT REFUSED")
    if result.refused and result.after != result.before:
        found.append("refused but wrote rows")
    if result.refused and report["seconds"] - baseline.seconds > SLOW_SECONDS:
        found.append(f"refusal over {SLOW_SECONDS} s after start-up")
    if report["peak_mb"] > HEAVY_MB:
        found.append(f"peak over {HEAVY_MB} MB")
    if report["leaked"]:
        found.append("/etc/passwd in the output")
    return found


def bad_line(case: Case, result: Result, baseline: Baseline, engine) -> str:
    written = result.after - result.before
    message = result.report["message"]
    message = message if len(message) <= 60 else message[:59] + "…"
    line = (
        f"{case.label:34} {figures(result, baseline)}   "
        f"{'refused' if result.refused else 'read   '}   rows {result.before:,} → "
        f"{result.after:,} ({f'+{written:,} written' if written else 'nothing written'})"
        f'   "{message}"'
    )
    if case.check and not result.refused:
        line += f"   {case.check(engine)}"
    found = findings(case, result, baseline)
    return line + ("   !! " + "; ".join(found) if found else "")


def summary(tried: list[tuple[Case, Result]], baseline: Baseline) -> list[str]:
    refused = [(c, r) for c, r in tried if r.refused]
    read = [c.label for c, r in tried if not r.refused]
    wrong = [c.label for c, r in tried if not r.refused and c.expect == "refuse"]
    wrote = [c.label for c, r in refused if r.after != r.before]
    slowest = max(refused, key=lambda cr: cr[1].report["seconds"])
    heaviest = max(refused, key=lambda cr: cr[1].report["peak_mb"])
    return [
        f"bad files: {len(tried)} tried, {len(refused)} refused, {len(read)} read "
        f"({'; '.join(read) or '-'}); read but should be refused: {len(wrong)}; "
        f"refusals that wrote rows: {len(wrote)}",
        f"slowest refusal: {slowest[0].label}, {slowest[1].report['seconds']:.2f} s "
        f"({slowest[1].report['seconds'] - baseline.seconds:.2f} s after start-up); "
        f"largest: {heaviest[0].label}, peak {heaviest[1].report['peak_mb']} MB "
        f"(+{heaviest[1].report['peak_mb'] - baseline.peak_mb} MB over start-up)",
    ]


def ensure_database(url: str) -> None:
    """Create the named PostgreSQL database when missing; never use `postgres` itself."""
    from sqlalchemy.engine import make_url

    target = make_url(url)
    if target.database in (None, "", "postgres", "template0", "template1"):
        raise SystemExit("--db must name a bench database, not the postgres database itself")
    import psycopg
    from psycopg import sql

    admin = target.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        if not conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (target.database,)
        ).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.database)))


def run(url: str, quick: bool, folder: Path) -> None:
    from sqlalchemy import create_engine

    if url.startswith("postgresql"):
        ensure_database(url)
    prepare(url)  # empties a PostgreSQL schema, then builds the demo college
    env, engine = environment(url), create_engine(url)
    numbers = student_numbers(engine)
    print(
        f"{url.split(':')[0]}, {len(numbers)} students (demo college), flask import-grades; "
        "times and peaks include starting the app, (+N) is the peak over start-up's"
    )
    baseline = measure_baseline(env, engine, folder)
    for rows, term, prefix in ((500, "2025-2026-1", "G5K"), (2000, "2025-2026-2", "G20K")):
        rows = rows if quick else rows * 10
        path = folder / f"good_{rows}.xlsx"
        write_workbook(path, good_rows(numbers, rows, term, prefix))
        print(good_line(rows, measure(env, engine, path), baseline), flush=True)
    tried = []
    for case in bad_cases(quick):
        path = folder / case.filename
        case.build(path, numbers)
        result = measure(env, engine, path)
        print(bad_line(case, result, baseline, engine), flush=True)
        tried.append((case, result))
    print("\n" + "\n".join(summary(tried, baseline)))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="postgresql+psycopg://… (default: a temporary SQLite file)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="500- and 2,000-row sheets, a smaller strings table: a smoke run",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="import_bench_") as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'import.sqlite3'}"
        run(url, args.quick, Path(folder))


if __name__ == "__main__":
    main()
