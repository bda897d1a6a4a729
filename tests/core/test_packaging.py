"""Installable as a package: data found through the package, never beside it (issue 20).

The wheel itself is built, installed and used from outside the tree by tests/smoke_wheel.sh
(.ci/run); these check the source side of it quickly."""

from __future__ import annotations

import re
from pathlib import Path

from portal import package_directory

PACKAGE = Path(__file__).resolve().parents[2] / "portal"
TOP = PACKAGE.parent


def test_no_data_file_found_by_climbing_out_of_the_package():
    climbing = re.compile(r"parents\[|parent\.parent|\bROOT\b")
    offenders = [
        f"{path.relative_to(TOP)}:{number}"
        for path in PACKAGE.rglob("*.py")
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if climbing.search(line)
    ]
    assert offenders == []


def test_editable_install_maps_the_top_level_catalogues_and_migrations_into_the_package(app):
    # `flask i18n update/compile` and `flask db revision` keep writing the top-level dirs.
    assert package_directory("portal.translations") == TOP / "translations"
    assert package_directory("portal.migrations") == TOP / "migrations"
    assert app.config["BABEL_TRANSLATION_DIRECTORIES"] == str(TOP / "translations")
    assert app.extensions["migrate"].directory == str(TOP / "migrations")


def test_the_wheel_carries_every_data_file_as_package_data():
    text = (TOP / "pyproject.toml").read_text("utf-8")
    for entry in (
        '"portal.core" = ["common_passwords.txt"]',
        '"*/LC_MESSAGES/messages.po"',
        '"alembic.ini"',
        '"templates/**/*", "static/**/*"',
    ):
        assert entry in text
    setup = (TOP / "setup.py").read_text("utf-8")
    assert '"portal.translations": "translations"' in setup
    assert '"portal.migrations": "migrations"' in setup
