"""`flask i18n extract | update | compile`: the catalogue workflow in one place."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

ROOT = Path(__file__).resolve().parents[2]
POT = ROOT / "translations" / "messages.pot"
KEYWORDS = ["-k", "_l", "-k", "N_", "-k", "ngettext:1,2"]

i18n = AppGroup("i18n", help="Extract, update and compile the translation catalogues.")


def _babel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@i18n.command("extract")
def extract():
    _babel("extract", "-F", "babel.cfg", *KEYWORDS, "-c", "i18n:", "--no-location",
           "--sort-output", "-o", str(POT), ".")
    click.echo(f"wrote {POT}")


@i18n.command("update")
def update():
    extract.callback()
    _babel("update", "-i", str(POT), "-d", "translations", "--ignore-obsolete", "--no-fuzzy-matching")


@i18n.command("compile")
def compile_catalogues():
    _babel("compile", "-d", "translations", "--statistics")
