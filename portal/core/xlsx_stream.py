"""A streaming reader for the first worksheet of an .xlsx file.

Why not calamine for .xlsx: calamine builds a dense grid from the top-left to
the bottom-right filled cell, so one value in XFD1048576 makes a 5 KB upload
ask for 512 GiB and abort the worker, and a 300,000 × 32 sheet peaks far above
the bench budget (bench/xlsx_read.py). This reader keeps only the shared
strings (bounded by the zip pre-check) and one row at a time.

Call it only on a file that `xlsx.precheck` accepted: the declared sizes it
checked are what `zipfile` enforces while inflating.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from flask_babel import lazy_gettext as _l

from portal.core.i18n import TranslatedError
from portal.core.numbers import whole_number

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_CHUNK = 4 * 1024
# Distinct texts a workbook may hold: a 300,000-row grades export with a text column unique
# to each row (选课课号) holds about as many; three million made the command line (2 GB
# unpacked allowed) hold 300 MB and take 14 s before the sheet's header could refuse it.
MAX_SHARED_STRINGS = 1_000_000
# Cells (<c>) in one row: a 教务 export has a few dozen columns, Excel at most 16,384. Each
# cell is read and dropped as it ends, so even a longer row costs no memory; the limit
# refuses it at once instead of reading millions of cells (issue 15, finding 8).
MAX_CELLS_PER_ROW = 1000
# Elements open at once: a sheet nests worksheet > sheetData > row > c > is > r > t (7),
# extensions a few more. Deeper is hostile (nested rich text held as a tree).
MAX_DEPTH = 32
# Elements inside one cell or one shared string (rich-text runs and their parts): Excel
# writes a handful; every one is held until the cell ends.
MAX_CELL_PARTS = 2000
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class StreamError(TranslatedError):
    """The workbook is not readable; `message` is a lazy translation."""


def _damaged(detail: str) -> StreamError:
    return StreamError(
        _l("The workbook is damaged and cannot be read (%(detail)s).", detail=detail)
    )


# --- XML safety -------------------------------------------------------------------


class _NoDoctype:
    """A read()-only wrapper that refuses DTDs before expat sees them.

    Workbook parts never carry a DOCTYPE, so any DTD is hostile (entity
    expansion, external entities). The C parser is several times faster than
    defusedxml's pure-Python one on large sheets; this gives the same refusal at
    the cost of a substring search per chunk. Only UTF-8 is let through, so the
    search cannot be dodged with UTF-16 or an ASCII-incompatible encoding.
    (The bundled expat >= 2.4 also limits entity amplification by itself.)
    """

    def __init__(self, raw: IO[bytes]):
        self._raw = raw
        self._tail = b""
        self._first = True

    def read(self, size: int = _CHUNK) -> bytes:
        data = self._raw.read(size if size and size > 0 else _CHUNK)
        if self._first:
            self._first = False
            _check_prolog(data)
        window = self._tail + data
        if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
            raise StreamError(
                _l("The workbook contains an XML document type declaration, which is not allowed.")
            )
        self._tail = data[-9:]
        return data


def _check_prolog(head: bytes) -> None:
    if head.startswith((b"\xfe\xff", b"\xff\xfe")) or b"\x00" in head[:512]:
        raise _damaged("XML not in UTF-8")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head.startswith(b"<?xml"):
        declaration = head[: head.find(b"?>") + 2]
        m = _ENCODING.search(declaration)
        if m and m[1].lower() not in (b"utf-8", b"utf8"):
            raise _damaged("XML not in UTF-8")


def _batches(archive: zipfile.ZipFile, name: str, events: tuple[str, ...]):
    """Parse one part in chunks; yield, per chunk, an iterator of (event, element).

    XMLPullParser is driven directly (iterparse() adds two generator layers per
    event) and fed small chunks: with 4 KB a 300,000-row sheet reads in 8 s,
    with 64 KB in 16 s, as fewer live elements stay cache-friendly. A ParseError
    surfaces while iterating a batch; callers wrap it with `_damaged`.
    """
    parser = XMLPullParser(events)
    try:
        with archive.open(name) as raw:
            source = _NoDoctype(raw)
            while chunk := source.read(_CHUNK):
                parser.feed(chunk)
                yield parser.read_events()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise _damaged(f"{name}: {exc}") from None
    parser.close()
    yield parser.read_events()


def _depth_checked(batches):
    """Every (event, element) of the start and end events in `batches`, refusing nesting
    deeper than MAX_DEPTH: the one guard of the small parts and of the element parser."""
    depth = 0
    for batch in batches:
        for event, el in batch:
            if event == "start":
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep()
            else:
                depth -= 1
            yield event, el


def _parse(archive: zipfile.ZipFile, name: str, events=("end",)):
    """Every (event, element) of a small part, refusing nesting deeper than MAX_DEPTH."""
    batches = _batches(archive, name, ("start", "end"))
    starts = "start" in events
    try:
        for event, el in _depth_checked(batches):
            if starts or event == "end":
                yield event, el
    except ParseError as exc:
        raise _damaged(f"{name}: {exc}") from None
    finally:
        batches.close()  # close the part now, not when the generator is collected


def _too_deep() -> StreamError:
    return StreamError(
        _l(
            "The workbook nests its contents more than %(limit)s levels deep; "
            "a spreadsheet saved by Excel or WPS never does.",
            limit=MAX_DEPTH,
        )
    )


def _too_rich(where) -> StreamError:
    return StreamError(
        _l(
            "%(where)s holds more than %(limit)s pieces of formatted text; "
            "save the sheet as plain values and try again.",
            where=where,
            limit=f"{MAX_CELL_PARTS:,}",
        )
    )


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


# --- finding the first sheet and the shared strings ----------------------------------


def _part_names(archive: zipfile.ZipFile) -> dict[str, str]:
    # Part names are case-insensitive in OPC; some writers differ in case.
    return {info.filename.lower(): info.filename for info in archive.infolist()}


def _resolve(names: dict[str, str], base_dir: str, target: str) -> str | None:
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(base_dir, target)
    return names.get(posixpath.normpath(path).lower())


def _workbook_part(archive: zipfile.ZipFile, names: dict[str, str]) -> str:
    for _, el in _parse(archive, names.get("[content_types].xml", "[Content_Types].xml")):
        if _local(el.tag) == "Override" and el.get("ContentType", "").endswith(
            "spreadsheetml.sheet.main+xml"
        ):
            found = names.get(el.get("PartName", "").lstrip("/").lower())
            if found:
                return found
    raise _damaged("no workbook part")


def _relationships(archive, names, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type suffix, resolved part name) for one part."""
    folder, file = posixpath.split(part)
    rels = names.get(posixpath.join(folder, "_rels", file + ".rels").lower())
    found = {}
    if rels:
        for _, el in _parse(archive, rels):
            if _local(el.tag) == "Relationship" and el.get("TargetMode") != "External":
                target = _resolve(names, folder, el.get("Target", ""))
                if target:
                    found[el.get("Id")] = (el.get("Type", "").rpartition("/")[2], target)
    return found


