"""Read time and peak memory of the spreadsheet readers on large grade sheets.

    .venv/bin/python bench/xlsx_read.py [--rows 300000] [--readers calamine,stream,...]

Generates (once, with openpyxl write-only) grades-like sheets under bench/out/:
300,000 rows × 10 columns, 300,000 rows × 32 columns (a real 教务 export
carries 30+), and a tiny sheet whose last value sits in J1048576 (the
"formatted down to the last row" shape). Each reader then runs in its own
subprocess, which reports its wall time and VmHWM (peak RSS), so the figures
include the interpreter (its baseline is printed too).

Readers: calamine (python-calamine iter_rows), openpyxl (read_only,
values_only), stream (portal.core.xlsx_stream), read_table (the full
portal.core.xlsx.read_table with header mapping, as an import would use it).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from _common import GRADE_FIELDS, grade_headers

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
READERS = ("calamine", "openpyxl", "stream", "read_table")

EXTRA_HEADERS = [
    "班级",
    "专业",
    "学院",
    "年级",
    "教学班",
    "任课教师",
    "开课学院",
    "课程性质",
    "课程类别",
    "考核方式",
    "学时",
    "选课课号",
    "是否成绩作废",
    "备注",
    "平时成绩",
    "期中成绩",
    "期末成绩",
    "实验成绩",
    "补考成绩",
    "重修成绩",
    "补重学期",
    "录入时间",
]


# --- generating ---------------------------------------------------------------------


def base_headers() -> list[str]:
    """The grades columns every generated file starts with, named as the portal reads them."""
    return grade_headers(*GRADE_FIELDS, "degree", "grade_point")


def _pools(rng: random.Random) -> dict[str, list]:
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
    return {
        "names": [
            rng.choice(surnames) + rng.choice(given) + rng.choice(given) for _ in range(5000)
        ],
        "courses": [(f"B{1000 + i:05d}", f"课程{i}（{rng.choice('ABCD')}）") for i in range(1500)],
        "teachers": [rng.choice(surnames) + rng.choice(given) for _ in range(800)],
        "classes": [f"生物{y}{k:02d}班" for y in range(20, 25) for k in range(1, 41)],
        "words": ["优秀", "良好", "中等", "及格", "不及格", "缺考"],
        "terms": [f"{y}-{y + 1}-{n}" for y in range(2020, 2025) for n in (1, 2)],
    }


def _row(rng: random.Random, p: dict, i: int, cols: int) -> list:
    code, course = rng.choice(p["courses"])
    score = rng.choice(p["words"]) if rng.random() < 0.1 else rng.randint(30, 100)
    row = [
        2020000000 + i // 40,
        p["names"][(i // 40) % 5000],
        rng.choice(p["terms"]),
        code,
        course,
        rng.choice([1, 1.5, 2, 2.5, 3, 4]),
        score,
        rng.choice(["正考", "正考", "正考", "补考", "重修"]),
        rng.choice(["是", "否"]),
        round(rng.uniform(0, 5), 1),
    ]
    if cols > 10:
        extra = [
            rng.choice(p["classes"]),
            "生物科学",
            "生命科学学院",
            2020 + rng.randint(0, 4),
            f"{code}-{rng.randint(1, 9):02d}",
            rng.choice(p["teachers"]),
            "生命科学学院",
            "必修",
            "专业基础",
            "考试",
            48,
            f"({code})-{rng.randint(1, 99)}",
            "否",
            "",
            rng.randint(60, 100),
            rng.randint(40, 100),
            rng.randint(20, 100),
            rng.randint(50, 100),
            "",
            "",
            "",
            "2025-01-15 10:00",
        ]
        row += extra[: cols - 10]
    return row


def generate(path: Path, rows: int, cols: int, shared: bool = False) -> None:
    """write-only mode stores text inline; shared=True uses the shared-strings table, as Excel
    does (openpyxl then holds the whole sheet in memory, so keep those files small)."""
    from openpyxl import Workbook

    rng = random.Random(cols)
    pools = _pools(rng)
    wb = Workbook(write_only=not shared)
    ws = wb.active if shared else wb.create_sheet("成绩")
    ws.append(["XX大学学生成绩表"])
    ws.append(["导出时间：2025-01-20"])
    ws.append((base_headers() + EXTRA_HEADERS)[:cols])
    for i in range(rows):
        ws.append(_row(rng, pools, i, cols))
    ws.append(["合计"])
    tmp = path.with_suffix(".tmp")
    wb.save(tmp)
    tmp.rename(path)


def generate_far_cell(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(base_headers())
    for i in range(20):
        ws.append([2021000 + i, "张三", "2024-2025-1", "B1", "课程", 2, 80, "正考", "否", 3])
    ws["J1048576"] = " "  # one stray value, as left by "format down to the end"
    wb.save(path)


# --- measuring (child process) ---------------------------------------------------------


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> None:
    """Start VmHWM again from the current RSS (Linux >= 4.0), so import peaks don't hide it."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _count_calamine(path: str) -> tuple[int, int]:
    from python_calamine import CalamineWorkbook

    rows = cells = 0
    with CalamineWorkbook.from_path(path) as wb:
        for row in wb.get_sheet_by_index(0).iter_rows():
            rows += 1
            cells += sum(1 for v in row if v != "")
    return rows, cells


