"""Unbound extension instances; `create_app` binds them (no app state here)."""

from functools import cached_property

import click
from flask import Flask
from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)


class Migrations:
    """Flask-Migrate, imported when a migration runs rather than by every start-up (issue
    21: Flask-Migrate brings Alembic, Mako and Pygments, a tenth of a second of CPU). What
    `Migrate.init_app` leaves on the app is here: `app.extensions["migrate"]` (its `db`,
    `directory`, `configure_args` and `migrate`, which `flask_migrate.upgrade()` and
    migrations/env.py read) and the `flask db` command group."""

    def __init__(self, **configure_args):
        self.configure_args = configure_args

    def init_app(self, app: Flask, db: SQLAlchemy, directory: str) -> None:
        app.extensions["migrate"] = _MigrateState(db, directory, self.configure_args)
        app.cli.add_command(_DbCommands("db", help="Perform database migrations."))


class _MigrateState:
    def __init__(self, db: SQLAlchemy, directory: str, configure_args: dict):
        self.db, self.directory, self.configure_args = db, directory, dict(configure_args)

    @property
    def metadata(self):
        return self.db.metadata

    @cached_property
    def migrate(self):
        from flask_migrate import Migrate

        return Migrate(db=self.db, directory=self.directory, **self.configure_args)


class _DbCommands(click.Group):
    """`flask db`: named and described in `flask --help`; Flask-Migrate's own group parses
    and runs it."""

    def make_context(self, info_name, args, parent=None, **extra):
        from flask_migrate.cli import db as commands

        return commands.make_context(info_name, args, parent=parent, **extra)


migrate = Migrations(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
# Short dates as the registrar writes them (2026-12-03) in both languages: English's own
# short form (12/3/26) reads as March to half the campus.
babel = Babel(
    date_formats={
        **Babel.default_date_formats,
        "date.short": "yyyy-MM-dd",
        "datetime.short": "yyyy-MM-dd HH:mm",
    }
)
htmx = Htmx()