def _first_sheet_rel_id(archive, workbook: str) -> str:
    for _, el in _parse(archive, workbook):
        if _local(el.tag) == "sheet":
            rel_id = el.get(f"{{{REL_NS}}}id") or el.get(f"{{{STRICT_REL_NS}}}id")
            if rel_id:
                return rel_id
    raise _damaged("the workbook has no sheet")


def _shared_strings(archive, part: str | None) -> list[str]:
    strings: list[str] = []
    if part is None:
        return strings
    root = None
    parts = 0  # elements since the last <si> ended
    for event, el in _parse(archive, part, ("start", "end")):
        if root is None:
            # <sst>, whose uniqueCount (if true) refuses a huge table at once; one that is
            # no count ('²') is ignored: the strings are counted as they are read below
            root = el
            declared = whole_number(el.get("uniqueCount"), most=10**18)
            if declared is not None and declared > MAX_SHARED_STRINGS:
                raise _too_many_strings()
        elif event == "start":
            parts += 1
            if parts > MAX_CELL_PARTS:
                raise _too_rich(_l("A text of the workbook"))
        elif _local(el.tag) == "si":
            if len(strings) >= MAX_SHARED_STRINGS:
                raise _too_many_strings()
            strings.append(_rich_text(el))
            root.clear()  # only the list grows, not a tree of emptied <si>
            parts = 0
    return strings


