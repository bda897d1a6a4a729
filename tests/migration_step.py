"""One migration's module, and one of its steps run on a test's own connection: data
migrations are tested on the rows a test made, rolled back with it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.operations import Operations


def migration(app, revision: str):
    directory = Path(app.extensions["migrate"].directory) / "versions"
    [path] = directory.glob(f"*_{revision}_*.py")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_step(db, step) -> None:
    """One migration step on the test's own connection (rolled back with the test)."""
    with Operations.context(MigrationContext.configure(db.session.connection())):
        step()
    db.session.expire_all()
