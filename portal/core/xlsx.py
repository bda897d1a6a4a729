"""Safe reading of uploaded .xlsx / .xls workbooks.

Two steps, both needed for every import (security.md checks 19–21,
warning-rules.md §4):

1. `precheck` looks at the bytes and, for .xlsx, only the zip's central
   directory, before any library opens the file: a zip bomb, a renamed CSV or
   web page, or a macro workbook is refused in milliseconds.
2. `read_table` finds the header row, maps columns by header name and yields
   the data rows with their Excel row numbers. .xlsx goes through the
   streaming reader in `xlsx_stream` (calamine's dense grid can be made to
   allocate hundreds of GiB by one far-away cell); .xls through calamine,
   whose grid the format caps at 65,536 × 256.
"""

from __future__ import annotations

import io
import os
import sys
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from flask_babel import lazy_gettext as _l

from portal.core import xlsx_stream
from portal.core.i18n import TranslatedError

MB = 1024 * 1024
MAX_PARTS = 200
MAX_UNPACKED = 50 * MB
MAX_RATIO = 100
RATIO_FLOOR = 1 * MB  # tiny parts compress absurdly well without being bombs
MAX_XLS_BYTES = 10 * MB
MAX_CONTENT_TYPES = 1 * MB

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

FOOTER_PREFIXES = (
    "合计",
    "总计",
    "制表人",
    "制表时间",
    "制表日期",
    "审核人",
    "打印时间",
    "打印日期",
    "备注:",
)  # after NFKC, "备注：" has an ASCII colon


class WorkbookRejected(TranslatedError):
    """The file is refused as a whole; `message` is a lazy translation."""


_NOT_DEFUSED = (
    "openpyxl is not using defusedxml: install defusedxml and do not set OPENPYXL_DEFUSEDXML=False"
)


def assert_defusedxml() -> None:
    """openpyxl must parse through defusedxml (billion laughs, XXE: check 21). Asked by
    the code that loads openpyxl, before it uses it."""
    import openpyxl

    if openpyxl.DEFUSEDXML is not True:
        raise RuntimeError(_NOT_DEFUSED)


def assert_defusedxml_configured() -> None:
    """The start-up's part of the guard, without importing openpyxl (a tenth of a second of
    every command, issue 21): refuses the setting that would make openpyxl parse without
    defusedxml (the same test openpyxl makes when it is imported; defusedxml itself is
    imported by this module), and an openpyxl already imported without it."""
    loaded = sys.modules.get("openpyxl")
    if os.environ.get("OPENPYXL_DEFUSEDXML", "True") != "True" or (
        loaded is not None and getattr(loaded, "DEFUSEDXML", None) is not True
    ):
        raise RuntimeError(_NOT_DEFUSED)


# --- 1. pre-check ------------------------------------------------------------------------


def precheck(
    path_or_bytes,
    *,
    filename: str,
    max_bytes: int = MAX_XLS_BYTES,
    max_parts: int = MAX_PARTS,
    max_unpacked: int = MAX_UNPACKED,
    max_ratio: int = MAX_RATIO,
) -> str:
    """Return "xlsx" or "xls" for an acceptable upload; raise WorkbookRejected otherwise.

    The kind comes from the file name and must agree with the content.
    """
    ext = Path(filename).suffix.lower()
    if ext in (".xlsm", ".xltm", ".xlsb"):
        raise WorkbookRejected(_l("Macro-enabled workbooks (.xlsm, VBA) are not accepted."))
    if ext not in (".xlsx", ".xls"):
        raise WorkbookRejected(_l("Only .xlsx and .xls files are accepted."))
    with _binary(path_or_bytes) as f:
        head = f.read(512)  # magic numbers, and enough to tell HTML from CSV
        size = f.seek(0, io.SEEK_END)
        f.seek(0)
        if not head:
            raise WorkbookRejected(_l("The file is empty."))
        if ext == ".xlsx":
            _check_xlsx(f, head, max_parts, max_unpacked, max_ratio)
            return "xlsx"
        _check_xls(head, size, max_bytes)
        return "xls"