def _too_many_strings() -> StreamError:
    return StreamError(
        _l(
            "The workbook holds more than %(limit)s distinct texts; a grades "
            "or roster export has far fewer.",
            limit=f"{MAX_SHARED_STRINGS:,}",
        )
    )


def _rich_text(el: Element, t: str = "", r: str = "") -> str:
    """Text of an <si> or <is>: <t> directly or in runs <r>, never phonetic <rPh>.

    Pass the namespaced tags t and r on hot paths; without them local names
    are compared (any namespace).
    """
    parts = []
    for child in el:
        tag = child.tag
        if tag == t or (not t and _local(tag) == "t"):
            parts.append(child.text or "")
        elif tag == r or (not r and _local(tag) == "r"):
            parts.extend(x.text or "" for x in child if x.tag == t or _local(x.tag) == "t")
    return "".join(parts)


# --- cells ---------------------------------------------------------------------------

_COLUMNS: dict[str, int] = {}


def column_index(ref: str) -> int:
    """0-based column of a cell reference: "A1" -> 0, "AB12" -> 27."""
    letters = ref.rstrip("0123456789")
    index = _COLUMNS.get(letters)
    if index is None:
        if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
            raise _damaged(f"cell reference {ref[:20]!r}")
        index = -1
        for ch in letters.upper():
            index = (index + 1) * 26 + ord(ch) - 65
        _COLUMNS[letters] = index  # at most 26 + 26² + 26³ (×2 for case) entries
    return index


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


class _CellReader:
    """Turns <c> elements into Python values, given the sheet's namespace."""

    def __init__(self, ns: str, strings: list[str]):
        self.v, self.is_, self.t, self.r = f"{ns}v", f"{ns}is", f"{ns}t", f"{ns}r"
        self.strings = strings

    def value(self, cell: Element) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(self.is_)
            return None if inline is None else _rich_text(inline, self.t, self.r)
        raw = cell.findtext(self.v)
        if not raw:
            # styled but empty, or a formula with no saved result (<v/>, as scripts write
            # them): empty, so the row's own check names the cell, nothing is evaluated
            return None
        if kind == "s":
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError):
                raise _damaged(f"shared string {raw!r}") from None
        if kind == "n":
            try:
                return _number(raw)
            except ValueError:
                raise _damaged(f"number {raw!r}") from None
        if kind == "b":
            return raw == "1"
        return raw  # "str" (formula text), "e" (#N/A …), "d" (ISO date)


class Wanted:
    """The columns a caller reads, once it knows them (None: every column). A row then holds
    values for those columns and for its first filled cell (a footer's 合计 may be anywhere);
    other cells may be left None."""

    columns: frozenset | None = None


