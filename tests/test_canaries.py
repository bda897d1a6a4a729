"""Canaries (security.md checks 10–11): every text column labelled sensitive, in every table
that has rows in the matrix's world, gets a marker unique to its row — family situations,
phones and addresses, talk and meeting content, support plans and reviews, parent opinions,
objections, bank accounts, a pairing's difficulties — and every GET page, HTMX fragment,
.xlsx download and error page is read as a student, a volunteer and a course teacher. No
marker may appear, except the reader's own (a student's own objection, a volunteer's own
bank account). Found through the metadata: a new sensitive column is covered unedited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import String, Text, select, text

from portal.core.models import StudentFlag
from portal.core.models.base import SENSITIVE
from portal.modules.talks.models import SupportPlan, SupportReview
from portal.modules.warnings.models import Notice

from .modules.test_followup_privacy import get_urls, records, text_of  # noqa: F401
from .test_matrix import MODES, world  # noqa: F401

# What the owner of a row may read of their own record.
OWN = {
    ("warnings_notice", "objection"),
    ("core_student", "phone"),
    ("core_student", "family_situation"),
    ("peer_volunteer", "bank_name"),
    ("peer_volunteer", "bank_account"),
}


def sensitive_text_columns(db):
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if column.info.get("sensitivity") == SENSITIVE and isinstance(
                column.type, String | Text
            ):
                yield table, column


@pytest.fixture
def markers(db, world, followup):
    """marker -> (table, column, the student the row belongs to or None)."""
    support = db.session.scalar(select(SupportPlan))
    db.session.add_all(
        [
            Notice(
                run_id=followup.run.id,
                student_id=followup.red.id,
                state="objected",
                objection="异议",
            ),
            SupportReview(plan_id=support.id, reviewed_on=date(2026, 10, 1), text="复评"),
            StudentFlag(student_id=followup.red.id, flag="psychological"),
        ]
    )
    db.session.flush()
    found, empty = {}, []
    for n, (table, column) in enumerate(sensitive_text_columns(db)):
        owner = (
            "id"
            if table.name == "core_student"
            else "student_id"
            if "student_id" in table.columns
            else None
        )
        rows = (
            db.session.execute(select(table.c.id, table.c[owner] if owner else None)).all()
            if "id" in table.columns
            else []
        )
        if not rows:
            empty.append(f"{table.name}.{column.name}")
        for row_id, student_id in rows:
            marker = f"Q{n:02d}R{row_id}Z"
            db.session.execute(
                text(f"UPDATE {table.name} SET {column.name} = :m WHERE id = :i"),
                {"m": marker, "i": row_id},
            )
            found[marker] = (table.name, column.name, student_id)
    db.session.commit()
    assert len(found) > 20, found
    return found, empty


def test_every_sensitive_column_has_a_marker(markers):
    _found, empty = markers
    assert empty == []  # each sensitive text column is exercised by a row


@pytest.mark.parametrize("role", ["student", "volunteer", "teacher"])
def test_no_page_fragment_export_or_error_shows_anothers_sensitive_text(
    app, client, login, world, markers, role
):
    users, ids, _student_b = world
    found, _empty = markers
    reader = users[role]
    login(reader)
    checked = 0
    for url in get_urls(app, ids):
        for headers in MODES:
            body = text_of(client.get(url, headers=headers).get_data())
            leaked = [
                (m, where)
                for m, where in found.items()
                if m in body and not ((where[0], where[1]) in OWN and where[2] == reader.student_id)
            ]
            assert not leaked, (role, url, headers, leaked)
            checked += 1
    assert checked > 150


def test_the_counselor_does_see_the_markers_so_the_search_is_real(
    client, login, world, markers, followup
):
    _users, ids, _b = world
    found, _empty = markers
    login(followup.counselor)
    page = client.get(f"/talks/{ids['talk_id']}").get_data(as_text=True)
    assert any(m in page for m, where in found.items() if where[0] == "talks_talk")
