"""The core: accounts, roles, organisation, students, terms, audit and the module registry."""

from __future__ import annotations

from flask import Flask


def blueprints():
    from .views import (  # noqa: F401  (retention's routes join the admin blueprint)
        admin,
        archive,
        auth,
        cadence,
        imports,
        jobs,
        main,
        notifications,
        retention,
        students,
    )

    return [auth.bp, main.bp, students.bp, imports.bp, jobs.bp, admin.bp, notifications.bp, archive.bp,
            cadence.bp]


def register_facts(app: Flask) -> None:
    """The core's own fact for the review: whether the talk and contact cadence was met."""
    from .dues import cadence_states
    from .facts import Fact, register
    from .i18n import _l

    register(app, Fact(code="cadence", label=_l("met the talk and contact cadence"),
                       values=cadence_states,
                       states={"met": _l("met"), "missed": _l("missed some"),
                               "none": _l("nothing owed")},
                       yes=frozenset({"met"})))


def register_retention(app: Flask) -> None:
    from .retention import register_core

    register_core(app)


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
