"""Reading a page the way the every-role walk needs: its links, and the words a reader sees
once names and quoted documents are set aside.

What may stay Chinese on an English page, and how the scan knows it:
- names of people, classes, majors, colleges and courses: the walk strips the demo's own
  names (read from the database) before it scans, so a template need not mark each one;
- what people typed and the registrar's files brought (a talk's notes, a plan's goals,
  生源地): the walk strips the database's data strings the same way (`data_strings`);
  a template marks typed text the database cannot give back in clear (a sealed address)
  `translate="no"`, which the scan leaves out;
- quoted documents (the header words a file must carry, a policy's term): the template
  marks them `lang="zh-CN"` (`quoted()`), and the scan leaves out any element whose
  `lang` starts with "zh".

A term's code (2024-2025-1) is a value: in a form field, a link, an export, or in `<code>`
as the example of what to type; anywhere else a Chinese page shows the term in words.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
TERM_CODE = re.compile(r"(?<![\d-])20\d\d-20\d\d-[123](?![\d-])")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# Links the walk never follows: files (spreadsheets), the language switch and log-out are
# forms, and what only the server's background work or a download answers.
NOT_PAGES = re.compile(r"/export|\.xlsx|/template|/download|/static/|/favicon|/logout")


class _Reader(HTMLParser):
    def __init__(self, skip_quoted: bool = True, skip_code: bool = False):
        super().__init__(convert_charrefs=True)
        self.skip_quoted = skip_quoted
        self.skip_code = skip_code
        self.links: list[str] = []
        self.text: list[str] = []
        self.codes: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, hidden: quoted or not shown)

    @property
    def _hidden(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        hidden = (
            self._hidden
            or tag in ("script", "style", "template")
            or (self.skip_code and tag == "code")
            or (a.get("translate") == "no")
            or (
                self.skip_quoted
                and tag != "html"
                and (a.get("lang") or "").lower().startswith("zh")
            )
        )
        if not hidden:
            self.text.extend(a[name] for name in SHOWN_ATTRIBUTES if a.get(name))
        if tag not in VOID:
            self._stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._stack and self._stack[-1][0] == tag:
            self._stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                return

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


def read(html: str, skip_quoted: bool = True, skip_code: bool = False) -> _Reader:
    reader = _Reader(skip_quoted, skip_code)
    reader.feed(html)
    reader.close()
    return reader


def pages_linked(html: str, url: str, origin: str) -> list[str]:
    """Same-site GET pages linked from `html` (absolute URLs, no fragment), in page order."""
    found = []
    for href in read(html).links:
        target = urljoin(url, href).split("#")[0]
        parts = urlsplit(target)
        if f"{parts.scheme}://{parts.netloc}" != origin or NOT_PAGES.search(parts.path):
            continue
        if target not in found:
            found.append(target)
    return found


def shape(url: str) -> str:
    """A link's kind: its path with the numbers taken out (one student's page stands for all),
    and the names of its query parameters."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(keys) if keys else "")


def chinese_on_english_page(html: str, names: list[str]) -> list[str]:
    """The Chinese a reader of an English page sees, names and quoted documents set aside."""
    text = "\n".join(read(html).text)
    for name in names:  # longest first, so 计算机2301班 goes before 计算机
        text = text.replace(name, " ")
    hits = []
    for match in CJK.finditer(text):
        start, end = max(0, match.start() - 30), match.end() + 30
        hits.append(" ".join(text[start:end].split()))
    return hits


def raw_term_codes(html: str) -> list[str]:
    """Term codes (2024-2025-1) a reader of a Chinese page sees; form values and links are
    the code by design and are not text."""
    text = "\n".join(read(html, skip_quoted=False, skip_code=True).text)
    return [
        " ".join(text[max(0, m.start() - 30) : m.end() + 30].split())
        for m in TERM_CODE.finditer(text)
    ]


# What the database holds that people typed or the registrar's files brought (names, a
# talk's notes, a plan's goals, 生源地 …) is shown as it was written, in any language. Left
# out: the portal's own vocabulary, which a page must show in the reader's language.
VOCABULARY_TABLES = re.compile(
    r"_setting$|^core_audit$|^core_(cadence|retention)_policy$|"
    r"^core_(notification|role_grant|login_\w+)$|^warnings_(ruleset|run"
    r"|run_event|run_metric)$"
)
VOCABULARY_COLUMNS = {("core_student", "gender"), ("talks_talk", "level_label")}


def data_strings() -> list[str]:
    """Every text the database holds as data (inside an app context), longest first."""
    import sqlalchemy as sa

    from portal.extensions import db

    found: set[str] = set()

    def add(value):
        if isinstance(value, str):
            if len(value.strip()) >= 2 and CJK.search(value):
                found.update(part.strip() for part in value.splitlines() if part.strip())
        elif isinstance(value, dict):
            for key, inner in value.items():
                add(key)
                add(inner)
        elif isinstance(value, list | tuple):
            for inner in value:
                add(inner)

    for table in db.metadata.sorted_tables:
        if VOCABULARY_TABLES.search(table.name):
            continue
        for column in table.columns:
            if (table.name, column.name) in VOCABULARY_COLUMNS or not isinstance(
                column.type, sa.String | sa.Text | sa.JSON
            ):
                continue
            for (value,) in db.session.execute(sa.select(column).distinct()):
                add(value)
    return sorted(found, key=len, reverse=True)
