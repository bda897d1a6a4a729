"""Issue 21: the portal's start-up, which every command and worker pays, loads no library a
command or request can load on first use, and keeps the defusedxml guard (check 21)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Libraries a start-up must not import: each is loaded by the code that uses it.
LAZY = ("openpyxl", "alembic", "flask_migrate", "mako", "cryptography", "python_calamine")


def _run(code: str, tmp_path, **env) -> subprocess.CompletedProcess:
    settings = {
        **os.environ,
        "PORTAL_INSTANCE_PATH": str(tmp_path / "instance"),
        "FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "FLASK_SECRET_KEY": "s" * 40,
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code], env=settings, capture_output=True, text=True, timeout=120
    )


def test_issue21_start_up_leaves_heavy_libraries_to_their_first_use(tmp_path):
    done = _run(
        "import json, sys\n"
        "from portal import create_app\n"
        "create_app()\n"
        f"print(json.dumps([m for m in {LAZY!r} if m in sys.modules]))",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_issue21_start_up_refuses_openpyxl_without_defusedxml(tmp_path):
    done = _run(
        "from portal import create_app\ncreate_app()", tmp_path, OPENPYXL_DEFUSEDXML="False"
    )
    assert done.returncode != 0
    assert "openpyxl is not using defusedxml" in done.stderr


def test_issue21_an_export_loads_openpyxl_through_the_guard(tmp_path):
    done = _run(
        "import openpyxl\n"
        "openpyxl.DEFUSEDXML = False\n"  # as if defusedxml were missing when it was imported
        "from portal.core import export\n"
        "export.workbook_bytes([export.Sheet('s', ['a'], [[1]])])",
        tmp_path,
    )
    assert done.returncode != 0
    assert "openpyxl is not using defusedxml" in done.stderr


def test_issue21_flask_db_still_runs_flask_migrate(app):
    listed = app.test_cli_runner().invoke(args=["--help"])
    assert "Perform database migrations." in listed.output
    shown = app.test_cli_runner().invoke(args=["db", "--help"])
    assert shown.exit_code == 0, shown.output
    for command in ("upgrade", "downgrade", "current", "history", "stamp"):
        assert command in shown.output
    current = app.test_cli_runner().invoke(args=["db", "current"])
    assert current.exit_code == 0, current.output
