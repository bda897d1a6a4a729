"""Bad inputs tried versus refused, as the reliability bench reports them (security.md,
"Figures the reliability bench should report" → "Bad inputs tried").

    .venv/bin/python bench/bad_inputs.py

Runs the tests that try them (the permission matrix, the other-college scope walk, hostile
text on every page, CSRF on every POST route, the hostile workbooks, import rows out of the
uploader's scope or creating units without permission) with $PORTAL_TALLY
set, so each passing test appends what it tried and how many were answered as required;
prints one line per kind. A test that fails writes nothing and is listed as failed.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = [
    "tests/test_matrix.py",
    "tests/test_hostile_text.py",
    "tests/core/test_csrf_and_get.py::test_every_post_route_refuses_a_missing_token",
    "tests/core/test_xlsx.py",
    "tests/core/test_imports_scope.py",
    "tests/core/test_issue15_web.py",
]
HOSTILE_WORKBOOK_WORDS = ("refused", "rejection", "rejected", "bomb", "attacks")


class Outcomes:
    """Collects which tests passed and failed."""

    def __init__(self):
        self.passed: list[str] = []
        self.failed: list[str] = []

    def pytest_runtest_logreport(self, report):
        if report.when == "call":
            (self.passed if report.passed else self.failed).append(report.nodeid)


def main() -> int:
    tally = Path(tempfile.mkdtemp()) / "tally.jsonl"
    os.environ["PORTAL_TALLY"] = str(tally)
    os.chdir(ROOT)
    outcomes = Outcomes()
    pytest.main(["-q", "-p", "no:cacheprovider", *TESTS], plugins=[outcomes])
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line in tally.read_text(encoding="utf-8").splitlines() if tally.exists() else []:
        entry = json.loads(line)
        rows[entry["kind"]][0] += entry["tried"]
        rows[entry["kind"]][1] += entry["refused"]
    workbook = [
        n
        for n in outcomes.passed + outcomes.failed
        if "test_xlsx" in n and any(word in n for word in HOSTILE_WORKBOOK_WORDS)
    ]
    rows["hostile workbooks (unit cases)"] = [
        len(workbook),
        len([n for n in workbook if n in outcomes.passed]),
    ]
    print("\nbad inputs: tried, answered as required")
    for kind, (tried, refused) in sorted(rows.items()):
        print(f"  {kind:58} {tried:6,} {refused:6,}")
    print("  (whole hostile files through the import command: bench/import_bench.py)")
    for name in outcomes.failed:
        print(f"  FAILED {name}")
    return 1 if outcomes.failed else 0


if __name__ == "__main__":
    sys.exit(main())
