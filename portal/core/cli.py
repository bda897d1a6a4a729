"""Command line: `flask --app portal init-db | create-admin | demo | import-students`."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import func, inspect, select

from ..extensions import db
from .models import RoleGrant, Student, User
from .passwords import hash_password, password_problems


def register(app: Flask) -> None:
    from .i18n_cli import i18n

    for command in (init_db, create_admin, demo, import_students_command, import_grades_command,
                    import_attendance_command, i18n):
        app.cli.add_command(command)


@click.command("init-db")
@with_appcontext
def init_db():
    """Create or upgrade the schema (the same as `flask db upgrade`)."""
    upgrade()
    click.echo("database ready")


@click.command("create-admin")
@with_appcontext
@click.option("--username", prompt=True)
@click.option("--name", default="管理员")
@click.password_option()
def create_admin(username: str, name: str, password: str):
    """Create an administrator with scope over the whole portal."""
    problems = password_problems(password, username=username)
    if problems:
        raise click.ClickException(" ".join(problems))
    if db.session.scalar(select(User).where(User.username == username)):
        raise click.ClickException(f"account {username} exists")
    user = User(username=username, name=name, password_hash=hash_password(password),
                must_change_password=False)
    user.grants.append(RoleGrant(role="admin", scope_kind="all"))
    db.session.add(user)
    db.session.commit()
    click.echo(f"admin\t{username}")


@click.command("demo")
@with_appcontext
@click.option("--password", default="demo-portal-2026", show_default=True,
              help="Password of every demo account.")
def demo(password: str):
    """Fill an EMPTY database with a demo college and print its accounts (ROLE<TAB>USERNAME)."""
    from .demo import populate

    if not inspect(db.engine).has_table("core_user"):
        upgrade()
    if db.session.scalar(select(func.count()).select_from(Student)) or \
            db.session.scalar(select(func.count()).select_from(User)):
        raise click.ClickException("the database is not empty; demo data goes only into an "
                                   "empty database")
    accounts = populate(password)
    db.session.commit()
    for role, username in accounts:
        click.echo(f"{role}\t{username}")
    click.echo(f"# every demo account's password: {password}", err=True)


def _import_command(name: str, kind: str, what: str) -> click.Command:
    @click.command(name, help=f"Import {what} (.xlsx/.xls): every row or none.")
    @with_appcontext
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def command(path: str):
        from .importing import run_import_cli

        sys.exit(run_import_cli(kind, path))

    return command


import_students_command = _import_command("import-students", "students", "the student roster")
import_grades_command = _import_command("import-grades", "grades", "grade records")
import_attendance_command = _import_command("import-attendance", "attendance",
                                            "unexcused absence hours")