def _count_openpyxl(path: str) -> tuple[int, int]:
    from openpyxl import load_workbook

    rows = cells = 0
    wb = load_workbook(path, read_only=True, data_only=True)
    for row in wb.worksheets[0].iter_rows(values_only=True):
        rows += 1
        cells += sum(1 for v in row if v is not None)
    wb.close()
    return rows, cells


def _count_stream(path: str) -> tuple[int, int]:
    from portal.core.xlsx_stream import iter_rows

    rows = cells = 0
    for _, values in iter_rows(path):
        rows += 1
        cells += sum(1 for v in values if v is not None)
    return rows, cells


def _count_read_table(path: str) -> tuple[int, int]:
    from portal.core.xlsx import read_table

    columns = {
        "student_no": ["学号"],
        "name": ["姓名"],
        "term": ["学年学期"],
        "course_code": ["课程代码"],
        "course_name": ["课程名称"],
        "credits": ["学分"],
        "score": ["成绩"],
        "exam_kind": ["考试性质"],
        "degree": ["是否学位课"],
        "grade_point": ["绩点"],
        "makeup_score": ["补考成绩"],
        "void": ["是否成绩作废"],
    }
    rows = cells = 0
    # kind="xlsx" skips the pre-check: the big bench files are over its 50 MB limit.
    for row in read_table(path, columns=columns, required=["student_no"], kind="xlsx"):
        rows += 1
        cells += sum(1 for v in row.values.values() if v is not None)
    return rows, cells


def child(reader: str, path: str) -> None:
    sys.path.insert(0, str(ROOT))
    counter = globals()[f"_count_{reader}"]
    # Import cost belongs to the baseline, not to the reader.
    import openpyxl  # noqa: F401
    import python_calamine  # noqa: F401

    import portal.core.xlsx  # noqa: F401

    _reset_peak()
    baseline = _status_mb("VmRSS")
    start = time.perf_counter()
    rows, cells = counter(path)
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - start,
                "peak_mb": _status_mb("VmHWM"),
                "baseline_mb": baseline,
                "rows": rows,
                "cells": cells,
            }
        )
    )


# --- driver ---------------------------------------------------------------------------


def measure(reader: str, path: Path, timeout: int) -> dict:
    cmd = [sys.executable, __file__, "--child", reader, str(path)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout {timeout}s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[0][:60]
        return {"error": f"exit {done.returncode}: {last}"}
    return json.loads(done.stdout)


def _describe(path: Path) -> str:
    sys.path.insert(0, str(ROOT))
    from portal.core.xlsx import WorkbookRejected, precheck

    with zipfile.ZipFile(path) as z:
        unpacked = sum(i.file_size for i in z.infolist())
    try:
        start = time.perf_counter()
        precheck(path, filename=path.name)
        verdict = f"pre-check passes in {(time.perf_counter() - start) * 1000:.0f} ms"
    except WorkbookRejected as e:
        verdict = f"pre-check refuses: {e}"
    return (
        f"{path.stat().st_size / 2**20:.1f} MB zip, {unpacked / 2**20:.0f} MB unpacked; {verdict}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=300_000)
    ap.add_argument("--readers", default=",".join(READERS))
    ap.add_argument("--regen", action="store_true")
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--child", nargs=2, metavar=("READER", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(*args.child)

    OUT.mkdir(parents=True, exist_ok=True)
    # (rows, columns, shared strings); 20,000 × 32 with inline strings is about the largest
    # export the 50 MB pre-check admits.
    shapes = [
        (args.rows, 10, False),
        (args.rows, 32, False),
        (20_000, 32, False),
        (50_000, 32, True),
    ]
    files = [
        OUT / f"grades_{rows}x{cols}{'_sst' if sst else ''}.xlsx" for rows, cols, sst in shapes
    ]
    for path, (rows, cols, sst) in zip(files, shapes, strict=True):
        if args.regen or not path.exists():
            t = time.perf_counter()
            generate(path, rows, cols, sst)
            print(f"generated {path.name} in {time.perf_counter() - t:.0f} s", flush=True)
    files.append(OUT / "far_cell_J1048576.xlsx")
    if args.regen or not files[-1].exists():
        generate_far_cell(files[-1])

    print(
        "peak MB = VmHWM of the reading subprocess, reset after imports (baseline = its RSS "
        "then); growth = peak - baseline"
    )
    print(f"\n{'reader':<11} {'time s':>8} {'peak MB':>8} {'growth MB':>10} {'rows':>8}")
    for path in files:
        print(f"{path.name}: {_describe(path)}")
        for reader in args.readers.split(","):
            r = measure(reader, path, args.timeout)
            if "error" in r:
                print(f"{reader:<11} {r['error']}", flush=True)
                continue
            print(
                f"{reader:<11} {r['seconds']:>8.1f} {r['peak_mb']:>8.0f} "
                f"{r['peak_mb'] - r['baseline_mb']:>10.0f} {r['rows']:>8}",
                flush=True,
            )


if __name__ == "__main__":
    main()
