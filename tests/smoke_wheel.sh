#!/usr/bin/env bash
# The portal as a wheel: build it, install it into a fresh virtual environment outside the
# source tree, and use it from another directory: init-db, demo, the log-in page in Chinese,
# a password change through the web, an import (tests/smoke_wheel.py). Run by .ci/run.
set -euo pipefail
source_tree="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
PY="${PY:-$source_tree/.venv/bin/python}"

rm -rf "$source_tree/build"  # setuptools' staging area: a file deleted since must not ship
"$PY" -m pip wheel -q --no-deps -w "$work/dist" "$source_tree"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --no-warn-script-location "$work"/dist/portal-*.whl 2>&1 \
  | { grep -v "is ignored: it is neither a file nor a directory" || true; }
cp "$source_tree/tests/smoke_wheel.py" "$work/"
mkdir "$work/elsewhere" && cd "$work/elsewhere"
export FLASK_SQLALCHEMY_DATABASE_URI="sqlite:///$work/smoke.sqlite3"
"$work/venv/bin/flask" --app portal init-db 2>/dev/null
"$work/venv/bin/flask" --app portal demo > "$work/accounts.tsv" 2>/dev/null
"$work/venv/bin/python" "$work/smoke_wheel.py" "$source_tree"
