"""Security headers on every response, and gzip for text (pages must stay small on the wire)."""

from __future__ import annotations

import gzip
from functools import lru_cache

from flask import current_app, request
from flask_login import current_user

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SERVER_NAME = "portal"
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")


def security_headers(response):
    headers = response.headers
    headers["Content-Security-Policy"] = CSP
    headers["Strict-Transport-Security"] = (
        f"max-age={current_app.config['HSTS_SECONDS']}; includeSubDomains"
    )
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    # No framework or version named (issue 15): gunicorn.conf.py drops gunicorn's own line.
    headers["Server"] = SERVER_NAME
    response.vary.add("HX-Request")
    if request.endpoint == "static":
        # Versioned by URL (?v=…); holds no personal data.
        headers["Cache-Control"] = "public, max-age=604800"
    elif current_user and current_user.is_authenticated:
        headers["Cache-Control"] = "no-store"
    return response


def compress(response):
    if (
        response.status_code != 200
        or "gzip" not in request.headers.get("Accept-Encoding", "")
        or "Content-Encoding" in response.headers
        or not (response.mimetype or "").startswith(_COMPRESSIBLE)
        # A file sent as it is stored (a job's print) is not read into memory to compress.
        or (response.direct_passthrough and request.endpoint != "static")
    ):
        return response
    response.vary.add("Accept-Encoding")
    if request.endpoint == "static":
        response.direct_passthrough = False
        body = _gzip_static(request.path, response.headers.get("ETag", ""), response.get_data())
    else:
        data = response.get_data()
        if len(data) < 512:
            return response
        body = gzip.compress(data, compresslevel=6)
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    return response


@lru_cache(maxsize=32)
def _gzip_static(path: str, etag: str, data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9)
