"""A printed page read back: the screen-only line above the sheet and where its link leads;
and a print of many students' records checked as the bulk export it is."""

from __future__ import annotations

import re
import time
from html import unescape
from urllib.parse import parse_qs, urlsplit

from portal.core.export import PRINT_ACTION
from portal.core.models import AuditEvent

from .conftest import TEST_PASSWORD

BACK = re.compile(r'<p class="no-print back-link"><a href="([^"]*)">([^<]*)</a>')


def back_link(page: str) -> tuple[str, str]:
    """(href, words) of the link back: the first thing in the body, hidden on paper."""
    body = page[page.index("<body") :]
    body = body[body.index(">") + 1 :].lstrip()
    found = BACK.match(body)
    assert found, f"no link back at the top of the page: {body[:200]!r}"
    return unescape(found[1]), found[2]


def path_and_query(url: str) -> tuple[str, dict[str, list[str]]]:
    """A link's path and its query string's values (in any order)."""
    parts = urlsplit(url)
    assert not parts.scheme and not parts.netloc, f"not a page of the portal: {url}"
    return parts.path, parse_qs(parts.query)


def stale(client) -> None:
    """The password was entered an hour ago (the session itself is still valid)."""
    with client.session_transaction() as session:
        session["login_at"] = session["auth_at"] = int(time.time()) - 3600


def printed_exports(db) -> list:
    """The audit rows of the bulk prints, oldest first."""
    return db.session.query(AuditEvent).filter_by(action=PRINT_ACTION).order_by(AuditEvent.id).all()


def check_bulk_print(client, db, url: str, *, rows: int, what: str, built: list) -> None:
    """A print of many students' records is a bulk export (security.md checks 7 and 24): a
    login that is not fresh confirms the password first (an HTMX request: 401 and
    HX-Redirect), and nothing is built (`built`, the calls of the page's builder, stays
    empty) nor audited; after the password the user comes back to the print, which is
    audited with its row count."""
    stale(client)
    response = client.get(url)
    assert response.status_code == 303, url
    confirm = response.headers["Location"]
    assert path_and_query(confirm) == ("/confirm", {"next": [url]})
    htmx = client.get(url, headers={"HX-Request": "true"})
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"] == confirm
    assert built == [] and printed_exports(db) == []
    back = client.post(confirm, data={"password": TEST_PASSWORD})
    assert back.status_code == 303 and back.headers["Location"] == url
    page = client.get(url)
    assert page.status_code == 200 and built
    [audited] = printed_exports(db)
    assert audited.object_type == what and audited.detail.startswith(f"rows={rows} page=")
