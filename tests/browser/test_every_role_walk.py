"""Issue 17, "how it is proved": every role of the demo, in Chinese and in English, through
every link of its navigation and dashboard and the pages one click deeper (one page of
each kind), in chromium with JavaScript on. Each page answers without 4xx/5xx and without a
console error; an English page shows no Chinese but names and quoted documents; a Chinese
page shows no term code (2024-2025-1) where words belong; and every page, and the
fragments htmx fetches from them, is valid HTML for the Nu checker (one run for all).

The walk only reads (GET); the audit trail it adds and each account's language (reset to
Chinese, as log_in does) are all it leaves behind."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from .conftest import log_in, use_language
from .walk import chinese_on_english_page, data_strings, pages_linked, raw_term_codes, shape

STAFF = ["admin", "leader", "secretary", "counselor", "advisor", "teacher", "mentor"]
ROLES = [*STAFF, "volunteer", "student"]
LANGUAGES = ("en", "zh_CN")
HX_GET = re.compile(r'data-hx-get="([^"]+)"')
VNU_VERSION = "26.9.27"  # the npm package vnu-jar, installed on first use when missing
VNU_CACHE = Path(os.environ.get("PORTAL_VNU_CACHE", Path.home() / ".cache" / "portal-vnu"))


@dataclass
class Walk:
    pages: dict[str, str] = field(default_factory=dict)  # "role lang url" -> HTML
    fragments: dict[str, str] = field(default_factory=dict)
    bad_status: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    chinese: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    shapes: dict[str, int] = field(default_factory=dict)  # "role lang" -> kinds of page


def _warned_student_number(live_app) -> str:
    """A student with a published warning (their pages hold the most): the first one."""
    from sqlalchemy import select

    from portal.core import standing
    from portal.core.models import Student, User
    from portal.extensions import db

    with live_app.test_request_context():
        warned = standing.current(Student.id.is_not(None))
        return db.session.scalar(
            select(User.username)
            .where(User.student_id.in_(warned), User.username != "volunteer")
            .order_by(User.id)
        )


def _check(found: Walk, where: str, lang: str, html: str, names: list[str]) -> None:
    if lang == "en":
        found.chinese += [f"{where}: {hit}" for hit in chinese_on_english_page(html, names)]
    else:
        found.codes += [f"{where}: {hit}" for hit in raw_term_codes(html)]


def _walk_language(page, found: Walk, role: str, lang: str, names: list[str], origin: str) -> None:
    seen: set[str] = set()
    hx_links: dict[str, str] = {}
    page.goto("/")
    home = page.url
    navigation = pages_linked(page.content(), home, origin)
    queue = [(home, 0)] + [(url, 1) for url in navigation]
    while queue:
        url, depth = queue.pop(0)
        if shape(url) in seen:
            continue
        seen.add(shape(url))
        errors_before = len(found.console)
        try:
            response = page.goto(url, wait_until="domcontentloaded")
        except Exception as error:  # a link that answers with a file (a download)
            if "Download is starting" in str(error):
                continue
            raise
        where = f"{role} {lang} {urlsplit(url).path}?{urlsplit(url).query}"
        if len(found.console) > errors_before:
            found.console[errors_before:] = [f"{where}: {e}" for e in found.console[errors_before:]]
        if response is None:
            continue
        if response.status >= 400:
            found.bad_status.append(f"{where}: {response.status}")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        html = response.text()
        found.pages[where] = html
        _check(found, where, lang, html, names)
        for target in HX_GET.findall(html):
            absolute = urljoin(url, target.replace("&amp;", "&"))
            hx_links.setdefault(shape(absolute), absolute)
        if depth == 0 or url in navigation:
            queue += [(link, depth + 1) for link in pages_linked(html, url, origin)]
    found.shapes[f"{role} {lang}"] = len(seen)
    for url in hx_links.values():  # the fragments htmx swaps into these pages
        response = page.request.get(url, headers={"HX-Request": "true"})
        where = f"{role} {lang} fragment {urlsplit(url).path}?{urlsplit(url).query}"
        if response.status >= 400:
            found.bad_status.append(f"{where}: {response.status}")
            continue
        body = response.text()
        found.fragments[where] = body
        _check(found, where, lang, body, names)


@pytest.fixture(scope="module")
def walk(browser, base_url, live_app) -> Walk:
    with live_app.app_context():
        names = data_strings()
    student = _warned_student_number(live_app)
    found = Walk()
    for role in ROLES:
        context = browser.new_context(
            base_url=base_url, locale="zh-CN", viewport={"width": 1366, "height": 768}
        )
        page = context.new_page()
        page.on(
            "console", lambda msg: found.console.append(msg.text) if msg.type == "error" else None
        )
        page.on("pageerror", lambda error: found.console.append(str(error)))
        log_in(page, student if role == "student" else role)
        for lang in LANGUAGES:
            page.goto("/")
            use_language(page, lang)
            _walk_language(page, found, role, lang, names, base_url)
        page.goto("/")
        use_language(page, "zh_CN")
        context.close()
    return found


def test_every_role_reaches_its_pages_in_both_languages(walk):
    for role in ROLES:
        for lang in LANGUAGES:
            # the navigation and what it leads to: never just the dashboard
            assert walk.shapes[f"{role} {lang}"] >= 3, (role, lang)
    assert walk.shapes["admin en"] == walk.shapes["admin zh_CN"]
    assert walk.bad_status == []


def test_no_console_error_on_any_page(walk):
    assert walk.console == []


def _dump(name: str, items: list) -> None:
    """PORTAL_WALK_DUMP=folder: every finding written out (the assertion shows a few)."""
    if os.environ.get("PORTAL_WALK_DUMP"):
        Path(os.environ["PORTAL_WALK_DUMP"], name).write_text("\n".join(items))


def test_english_pages_show_no_chinese_but_names_and_quoted_documents(walk):
    _dump("chinese.txt", walk.chinese)
    assert walk.chinese == []


def test_chinese_pages_show_terms_in_words(walk):
    _dump("codes.txt", walk.codes)
    assert walk.codes == []
    assert any(re.search(r"\d{4}-\d{4}学年第\d学期", html) for html in walk.pages.values())


def _vnu_jar() -> Path:
    """The Nu checker's jar: $VNU_JAR, or the npm package in the cache (installed once)."""
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    jar = VNU_CACHE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not jar.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("The Nu HTML checker is missing and npm is not there to install it")
        VNU_CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(VNU_CACHE),
                f"vnu-jar@{VNU_VERSION}",
            ],
            check=True,
            timeout=600,
        )
    return jar


