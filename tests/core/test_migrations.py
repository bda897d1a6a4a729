"""The migrations build exactly the schema the models describe (no drift)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal.extensions import db


def test_upgraded_database_matches_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_every_column_has_a_sensitivity_label(app):
    unlabeled = [
        f"{table.name}.{column.name}"
        for table in db.metadata.tables.values()
        for column in table.columns
        if "sensitivity" not in column.info
    ]
    assert unlabeled == []