@contextmanager
def _binary(source) -> Iterator[IO[bytes]]:
    """Open a path, wrap bytes, or borrow an open binary file (left open)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        yield io.BytesIO(source)
    elif isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as f:
            yield f
    else:
        source.seek(0)
        yield source


def _not_a_workbook(head: bytes, ext: str) -> WorkbookRejected:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        return WorkbookRejected(
            _l(
                "This %(ext)s file is really a web page (HTML), as some systems export. "
                "Open it in Excel and save it as .xlsx.",
                ext=ext,
            )
        )
    return WorkbookRejected(
        _l(
            "This file is not a real %(ext)s workbook (it may be a CSV or text file renamed). "
            "Open it in Excel and save it as .xlsx.",
            ext=ext,
        )
    )


def _check_xls(head: bytes, size: int, max_bytes: int) -> None:
    if head.startswith(ZIP_MAGIC):
        raise WorkbookRejected(_l("This file is an .xlsx workbook named .xls; rename it to .xlsx."))
    if not head.startswith(OLE2_MAGIC):
        raise _not_a_workbook(head, ".xls")
    if size > max_bytes:
        raise WorkbookRejected(
            _l(
                "The file is %(size)s MB; the limit for .xls files is %(limit)s MB.",
                **_in_mb(size, max_bytes),
            )
        )


def _in_mb(size: int, limit: int) -> dict[str, str]:
    """A size and its limit, the parameters of a refusal's message, in MB."""
    return {"size": _mb(size), "limit": _mb(limit)}


def _mb(n: int) -> str:
    return f"{n / MB:.1f}".removesuffix(".0")


def _check_xlsx(
    f: IO[bytes], head: bytes, max_parts: int, max_unpacked: int, max_ratio: int
) -> None:
    if head.startswith(OLE2_MAGIC):
        raise WorkbookRejected(
            _l(
                "This file is password-protected or an old .xls workbook named .xlsx. "
                "Remove the password, or rename it to .xls."
            )
        )
    if not head.startswith(ZIP_MAGIC):
        raise _not_a_workbook(head, ".xlsx")
    try:
        archive = zipfile.ZipFile(f)  # reads the central directory only
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise _not_a_workbook(b"", ".xlsx") from None
    with archive:
        parts = archive.infolist()
        _check_zip_limits(parts, max_parts, max_unpacked, max_ratio)
        _check_parts(parts)
        _check_content_types(archive, parts)


def _check_zip_limits(
    parts: list[zipfile.ZipInfo], max_parts: int, max_unpacked: int, max_ratio: int
) -> None:
    if len(parts) > max_parts:
        raise WorkbookRejected(
            _l(
                "The workbook has %(count)s parts; the limit is %(limit)s parts.",
                count=len(parts),
                limit=max_parts,
            )
        )
    unpacked = sum(p.file_size for p in parts)
    if unpacked > max_unpacked:
        raise WorkbookRejected(
            _l(
                "The workbook unpacks to %(size)s MB; the limit is %(limit)s MB unpacked.",
                **_in_mb(unpacked, max_unpacked),
            )
        )
    for p in parts:
        ratio = p.file_size / max(p.compress_size, 1)
        if p.file_size > RATIO_FLOOR and ratio > max_ratio:
            raise WorkbookRejected(
                _l(
                    "A part of the workbook is compressed %(ratio)s times; the limit is a "
                    "compression ratio of %(limit)s (possible zip bomb).",
                    ratio=int(ratio),
                    limit=max_ratio,
                )
            )


def _check_parts(parts: list[zipfile.ZipInfo]) -> None:
    names = [p.filename.lower() for p in parts]
    if len(set(names)) != len(names):
        raise WorkbookRejected(_l("The workbook is damaged (duplicate parts)."))
    if any(n.endswith("vbaproject.bin") for n in names):
        raise WorkbookRejected(_l("Macro-enabled workbooks (.xlsm, VBA) are not accepted."))
    for p in parts:
        if p.flag_bits & 0x1:
            raise WorkbookRejected(_l("Password-protected workbooks are not accepted."))
        if p.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookRejected(_l("The workbook is damaged (unsupported compression)."))