def iter_rows(
    path, *, max_cols: int = 200, max_cells: int = MAX_CELLS_PER_ROW, wanted: Wanted | None = None
) -> Iterator[tuple[int, list[Any]]]:
    """Yield (Excel row number, values) for each row of the first sheet holding a value.

    values[i] is column i (0-based), None where empty; columns at or past
    max_cols are dropped. Rows without any value are not yielded at all. A row with more
    than max_cells cells, or markup nested deeper than MAX_DEPTH, refuses the workbook.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _damaged(str(exc)) from None
    with archive:
        names = _part_names(archive)
        workbook = _workbook_part(archive, names)
        rels = _relationships(archive, names, workbook)
        sheet = rels.get(_first_sheet_rel_id(archive, workbook))
        if sheet is None:
            raise _damaged("the first sheet is missing")
        strings = next((p for kind, p in rels.values() if kind == "sharedStrings"), None)
        yield from _sheet_rows(
            archive,
            sheet[1],
            _shared_strings(archive, strings),
            max_cols,
            max_cells,
            wanted or Wanted(),
        )


def _sheet_rows(
    archive, part: str, strings: list[str], max_cols: int, max_cells: int, wanted: Wanted
):
    """The sheet's rows: by the fast reader while the sheet keeps to the plain shape Excel,
    WPS and openpyxl write, else (from where it stopped) by the element parser, which
    also gives every refusal."""
    fast = _FastRows(archive, part, strings, max_cols, max_cells, wanted)
    try:
        yield from fast
        return
    except _NotPlain:
        pass
    skip = fast.yielded  # identical rows, already given: the element parser starts over
    batches = _batches(archive, part, ("start", "end"))
    try:
        for row in _parse_rows(batches, strings, max_cols, max_cells):
            if skip:
                skip -= 1
                continue
            yield row
    except ParseError as exc:
        raise _damaged(f"{part}: {exc}") from None
    finally:
        batches.close()


# --- the fast reader ---------------------------------------------------------------------
#
# Profiling the university term (320k rows × 32 columns, 460 MB of sheet XML) showed the
# element parser's Python-level work per element (an Element, two events, a dict lookup per
# attribute) as nearly all of the read. The sheet data of an ordinary export is a flat run of
# <row r="…"> and <c r="…" t="…"><v>…</v></c> (or <is><t>…</t></is>) with nothing else; one
# compiled pattern splits a block of whole rows into those pieces in C. Anything outside
# that exact grammar (a comment, CDATA, a prefix, rich text, a cell without its reference,
# a row longer than _FAST_ROW_BYTES, a stray character between tags, an unknown entity,
# bytes XML forbids) hands the sheet to the element parser, so the hostile files meet the
# same limits and messages as before. The part before <sheetData> and after </sheetData>
# is still checked by the XML parser (well-formed, depth).

_FAST_CHUNK = 256 * 1024
_FAST_ROW_BYTES = 512 * 1024  # a whole row must fit (1,000 cells of 500 bytes)
_ATTR = rb'(?: (?!xmlns)[A-Za-z_][\w:.-]*="[\w:. -]*")'
_TOKENS = re.compile(
    rb'\s*(?:<row r="(\d+)"' + _ATTR + rb"*\s*(/?)>"
    rb"|(</row>)"
    rb'|<c r="([A-Z]{1,3})\d+"(?: s="\d+")?(?: t="(\w+)")?\s*'
    rb"(?:/>|>(?:<f" + _ATTR + rb"*\s*(?:/>|>[^<&]*</f>))?(?:<v>([^<]*)</v>|<v\s*/>)?"
    rb'(?:<is><t(?: xml:space="preserve")?>([^<]*)</t></is>)?</c>))'
)
_GROUPS = 8  # the text before a token, then the pattern's 7 groups
# What expat refuses and the pattern would not see: control characters, "]]>" in text,
# U+FFFE / U+FFFF.
_FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# An attribute named twice in a tag, and the namespace prefixes of attribute names: expat
# refuses the first, and a prefix not declared outside <sheetData>.
_DUPLICATE = re.compile(rb'<(?:row|f)\b[^>]*?\s([\w:.-]+)="[^"]*"[^>]*?\s\1="')
_PREFIXES = re.compile(rb' ([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*="')
_BYTE_REFERENCE = re.compile(rb"&(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_BLANK = " \t\r\n\u3000"  # what xlsx counts as a blank cell around a text
_REFERENCE = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class _NotPlain(Exception):
    """The sheet leaves the plain shape: the element parser takes over."""


def _char(m) -> str:
    if m[1]:
        return _NAMED[m[1]]
    code = int(m[2]) if m[2] else int(m[3], 16)
    if not (
        code in (9, 10, 13)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ):
        raise _NotPlain
    return chr(code)


def _text(raw: bytes) -> str:
    """Cell text as the XML parser gives it: UTF-8, line ends normalised, references."""
    try:
        text = raw.decode()
    except UnicodeDecodeError:
        raise _NotPlain from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        if text.count("&") != len(_REFERENCE.findall(text)):
            raise _NotPlain  # an "&" that starts no reference the XML parser knows
        text = _REFERENCE.sub(_char, text)
    return text


class _FastRows:
    """Rows of a plain sheet; raises _NotPlain (having yielded `yielded` rows) otherwise."""

    def __init__(self, archive, part, strings, max_cols, max_cells, wanted=None):
        self.archive, self.part, self.strings = archive, part, strings
        self.wanted = wanted or Wanted()
        self.max_cols, self.max_cells = max_cols, max_cells
        self.yielded = 0

    def __iter__(self):
        try:
            with self.archive.open(self.part) as raw:
                yield from self._read(_NoDoctype(raw))
        except (
            StreamError,
            ParseError,
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            NotImplementedError,
            ValueError,
            IndexError,
            KeyError,
        ):
            raise _NotPlain from None

    def _read(self, source):
        buffer = b""
        while (at := buffer.find(b"<sheetData>")) < 0:
            chunk = source.read(_FAST_CHUNK)
            if not chunk or len(buffer) > _FAST_ROW_BYTES:
                raise _NotPlain
            buffer += chunk
        at += len(b"<sheetData>")
        checker = _Outside(buffer[:at])
        self.prefixes = checker.prefixes
        buffer = buffer[at:]
        done = False
        while not done:
            chunk = source.read(_FAST_CHUNK)
            buffer += chunk
            end = buffer.find(b"</sheetData>")
            if end >= 0:
                block, buffer, done = buffer[:end], buffer[end:], True
            elif not chunk:
                raise _NotPlain
            else:
                cut = buffer.rfind(b"</row>")
                if cut < 0:
                    if len(buffer) > _FAST_ROW_BYTES:
                        raise _NotPlain
                    continue
                cut += 6
                block, buffer = buffer[:cut], buffer[cut:]
            for row in self._rows(block.rstrip()):
                self.yielded += 1
                yield row
        while chunk := source.read(_FAST_CHUNK):
            buffer += chunk
            if len(buffer) > _FAST_CHUNK:
                checker.feed(buffer)
                buffer = b""
        checker.feed(buffer)
        checker.close()

    def _rows(self, block: bytes):
        if (
            _FORBIDDEN.search(block)
            or b"]]>" in block
            or b"\xef\xbf\xbe" in block
            or b"\xef\xbf\xbf" in block
        ):
            raise _NotPlain
        # The whole block is checked as the XML parser would, cells skipped below included.
        block.decode()  # UTF-8, or UnicodeDecodeError: the element parser refuses it
        if b"&" in block and block.count(b"&") != len(_BYTE_REFERENCE.findall(block)):
            raise _NotPlain
        if _DUPLICATE.search(block) or not set(_PREFIXES.findall(block)) <= self.prefixes:
            raise _NotPlain
        parts = _TOKENS.split(block)
        if any(parts[::_GROUPS]):
            raise _NotPlain  # something between the tokens
        strings, max_cols, max_cells = self.strings, self.max_cols, self.max_cells
        columns = _FAST_COLUMNS
        wanted = self.wanted.columns
        number = count = 0
        filled = True
        values = None
        it = iter(parts)
        for _gap, row, empty, end, col, kind, v, text in zip(
            it, it, it, it, it, it, it, it, strict=False
        ):
            if col is not None:
                if values is None:
                    raise _NotPlain  # a cell outside a row
                count += 1
                if count > max_cells:
                    raise _NotPlain
                index = columns.get(col)
                if index is None:
                    index = columns[col] = column_index(col.decode())
                if filled and wanted is not None and index not in wanted:
                    continue
                if kind is None or kind == b"n":
                    if not v:
                        continue
                    try:
                        value = int(v)
                    except ValueError:
                        value = _number(_text(v))
                elif kind == b"inlineStr":
                    if v:
                        _text(v)  # unused, but checked as the XML parser would
                    if not text:
                        continue
                    if b"&" in text or b"\r" in text:
                        value = _text(text)
                    else:
                        try:
                            value = text.decode()
                        except UnicodeDecodeError:
                            raise _NotPlain from None
                elif not v:
                    continue
                elif kind == b"s":
                    value = strings[int(v)]
                    if not value:
                        continue
                elif kind == b"b":
                    value = (v if v in (b"0", b"1") else _text(v)) in (b"1", "1")
                else:
                    value = _text(v)
                    if not value:
                        continue
                if not filled:
                    filled = not (isinstance(value, str) and not value.strip(_BLANK))
                if index < max_cols:
                    gap = index - len(values)
                    if gap < 0:
                        values[index] = value
                    else:  # the usual next cell: appended, no list made to extend by
                        if gap:
                            values.extend([None] * gap)
                        values.append(value)
            elif row is not None:
                if values is not None:
                    raise _NotPlain  # a row inside a row
                number = int(row)
                if not empty:
                    values, count, filled = [], 0, wanted is None
            elif end is not None:
                if values is None:
                    raise _NotPlain
                if values:
                    yield number, values
                values = None
        if values is not None:
            raise _NotPlain


_FAST_COLUMNS: dict[bytes, int] = {}


class _Outside:
    """The XML parser's check of the part outside <sheetData>: well-formed, not too deep."""

    def __init__(self, head: bytes):
        self.parser = XMLPullParser(("start", "end", "start-ns"))
        self.depth = 0
        self.prefixes = {b"xml"}  # declared on <worksheet> or <sheetData>: bound in the rows
        self.pending, self.declared = [], []
        self.feed(head)
        self.prefixes.update(self.declared)  # those of <sheetData>, the last start
        if (
            self.last is None
            or not self.last.tag.startswith("{")
            or self.depth != 2
            or not self.last.tag.endswith("}sheetData")
            or self.sheet_data > 1
        ):
            raise _NotPlain

    last = None
    sheet_data = 0

    def feed(self, data: bytes) -> None:
        self.parser.feed(data)
        self._events()

    def close(self) -> None:
        self.parser.close()
        self._events()

    def _events(self) -> None:
        for event, el in self.parser.read_events():
            if event == "start-ns":
                self.pending.append(el[0].encode())
                continue
            if event == "start":
                self.depth += 1
                if self.depth == 1:
                    self.prefixes.update(self.pending)
                self.declared, self.pending = self.pending, []
                if self.depth > MAX_DEPTH:
                    raise _NotPlain
                self.last = el
                if el.tag.endswith("}sheetData"):
                    self.sheet_data += 1
            else:
                self.depth -= 1


