"""Run a command in this process and report its wall time and peak RSS (VmHWM) as JSON.

    python bench/_peak.py flask --app portal import-grades FILE
    python bench/_peak.py openpyxl FILE
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


def main() -> None:
    args = sys.argv[1:]
    started = time.perf_counter()
    code = 0
    if args[0] == "openpyxl":
        read_with_openpyxl(args[1])
    else:
        from flask.cli import main as flask_main

        sys.argv = args
        try:
            flask_main()
        except SystemExit as exit_:
            code = exit_.code or 0
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": round(elapsed, 2), "cpu": round(usage.ru_utime + usage.ru_stime, 2),
                      "peak_mb": round(peak_mb()), "exit": code}), file=sys.stderr)


if __name__ == "__main__":
    main()
