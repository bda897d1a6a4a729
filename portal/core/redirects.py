"""Where a `next=` (or the page a form came from) may send the browser: only a path on this
site, judged the way a browser reads the URL (issue 15 #5).

Browsers drop every tab, CR and LF inside a URL and treat a backslash like a slash, so
`/\t/evil.example` and `/\\evil.example` both mean `//evil.example`, another site."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import request

_TAB_OR_NEWLINE = re.compile(r"[\t\r\n]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def same_site_path(url: str | None, *, allow_this_host: bool = False) -> str | None:
    """The path (with its query) of `url` if it stays on this site, else None.

    `allow_this_host` also accepts an absolute URL naming this host (a Referer header)."""
    if not url:
        return None
    url = _TAB_OR_NEWLINE.sub("", url).strip(" ")
    if not url or "\\" in url or _CONTROL.search(url):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if not (
            allow_this_host and parts.scheme in ("http", "https") and parts.netloc == request.host
        ):
            return None
    path = parts.path
    if not path.startswith("/") or path.startswith("//"):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def next_or(default: str, *, source=None) -> str:
    """The request's `next` (query string, or `source` such as the form) if same-site."""
    values = request.args if source is None else source
    return same_site_path(values.get("next")) or default


def this_page() -> str:
    """Where "back to this page" leads (the language switch): this GET, or for a form
    re-rendered by a POST the page it was sent from — a POST-only route would answer a
    GET with 405. Empty when unknown (the switch then leads to the dashboard)."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    return same_site_path(request.referrer, allow_this_host=True) or ""
