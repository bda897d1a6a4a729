"""The core: accounts, roles, organisation, students, terms, audit and the module registry."""

from __future__ import annotations

from flask import Flask


def blueprints():
    from .views import admin, archive, auth, cadence, imports, main, notifications, students

    return [auth.bp, main.bp, students.bp, imports.bp, admin.bp, notifications.bp, archive.bp,
            cadence.bp]


def register_cli(app: Flask) -> None:
    from . import cli

    cli.register(app)


def register_templating(app: Flask) -> None:
    from . import templating

    templating.register(app)


def register_errors(app: Flask) -> None:
    from . import errors

    errors.register(app)


def xlsx_guard() -> None:
    """openpyxl must parse through defusedxml (billion laughs, XXE): refuse to start otherwise."""
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise RuntimeError("openpyxl is not using defusedxml; install defusedxml")
