"""`flask i18n extract | update | compile`: the catalogue workflow in one place.

The catalogues are the package's `portal.translations`; in a checkout installed with
`pip install -e .` that is the top-level `translations/`, which these commands write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from .. import package_directory

KEYWORDS = ["-k", "_l", "-k", "N_", "-k", "ngettext:1,2"]

i18n = AppGroup("i18n", help="Extract, update and compile the translation catalogues.")


def catalogues() -> Path:
    return package_directory("portal.translations")


def source_root() -> Path:
    """The checkout holding `babel.cfg` beside `translations/` (an editable install)."""
    root = catalogues().parent
    if not (root / "babel.cfg").is_file():
        raise click.ClickException(
            "the catalogues are edited in a source checkout installed with `pip install -e .`; "
            f"{catalogues()} is an installed package"
        )
    return root


def _babel(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=source_root()
    )


@i18n.command("extract")
def extract():
    pot = catalogues() / "messages.pot"
    _babel(
        "extract",
        "-F",
        "babel.cfg",
        *KEYWORDS,
        "-c",
        "i18n:",
        "--no-location",
        "--sort-output",
        "-o",
        str(pot),
        ".",
    )
    click.echo(f"wrote {pot}")


@i18n.command("update")
def update():
    extract.callback()
    _babel(
        "update",
        "-i",
        str(catalogues() / "messages.pot"),
        "-d",
        str(catalogues()),
        "--ignore-obsolete",
        "--no-fuzzy-matching",
    )


@i18n.command("compile")
def compile_catalogues():
    _babel("compile", "-d", str(catalogues()), "--statistics")