FRAGMENT_PAGE = (
    '<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
    "<title>fragment</title></head><body>{body}</body></html>"
)


def test_every_page_and_fragment_is_valid_html(walk, tmp_path):
    java = shutil.which("java")
    if java is None:
        pytest.fail("The Nu HTML checker needs Java (17 or later)")
    jar = _vnu_jar()
    files: dict[str, str] = {}
    for i, (where, html) in enumerate(walk.pages.items()):
        files[f"page-{i}.html"] = where
        (tmp_path / f"page-{i}.html").write_text(html, encoding="utf-8")
    for i, (where, body) in enumerate(walk.fragments.items()):
        lang = "en" if " en " in where else "zh-CN"
        files[f"fragment-{i}.html"] = where
        (tmp_path / f"fragment-{i}.html").write_text(
            FRAGMENT_PAGE.format(lang=lang, body=body), encoding="utf-8"
        )
    assert len(walk.fragments) >= 5
    # One JVM for every file: the checker takes them all at once.
    result = subprocess.run(
        [
            java,
            "-jar",
            str(jar),
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            *sorted(str(tmp_path / f) for f in files),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = json.loads(result.stdout)
    errors = sorted(
        {
            f"{files[Path(urlsplit(m.get('url', '')).path).name]}: {m['message']} "
            f"[{m.get('extract', '').strip()[:80]}]"
            for m in report["messages"]
            if m["type"] in ("error", "non-document-error")
        }
    )
    assert errors == []
