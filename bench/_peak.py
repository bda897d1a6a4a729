"""Run a command in this process and report its wall time and peak RSS (VmHWM) as JSON.

python bench/_peak.py flask --app portal import-grades FILE
python bench/_peak.py openpyxl FILE
python bench/_peak.py calamine FILE          (the read floor)
python bench/_peak.py bulk-insert DB_URL ROWS  (the write floor)
python bench/_peak.py group-by DB_URL TERM     (the compute floor: one SQL GROUP BY)
"""

import json
import resource
import sys
import time


def peak_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def read_with_openpyxl(path: str) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    count = sum(1 for _ in book.active.iter_rows(values_only=True))
    book.close()
    return count


def read_with_calamine(path: str) -> int:
    """The read floor: python-calamine (Rust) reads the whole sheet into rows."""
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(path) as book:
        return sum(1 for _ in book.get_sheet_by_index(0).iter_rows())


def bulk_insert(url: str, rows: int) -> None:
    """The write floor: `rows` grade-shaped tuples into a scratch table, one transaction
    (SQLite executemany, PostgreSQL COPY)."""
    from decimal import Decimal

    data = [
        (
            i // 11,
            1,
            f"C{i % 11:03d}",
            "regular",
            f"课程{i % 11}",
            Decimal("3.00"),
            Decimal("78.00"),
            "78",
            True,
            False,
            False,
            i % 3 == 0,
            None,
            None,
        )
        for i in range(rows)
    ]
    columns = (
        "student_id int, term_id int, course_code varchar(40), kind varchar(10), "
        "course_name varchar(200), credits numeric(5,2), score numeric(6,2), "
        "score_text varchar(20), passed boolean, absent boolean, ignored boolean, "
        "degree_course boolean, grade_point numeric(4,2), course_type varchar(40)"
    )
    if url.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(url.split("///", 1)[1])
        conn.execute("DROP TABLE IF EXISTS floor_insert")
        conn.execute(f"CREATE TABLE floor_insert (id integer primary key, {columns})")
        data = [tuple(str(v) if isinstance(v, Decimal) else v for v in row) for row in data]
        with conn:
            conn.executemany(
                "INSERT INTO floor_insert (student_id, term_id, course_code, kind, "
                "course_name, credits, score, score_text, passed, absent, ignored, "
                "degree_course, grade_point, course_type) VALUES "
                "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                data,
            )
        conn.execute("DROP TABLE floor_insert")
        conn.close()
        return
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        conn.execute("DROP TABLE IF EXISTS floor_insert")
        conn.execute(f"CREATE TABLE floor_insert (id serial primary key, {columns})")
        with conn.cursor().copy(
            "COPY floor_insert (student_id, term_id, course_code, kind, "
            "course_name, credits, score, score_text, passed, absent, "
            "ignored, degree_course, grade_point, course_type) FROM STDIN"
        ) as copy:
            for row in data:
                copy.write_row(row)
        conn.execute("DROP TABLE floor_insert")


def group_by(url: str, term: str) -> int:
    """The compute floor: per student of the term, credits, failed credits and the
    credit-weighted score sum, in one GROUP BY over the grade records, all rows fetched."""
    from _common import rows

    found = rows(
        url,
        "SELECT g.student_id, SUM(g.credits), "
        "SUM(CASE WHEN g.passed THEN 0 ELSE g.credits END), SUM(g.credits * g.score), "
        "COUNT(*) FROM core_grade_record g JOIN core_term t ON t.id = g.term_id "
        "WHERE t.code = :term AND NOT g.ignored GROUP BY g.student_id",
        term=term,
    )
    return len(found)


def main() -> None:
    args = sys.argv[1:]
    started = time.perf_counter()
    code = 0
    if args[0] == "openpyxl":
        read_with_openpyxl(args[1])
    elif args[0] == "calamine":
        read_with_calamine(args[1])
    elif args[0] == "group-by":
        group_by(args[1], args[2])
    elif args[0] == "bulk-insert":
        bulk_insert(args[1], int(args[2]))
    else:
        from flask.cli import main as flask_main

        sys.argv = args
        try:
            flask_main()
        except SystemExit as exit_:
            code = exit_.code or 0
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "seconds": round(elapsed, 2),
                "cpu": round(usage.ru_utime + usage.ru_stime, 2),
                "peak_mb": round(peak_mb()),
                "exit": code,
            }
        ),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
