"""A printed page read back: the screen-only line above the sheet and where its link leads."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

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
