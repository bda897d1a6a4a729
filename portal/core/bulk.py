"""Many rows into one table in the session's transaction, at the database's own speed.

SQLAlchemy's executemany builds and processes a parameter dict per row (issue 21: for
30,000 students and their 30,000 audit rows that was a third of the import). Here the
rows go as tuples to the driver: PostgreSQL (psycopg 3) by COPY, SQLite by the driver's
executemany, each column's bind processing applied once per column rather than looked up
per row (sealed phones are still sealed, dates still written as SQLAlchemy writes them).
Other databases take SQLAlchemy's executemany. No ids come back: callers that need them
read them by a natural key afterwards.
"""

from __future__ import annotations

from sqlalchemy import text

from ..extensions import db


def insert_rows(table, rows: list[dict]) -> None:
    """INSERT every row (dicts with the same keys); column defaults fill the columns the
    rows lack, as an INSERT through SQLAlchemy would (a callable one, such as the time,
    once for all the rows)."""
    if not rows:
        return
    dialect = db.session.get_bind().dialect
    if not _by_driver(dialect):
        db.session.execute(table.insert(), rows)
        return
    defaults = {
        c.name: c.default.arg if c.default.is_scalar else c.default.arg(None)
        for c in table.c
        if c.default is not None
        and c.name not in rows[0]
        and (c.default.is_scalar or c.default.is_callable)
    }
    columns = [*rows[0], *defaults]
    binds = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns]
    _send(table, columns, _tuples(rows, columns, defaults, binds))


def _tuples(rows, columns, defaults, binds):
    processed = [(i, bind) for i, bind in enumerate(binds) if bind is not None]
    for row in rows:
        values = [row[name] if name in row else defaults[name] for name in columns]
        for i, bind in processed:
            values[i] = bind(values[i])
        yield values


def insert_values(table, columns: list[str], rows: list[tuple]) -> None:
    """INSERT rows given as tuples in `columns` order whose values are already as the
    database takes them (ints, text, None; a JSON column's JSON text): nothing is processed
    per value, and no column default is applied (issue 21: a roster's 30,000 rows)."""
    if not rows:
        return
    if _by_driver(db.session.get_bind().dialect):
        _send(table, columns, rows)
        return
    names = ", ".join(columns)
    statement = text(
        f"INSERT INTO {table.name} ({names}) VALUES ({', '.join(f':{c}' for c in columns)})"
    )
    db.session.execute(statement, [dict(zip(columns, row, strict=True)) for row in rows])


def _by_driver(dialect) -> bool:
    """PostgreSQL through psycopg 3 (COPY) and SQLite (the driver's executemany)."""
    return dialect.name == "sqlite" or (
        dialect.name == "postgresql" and dialect.driver == "psycopg"
    )


def _send(table, columns: list[str], tuples) -> None:
    """The tuples to the driver, in the session's transaction."""
    names = ", ".join(columns)
    driver = db.session.connection().connection.driver_connection
    if db.session.get_bind().dialect.name == "postgresql":
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy,
        ):
            for row in tuples:
                copy.write_row(row)
        return
    cursor = driver.cursor()
    try:
        cursor.executemany(
            f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})", tuples
        )
    finally:
        cursor.close()
