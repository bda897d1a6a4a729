"""The core: accounts, roles, organisation, students, terms, audit and the module registry."""

from __future__ import annotations

from flask import Flask


# The imports below are deferred to each call: this file runs before every `portal.core.x`
# import, and the views and registries it gathers import most of the core themselves.
def blueprints():
    from .views import (  # noqa: F401  (retention's and the home cards' routes join admin's)
        admin,
        admin_home,
        archive,
        attachments,
        auth,
        binder,
        cadence,
        imports,
        jobs,
        main,
        notifications,
        retention,
        students,
    )

    return [
        auth.bp,
        main.bp,
        students.bp,
        imports.bp,
        jobs.bp,
        admin.bp,
        notifications.bp,
        archive.bp,
        cadence.bp,
        binder.bp,
        attachments.bp,
    ]


def widgets():
    """The core's own dashboard cards, declared as a module declares its own (`Widget`) and
    listed among theirs: what the counselors owe in the reader's colleges is the core's
    (cadence policies and dues are), and a leader's home should say how it stands; the
    administrator's home has a card for each thing of the core they keep."""
    from .i18n import _l
    from .modules import Widget
    from .views.admin_home import keeps_settings

    # The administrator's home (order 90 on: after every card of the students' follow-up):
    # what they keep, each with where it stands.
    return [
        Widget("cadence.compliance_widget", _l("Follow-up in your scope"), order=22),
        Widget("admin.accounts_card", _l("Accounts"), order=90),
        Widget("admin.terms_card", _l("Terms"), order=91),
        Widget("admin.organisation_card", _l("Organisation"), order=92),
        Widget("admin.cadence_card", _l("Cadence policies"), order=93, when=keeps_settings),
        Widget("admin.retention_card", _l("Retention"), order=95),
        Widget("admin.audit_card", _l("Audit trail"), order=96),
    ]


def register_import_kinds(app: Flask) -> None:
    """The core's import kinds, in the order the import page lists them; a module's follow."""
    from . import attendance_import, grades_import, students_import, teaching
    from .importing import register_import_kind

    for kind in (grades_import.KIND, attendance_import.KIND, students_import.KIND, teaching.KIND):
        register_import_kind(app, kind)


def register_facts(app: Flask) -> None:
    """The core's own facts for the review: whether the cadence was met, overall and for
    each kind of obligation on its own (a group meeting is not a talk)."""
    from .dues import cadence_states, kind_states
    from .facts import Fact, register
    from .i18n import _l

    states = {"met": _l("met"), "missed": _l("missed some"), "none": _l("nothing owed")}
    register(
        app,
        Fact(
            code="cadence",
            label=_l("met the talk and contact cadence"),
            values=cadence_states,
            states=states,
            yes=frozenset({"met"}),
        ),
    )
    for code, label in (
        ("talk", _l("had every individual talk owed")),
        ("meeting", _l("had every group meeting owed")),
        ("parent", _l("had every parent contact owed")),
        ("pairing", _l("had the volunteer pairing owed")),
        ("support_plan", _l("had the support-team plan owed")),
    ):
        register(
            app,
            Fact(
                code=f"cadence_{code}",
                label=label,
                values=kind_states(code),
                states=states,
                yes=frozenset({"met"}),
            ),
        )


def register_retention(app: Flask) -> None:
    from .retention import register_core

    register_core(app)


def register_digest(app: Flask) -> None:
    from .notify import register_core

    register_core()


def register_cli(app: Flask) -> None:
    from . import cli

    cli.register(app)


def register_templating(app: Flask) -> None:
    from . import templating

    templating.register(app)


def register_errors(app: Flask) -> None:
    from . import errors

    errors.register(app)
