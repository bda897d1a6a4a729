"""Export control (security.md check 24): every .xlsx download, found by walking every GET
route, is audited with its row count; past the per-user limit an export is refused (429);
students and volunteers have no export at all."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.core.export import EXPORT_ACTIONS, XLSX_MIMETYPE
from portal.core.models import AuditEvent

from .modules.test_followup_privacy import get_urls, records  # noqa: F401
from .test_matrix import world  # noqa: F401


def exports_logged(db) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.detail).where(
        AuditEvent.action.in_(EXPORT_ACTIONS)).order_by(AuditEvent.id)))


def test_every_export_is_audited_with_its_row_count(app, client, login, db, world):  # noqa: F811
    users, ids, _b = world
    login(users["admin"])
    found = 0
    for url in get_urls(app, {**ids, "term_id": ids["term_id"]}):
        before = len(exports_logged(db))
        response = client.get(url)
        if response.mimetype == XLSX_MIMETYPE:
            found += 1
            logged = exports_logged(db)
            assert len(logged) == before + 1, url
            assert logged[-1].startswith("rows="), (url, logged[-1])
    assert found >= 3  # the review, the hours, a student's archive


def test_exports_past_the_limit_are_refused(app, client, login, db, world, monkeypatch):  # noqa: F811
    users, _ids, _b = world
    monkeypatch.setitem(app.config, "EXPORT_LIMIT", 2)
    login(users["leader"])
    answers = [client.get("/review/export.xlsx").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    assert len(exports_logged(db)) == 2


@pytest.mark.parametrize("role", ["student", "volunteer"])
def test_students_and_volunteers_have_no_export(app, client, login, world, role):  # noqa: F811
    users, ids, _b = world
    login(users[role])
    downloads = [url for url in get_urls(app, ids)
                 if client.get(url).mimetype == XLSX_MIMETYPE]
    assert downloads == []
