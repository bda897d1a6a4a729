"""Hostile text renders inert (security.md check 14), in every free-text column at once:
every Text column and every String column long enough to hold prose, in every table with
rows in the matrix's world, gets script tags, attribute breakers, a `javascript:` link,
hx-attributes and template syntax; every GET page and HTMX fragment is then read by an
account holding every role over the school (who sees the most: every staff page and the
administrator's) and by the counselor. None may come back as markup."""

from __future__ import annotations

import pytest
from sqlalchemy import String, Text, select, text

from .modules.test_followup_privacy import get_urls, records  # noqa: F401
from .test_matrix import MODES, world  # noqa: F401

PAYLOAD = (
    '<script>alert(1)</script>"><img src=x onerror="alert(2)">'
    '<a href="javascript:alert(3)">x</a><div hx-get="/hostile-hx" hx-trigger="load">'
    "{{7*7}}{% raw %}"
)
LIVE = (
    "<script>alert(1)</script>",
    'onerror="alert(2)"',
    'href="javascript:alert(3)"',
    'hx-get="/hostile-hx"',
)
MIN_LENGTH = 60  # shorter strings are codes and numbers, chosen from lists


def prose_columns(db):
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            kind = column.type
            if isinstance(kind, Text) or (
                isinstance(kind, String) and (kind.length or 0) >= MIN_LENGTH
            ):
                if column.name not in ("password_hash", "detail", "fields"):
                    yield table, column


@pytest.fixture
def seeded(db, world):
    count = 0
    db.session.execute(
        text(
            "INSERT INTO core_audit (at, action, username, detail) "
            "VALUES (CURRENT_TIMESTAMP, 'login', :u, :d)"
        ),
        {"u": PAYLOAD[:40], "d": PAYLOAD[:500]},
    )  # append-only: a new row
    for table, column in prose_columns(db):
        if (
            table.name == "core_audit"
            or "id" not in table.columns
            or not db.session.execute(select(table.c.id).limit(1)).first()
        ):
            continue
        size = (column.type.length or len(PAYLOAD) + 8) - 8
        for (row_id,) in db.session.execute(select(table.c.id)).all():  # unique names stay so
            db.session.execute(
                text(f"UPDATE {table.name} SET {column.name} = :p WHERE id = :i"),
                {"p": f"{PAYLOAD[:size]}#{row_id}", "i": row_id},
            )
        count += 1
    db.session.commit()
    return count


@pytest.mark.parametrize("role", ["every role", "counselor"])
def test_hostile_text_everywhere_renders_inert(
    app,
    client,
    login,
    make,
    world,
    seeded,
    role,
    tally,
):
    users, ids, _b = world
    assert seeded > 25  # names, free text, contents, statements, comments…
    if role == "every role":
        users[role] = make.every_role()
    login(users[role])
    shown = 0
    for url in get_urls(app, ids):
        for headers in MODES:
            response = client.get(url, headers=headers)
            assert response.status_code < 500, (role, url, headers)
            if response.mimetype != "text/html":
                continue
            body = response.get_data(as_text=True)
            live = [payload for payload in LIVE if payload in body]
            assert not live, (role, url, headers, live)
            shown += "&lt;script&gt;alert(1)" in body
            tally.update(
                kind=f"XSS payloads in {seeded} text fields: pages checked",
                tried=tally["tried"] + 1,
                refused=tally["refused"] + 1,
            )
    assert shown > 20  # the payload was on the pages, escaped