def _too_many_cells(number: int, limit: int) -> StreamError:
    return StreamError(
        _l(
            "Row %(row)s has more than %(limit)s cells; a grades or roster "
            "sheet has a few dozen columns. Delete the unused columns and save "
            "the file again.",
            row=number,
            limit=f"{limit:,}",
        )
    )


def _parse_rows(batches, strings: list[str], max_cols: int, max_cells: int):
    """Rows, each cell read and dropped as it ends: memory holds one cell, not one row.

    A cell is read at its own end event, then removed from its row (`row.clear()`; the row's
    attributes were read at its start), so a row of millions of cells never becomes a tree.
    """
    cells = parent = row = None
    row_tag = c_tag = ""
    number = count = parts = col = 0
    values: list[Any] = []
    for event, el in _depth_checked(batches):
        if event == "start":
            if row is not None:
                if el.tag == c_tag:
                    count += 1
                    if count > max_cells:
                        raise _too_many_cells(number, max_cells)
                    parts = 0
                else:
                    parts += 1
                    if parts > MAX_CELL_PARTS:
                        raise _too_rich(_l("A cell in row %(row)s", row=number))
            elif el.tag == row_tag:
                row, count, col, values = el, 0, -1, []
                given = whole_number(el.get("r"))  # a number Excel wrote; else the next one
                number = given if given is not None else number + 1
            elif cells is None and el.tag.endswith("}sheetData"):
                ns = el.tag[:-9]
                cells, parent = _CellReader(ns, strings), el
                row_tag, c_tag = f"{ns}row", f"{ns}c"
            continue
        if el.tag == c_tag and row is not None:
            ref = el.get("r")
            col = column_index(ref) if ref else col + 1
            if col < max_cols:
                value = cells.value(el)
                if value is not None and value != "":
                    if col >= len(values):
                        values.extend([None] * (col + 1 - len(values)))
                    values[col] = value
            row.clear()  # the finished cell leaves the tree
        elif el is row:
            row = None
            el.clear()
            parent.clear()  # drop the finished row from <sheetData>
            if values:
                yield number, values
