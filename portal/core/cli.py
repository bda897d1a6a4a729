"""Command line: `flask --app portal init-db | create-admin | demo | import-students |
check-deploy | backup | restore | retention`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, gettext
from sqlalchemy import func, inspect, select

from ..extensions import db
from . import importing, retention
from .demo import populate, students_to_try
from .i18n_cli import i18n
from .models import College, RoleGrant, Student, User
from .ops import (
    backup,
    deploy_problems,
    hosts_from_configuration,
    restore,
    workers_from_environment,
)
from .passwords import hash_password, password_problems


def register(app: Flask) -> None:
    for command in (
        init_db,
        create_admin,
        demo,
        import_students_command,
        import_grades_command,
        import_attendance_command,
        import_courses_command,
        i18n,
        check_deploy,
        backup_command,
        restore_command,
        retention_command,
    ):
        app.cli.add_command(command)


def _upgrade() -> None:
    from flask_migrate import upgrade  # Alembic: loaded by the commands that migrate (issue 21)

    upgrade()


@click.command("init-db")
@with_appcontext
def init_db():
    """Create or upgrade the schema (the same as `flask db upgrade`)."""
    _upgrade()
    click.echo("database ready")


@click.command("create-admin")
@with_appcontext
@click.option("--username", prompt=True)
@click.option("--name", default="管理员")
@click.password_option()
def create_admin(username: str, name: str, password: str):
    """Create an administrator with scope over the whole portal."""
    problems = password_problems(password, personal=(username, name))
    if problems:
        raise click.ClickException(" ".join(problems))
    if db.session.scalar(select(User).where(User.username == username)):
        raise click.ClickException(f"account {username} exists")
    user = User(
        username=username,
        name=name,
        password_hash=hash_password(password),
        must_change_password=False,
    )
    user.grants.append(RoleGrant(role="admin", scope_kind="all"))
    db.session.add(user)
    db.session.commit()
    click.echo(f"admin\t{username}")


@click.command("demo")
@with_appcontext
@click.option(
    "--password",
    default="demo-portal-2026",
    show_default=True,
    help="Password of every demo account.",
)
def demo(password: str):
    """Fill an EMPTY database with a demo college and print its accounts
    (ROLE<TAB>USERNAME<TAB>PASSWORD[<TAB>NOTE]): staff, then the students to try first."""
    if not inspect(db.engine).has_table("core_user"):
        _upgrade()
    if db.session.scalar(select(func.count()).select_from(Student)) or db.session.scalar(
        select(func.count()).select_from(User)
    ):
        raise click.ClickException(
            "the database is not empty; demo data goes only into an empty database"
        )
    hints: list = []
    accounts = populate(password, hints)
    db.session.commit()
    tries = students_to_try(hints)
    noted = {username: note for _role, username, note in tries}
    click.echo(f"# Every demo account's password is {password}")
    click.echo("# Staff:")
    for role, username in accounts:
        if role not in ("student", "volunteer"):
            click.echo(f"{role}\t{username}\t{password}")
    click.echo("# Students to try first (log in with the student number):")
    for role, username in accounts:
        if role == "volunteer":
            click.echo(f"{role}\t{username}\t{password}\ta peer volunteer")
    for role, username, note in tries:
        click.echo(f"{role}\t{username}\t{password}\t{note}")
    click.echo("# Every other student:")
    for role, username in accounts:
        if role == "student" and username not in noted:
            click.echo(f"{role}\t{username}\t{password}")


def _import_command(name: str, kind: str, what: str) -> click.Command:
    @click.command(name, help=f"Import {what} (.xlsx/.xls): every row or none.")
    @with_appcontext
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def command(path: str):
        sys.exit(_run_import(kind, path))

    return command


def _run_import(kind_name: str, path: str) -> int:
    """Print the bad rows and return 1, or commit (the command's one commit; the service
    flushes) and print the counts."""
    with force_locale("zh_CN"):
        outcome = importing.run_import(
            kind_name,
            Path(path),
            filename=Path(path).name,
            user=None,
            max_unpacked=current_app.config["CLI_IMPORT_MAX_UNPACKED"],
        )
        if not outcome.ok:
            db.session.rollback()
            for error in outcome.errors:
                click.echo(importing.format_error(error), err=True)
            summary = importing.nothing_imported(
                len(outcome.errors), outcome.rows_to_correct, outcome.whole_file
            )
            click.echo(summary, err=True)
            return 1
        db.session.commit()
        click.echo(
            gettext(
                "%(rows)d rows: %(inserted)d new, %(updated)d updated, %(unchanged)d unchanged.",
                rows=outcome.rows,
                inserted=outcome.inserted,
                updated=outcome.updated,
                unchanged=outcome.unchanged,
            )
        )
        return 0


import_students_command = _import_command("import-students", "students", "the student roster")
import_grades_command = _import_command("import-grades", "grades", "grade records")
import_attendance_command = _import_command(
    "import-attendance", "attendance", "unexcused absence hours"
)
import_courses_command = _import_command(
    "import-courses", "courses", "the course roster (who teaches which class)"
)


@click.command("check-deploy")
@with_appcontext
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Worker processes (default: WEB_CONCURRENCY or GUNICORN_CMD_ARGS, else 1).",
)
@click.option(
    "--hosts",
    type=click.IntRange(min=1),
    default=None,
    help="App hosts sharing the database (default: the PORTAL_HOSTS setting, else 1).",
)
def check_deploy(workers: int | None, hosts: int | None):
    """Refuse a production start with an unsafe configuration (exit status 1)."""
    try:
        hosts = hosts or hosts_from_configuration(current_app.config, os.environ)
    except ValueError as bad:
        raise click.ClickException(str(bad)) from None
    problems = deploy_problems(current_app, workers or workers_from_environment(os.environ), hosts)
    for problem in problems:
        click.echo(f"refused: {problem}", err=True)
    if problems:
        sys.exit(1)
    click.echo("deploy configuration ok")


@click.command("backup")
@with_appcontext
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
def backup_command(target: str):
    """Copy the database to TARGET while the portal keeps running."""
    if Path(target).exists():
        raise click.ClickException(f"{target} exists; a backup never overwrites a file")
    backup(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(target))
    click.echo(f"backup\t{target}")


@click.command("restore")
@with_appcontext
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Confirm: the database's contents are replaced.")
def restore_command(source: str, yes: bool):
    """Replace the database's contents with the backup SOURCE."""
    if not yes:
        raise click.ClickException("restore replaces every record: run again with --yes")
    db.session.remove()
    db.engine.dispose()
    restore(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(source))
    click.echo(f"restored\t{source}")


@click.command("retention")
@with_appcontext
@click.option("--dry-run", is_flag=True, help="Count what would be cleared; change nothing.")
def retention_command(dry_run: bool):
    """Clear sensitive text older than each college's retention period (run nightly)."""
    done = retention.run()
    names = dict(db.session.execute(select(College.id, College.name)).all())
    for college_id, what, count in done:
        click.echo(f"{names.get(college_id, '*')}\t{what}\t{count}")
    if dry_run:
        db.session.rollback()
        click.echo("dry run: nothing was changed", err=True)
    else:
        db.session.commit()