def _check_content_types(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> None:
    info = next((p for p in parts if p.filename.lower() == "[content_types].xml"), None)
    if info is None or info.file_size > MAX_CONTENT_TYPES:
        raise WorkbookRejected(_l("The file is a zip archive but not an Excel workbook."))
    try:
        root = SafeET.fromstring(archive.read(info), forbid_dtd=True)
    except (DefusedXmlException, SafeET.ParseError, zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookRejected(_l("The workbook is damaged (content types).")) from None
    types = [el.get("ContentType", "") for el in root]
    if any("macroenabled" in t.lower() or "vbaproject" in t.lower() for t in types):
        raise WorkbookRejected(_l("Macro-enabled workbooks (.xlsm, VBA) are not accepted."))
    declared = any(
        el.tag.endswith("Override") and el.get("ContentType") == WORKBOOK_TYPE for el in root
    )
    if not declared:
        raise WorkbookRejected(_l("The file is a zip archive but not an Excel workbook."))


# --- 2. reading a table ---------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel shows it: 1-based, title and header rows counted
    column: str  # the header as written in the file ("" when not about one column)
    message: Any  # lazy translation


class TableError(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(f"{e.row} {e.column}: {e.message}" for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Row:
    number: int  # Excel row number
    values: dict[str, Any]  # canonical key -> raw cell value (None when empty)


# A required entry is a key, or a tuple of alternatives where each alternative
# is a key or a tuple of keys that must all be present:
#     "student_no"                           学号 must be there
#     ("term", ("academic_year", "semester"))  学年学期, or 学年 + 学期
Required = str | tuple[str | tuple[str, ...], ...]


def normalize_header(value: Any) -> str:
    """Header text for matching: NFKC, no whitespace, ASCII case folded, no "*"/（必填）."""
    s = "".join(unicodedata.normalize("NFKC", str(value)).split()).casefold()
    s = s.removeprefix("*")  # templates also mark required columns in front
    while True:
        trimmed = s.removesuffix("*").removesuffix("(必填)")
        if trimmed == s:
            return s
        s = trimmed


def _alternatives(entry: Required) -> list[tuple[str, ...]]:
    if isinstance(entry, str):
        return [(entry,)]
    return [(alt,) if isinstance(alt, str) else tuple(alt) for alt in entry]


@dataclass
class Table:
    """The header facts of a sheet; iterate it (once) for the data rows."""

    header_row: int
    columns: dict[str, int]  # key -> 0-based column index
    headers: dict[str, str]  # key -> header as written in the file
    max_rows: int
    _rows: Iterator[tuple[int, list[Any]]] = field(repr=False)
    _source: Any = field(repr=False, default=None)

    def __iter__(self) -> Iterator[Row]:
        mapped = sorted(self.columns.values())
        keys, columns = tuple(self.columns), tuple(self.columns.values())
        # One C call picks a row's mapped cells (a university term: 320,000 rows × 32
        # columns, of which about ten are read); short rows are padded to the last one.
        pick = itemgetter(*columns) if len(columns) > 1 else lambda v: (v[columns[0]],)
        width = max(columns) + 1
        try:
            for number, values in self._rows:
                if _is_footer(values, mapped):
                    break  # 合计, 制表人 …: whatever follows is not data
                if len(values) < width:
                    values = [*values, *([None] * (width - len(values)))]
                cells = pick(values)
                for v in cells:  # any filled: a loop, not a generator of calls (issue 21)
                    if v is not None and (not isinstance(v, str) or v.strip(_BLANKS)):
                        break
                else:
                    continue
                if number > self.max_rows:
                    raise TableError(
                        [
                            RowError(
                                number,
                                "",
                                _l("The sheet has more than %(limit)s rows.", limit=self.max_rows),
                            )
                        ]
                    )
                yield Row(number, dict(zip(keys, cells, strict=True)))
        finally:
            self.close()

    def close(self) -> None:
        if self._source is not None:
            self._source.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def read_table(
    path,
    *,
    columns: Mapping[str, Sequence[str]],
    required: Sequence[Required],
    max_rows: int = 1_100_000,
    max_cols: int = 200,
    header_search_rows: int = 10,
    kind: str | None = None,
    engine: str = "auto",
    max_cells: int = xlsx_stream.MAX_CELLS_PER_ROW,
) -> Table:
    """Find the header row of the first sheet and return a Table of its data rows.

    `columns` maps a key to the header spellings it accepts; `required` lists
    the keys (or alternatives, see `Required`) that must be in the header row.
    `kind` is what `precheck` returned for the upload; when None the pre-check
    runs here (a stored upload with a generated name is judged by its content).
    `engine`: "auto" (stream for xlsx, calamine for xls), "stream" or "calamine".
    `max_cells`: an .xlsx row with more cells is refused as it is read (an .xls row has
    at most 256 by its format).
    Raises WorkbookRejected (bad file) or TableError (no usable header row).
    """
    _check_required(columns, required)
    if kind is None:
        kind = _precheck_stored(path)
    if engine == "auto":
        engine = "stream" if kind == "xlsx" else "calamine"
    wanted = xlsx_stream.Wanted()
    source = _source(path, engine, max_cols, max_cells, wanted)
    head = []
    try:
        for number, values in source:
            head.append((number, values))
            if number >= header_search_rows:
                break
        header_at, mapping = _find_header(head, columns, required, header_search_rows)
        wanted.columns = frozenset(mapping.values())  # later rows: only these (and footers)
    except BaseException:
        source.close()
        raise
    number, values = head[header_at]
    rest = chain(head[header_at + 1 :], source)
    return Table(
        number,
        mapping,
        {k: str(values[c]).strip() for k, c in mapping.items()},
        max_rows,
        rest,
        source,
    )


def _precheck_stored(path) -> str:
    name = os.fspath(path)
    if Path(name).suffix.lower() not in (".xlsx", ".xls"):
        with open(name, "rb") as f:
            name = "upload.xls" if f.read(8) == OLE2_MAGIC else "upload.xlsx"
    return precheck(path, filename=name)


def _check_required(columns: Mapping[str, Sequence[str]], required: Sequence[Required]) -> None:
    for entry in required:
        for alt in _alternatives(entry):
            unknown = [k for k in alt if k not in columns]
            if unknown:
                raise ValueError(f"required keys not in columns: {unknown}")


def _source(
    path, engine: str, max_cols: int, max_cells: int, wanted=None
) -> Iterator[tuple[int, list[Any]]]:
    """(Excel row number, values) of rows holding a value; reader errors become rejections."""
    try:
        if engine == "stream":
            yield from xlsx_stream.iter_rows(
                path, max_cols=max_cols, max_cells=max_cells, wanted=wanted
            )
        else:
            yield from _calamine_rows(path, max_cols)
    except xlsx_stream.StreamError as exc:
        raise WorkbookRejected(exc.message) from None


def _calamine_rows(path, max_cols: int) -> Iterator[tuple[int, list[Any]]]:
    from python_calamine import CalamineError, CalamineWorkbook  # .xls only: on first use

    try:
        with CalamineWorkbook.from_path(os.fspath(path)) as workbook:
            # iter_rows() starts at sheet row 1 even when the first rows are empty,
            # so enumerate gives the Excel row number.
            for number, row in enumerate(workbook.get_sheet_by_index(0).iter_rows(), start=1):
                values = [None if v == "" else v for v in row[:max_cols]]
                if any(v is not None for v in values):
                    yield number, values
    except CalamineError as exc:
        raise WorkbookRejected(
            _l("The workbook is damaged and cannot be read (%(detail)s).", detail=str(exc)[:200])
        ) from None


def _find_header(head, columns, required, search_rows: int) -> tuple[int, dict[str, int]]:
    """Index in `head` of the first row with every required entry, and its key -> column."""
    spellings = {key: {normalize_header(s) for s in names} for key, names in columns.items()}
    best = None  # (entries satisfied, index, mapping, missing)
    for index, (number, values) in enumerate(head):
        if number > search_rows:
            break
        mapping = _map_columns(values, spellings)
        missing = [
            e
            for e in required
            if not any(all(k in mapping for k in alt) for alt in _alternatives(e))
        ]
        if not missing:
            return index, mapping
        score = len(required) - len(missing)
        if best is None or score > best[0]:
            best = (score, index, mapping, missing)
    row = head[best[1]][0] if best else 1
    names = ", ".join(describe_required(e, columns) for e in (best[3] if best else required))
    raise TableError(
        [
            RowError(
                row,
                names,
                _l(
                    "No header row in the first %(rows)s rows has the required columns; missing: "
                    "%(columns)s",
                    rows=search_rows,
                    columns=names,
                ),
            )
        ]
    )


def _map_columns(values: list[Any], spellings: dict[str, set[str]]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for col, value in enumerate(values):
        if value is None:
            continue
        header = normalize_header(value)
        for key, names in spellings.items():
            if key not in mapping and header in names:
                mapping[key] = col  # the leftmost matching column wins
    return mapping


def describe_required(entry: Required, columns: Mapping[str, Sequence[str]]) -> str:
    """How a required entry reads in messages: "学年学期 / 学年 + 学期"."""
    return " / ".join(" + ".join(columns[k][0] for k in alt) for alt in _alternatives(entry))


def _cell(values: list[Any], col: int) -> Any:
    return values[col] if col < len(values) else None


_BLANKS = " \t\r\n\u3000"


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip(_BLANKS))


def _plainly_data(v: Any) -> bool:
    """A filled cell that cannot start a footer: not text, or ASCII text (every footer word
    has a CJK character). Lets the usual data row skip the search for its first cells."""
    if v is None:
        return False
    if v.__class__ is not str:
        return True
    return v.isascii() and bool(v.strip(_BLANKS))


def _is_footer(values: list[Any], mapped: list[int]) -> bool:
    """A footer starts with 合计, 制表人 … in the row's first filled cell, mapped or not."""
    if values and _plainly_data(values[0]) and _plainly_data(_cell(values, mapped[0])):
        return False  # both first filled cells are these, and neither is a footer word
    firsts = [
        next((v for v in values if not _blank(v)), None),
        next((v for c in mapped if not _blank(v := _cell(values, c))), None),
    ]
    for v in firsts:
        if isinstance(v, str) and not v.isascii():  # every prefix has a CJK character
            text = "".join(unicodedata.normalize("NFKC", v).split())
            if text.startswith(FOOTER_PREFIXES):
                return True
    return False
