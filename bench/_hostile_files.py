"""The files bench/import_bench.py imports: good grades sheets and the hostile set (zip
bombs, XML attacks, macros, renamed files, damaged parts, formulas, control characters,
bad rows after good ones), each with what the portal should do with it."""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = ["学号", "姓名", "学年学期", "课程代码", "课程名称", "学分", "成绩", "考试性质"]
BAD_TERM = "2026-2027-1"  # files that may be read write here, apart from the good sheets

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)
XXE = '<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


# --- writing workbooks ----------------------------------------------------------------


def grade_row(number: str, course: str, score=75) -> list:
    return [number, "某某", BAD_TERM, course, "基准课程", 2, score, "正考"]


def good_rows(numbers: list[str], count: int, term: str, prefix: str):
    """`count` rows: every student once per course, as many courses as it takes."""
    for i in range(count):
        yield [
            numbers[i % len(numbers)],
            "某某",
            term,
            f"{prefix}{i // len(numbers):04d}",
            "基准课程",
            2,
            60 + i % 41,
            "正考",
        ]


def write_workbook(path: Path, rows) -> None:
    """A workbook as openpyxl writes it (a text starting with "=" becomes a formula)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)


def write_xls(path: Path, rows: list[list]) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("成绩")
    for r, row in enumerate([HEADER, *rows]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(path))


class Raw(str):
    """A cell's XML written as is; "{ref}" stands for its reference (a formula, an entity)."""


def cell_xml(ref: str, value) -> str:
    if isinstance(value, Raw):
        return value.replace("{ref}", ref)
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def rows_xml(rows: list[list], first: int = 1) -> str:
    return "".join(
        f'<row r="{n}">'
        + "".join(cell_xml(f"{'ABCDEFGH'[c]}{n}", v) for c, v in enumerate(row))
        + "</row>"
        for n, row in enumerate(rows, start=first)
    )


def content_types(main: str = WORKBOOK_TYPE, extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
        '.org/package/2006/content-types"><Default Extension="rels" ContentType="application'
        '/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType'
        f'="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{main}"/>'
        f"{extra}</Types>"
    )


def zip_of(path: Path, parts: dict, compression: int = zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def package(
    path: Path,
    sheet_data: str,
    *,
    prolog: str = "",
    shared: str | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> None:
    """A minimal hand-made .xlsx, for XML shapes openpyxl never writes."""
    sheet = f'{prolog}<worksheet xmlns="{MAIN_NS}"><sheetData>{sheet_data}</sheetData></worksheet>'
    parts = {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="'
        f'{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets><sheet '
        'name="成绩" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{REL_NS}/'
            f'worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="'
            f'{REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    zip_of(path, parts, compression)


# --- the bad files ----------------------------------------------------------------------


def zip_bomb(path: Path, numbers) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types())
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            for _ in range(60):
                part.write(bytes(1024 * 1024))


def too_many_parts(path: Path, numbers) -> None:
    zip_of(
        path,
        {
            "[Content_Types].xml": content_types(),
            **{f"xl/media/p{i}.xml": "<x/>" for i in range(201)},
        },
    )


def macro_workbook(path: Path, numbers) -> None:
    vba = '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    zip_of(
        path,
        {
            "[Content_Types].xml": content_types(MACRO_TYPE, vba),
            "xl/workbook.xml": "<workbook/>",
            "xl/vbaProject.bin": bytes(64),
        },
    )


def vba_in_plain_xlsx(path: Path, numbers) -> None:
    zip_of(
        path,
        {
            "[Content_Types].xml": content_types(),
            "xl/workbook.xml": "<workbook/>",
            "xl/vbaProject.bin": bytes(64),
        },
    )


def shared_strings_flood(count: int) -> Callable:
    """`count` distinct strings: read whole before the sheet, as every reader must."""

    def build(path: Path, numbers) -> None:
        package(path, '<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
            with archive.open("xl/sharedStrings.xml", "w") as part:
                part.write(f'<sst xmlns="{MAIN_NS}">'.encode())
                for start in range(0, count, 100_000):
                    part.write(
                        "".join(
                            f"<si><t>{i:07x}</t></si>"
                            for i in range(start, min(count, start + 100_000))
                        ).encode()
                    )
                part.write(b"</sst>")

    return build


def attack_in_a_cell(prolog: str, cell: str) -> Callable:
    """A valid header and row whose course name holds `cell` (an entity reference)."""

    def build(path: Path, numbers) -> None:
        row = grade_row(numbers[0], "XML001")
        row[4] = Raw('<c r="{ref}" t="inlineStr"><is><t>' + cell + "</t></is></c>")
        package(path, rows_xml([HEADER, row]), prolog=prolog)

    return build


def huge_row(cells: int) -> Callable:
    """Issue 15, finding 8: the header, then one row of `cells` numeric cells. Varied values
    keep the compression ratio far under the zip-bomb limit, so only the reader can refuse
    it (3.3 million cells: about 10 MB zipped, 50 MB unpacked)."""

    def build(path: Path, numbers) -> None:
        import random

        rng = random.Random(8)
        header = (
            '<row r="1">'
            + "".join(cell_xml(f"{'ABCDEFGH'[c]}1", h) for c, h in enumerate(HEADER))
            + "</row>"
        )
        row = (
            '<row r="2">'
            + "".join(f"<c><v>{rng.randrange(10)}</v></c>" for _ in range(cells))
            + "</row>"
        )
        package(path, header + row)

    return build


def nested_rich_text(depth: int) -> Callable:
    """Issue 15, finding 8: a cell whose rich text nests `depth` elements, under random names
    (so the part compresses about twofold and passes the zip checks)."""

    def build(path: Path, numbers) -> None:
        import random
        import string

        rng = random.Random(8)
        names = ["".join(rng.choices(string.ascii_lowercase, k=5)) for _ in range(depth)]
        nested = (
            "".join(f"<{n}>" for n in names) + "x" + "".join(f"</{n}>" for n in reversed(names))
        )
        package(
            path,
            rows_xml([HEADER]) + f'<row r="2"><c r="A2" t="inlineStr"><is>{nested}</is></c></row>',
        )

    return build


def damaged_crc(path: Path, numbers) -> None:
    package(
        path, rows_xml([HEADER, grade_row(numbers[0], "CRC001")]), compression=zipfile.ZIP_STORED
    )
    data = path.read_bytes()
    path.write_bytes(data.replace("基准课程".encode(), "基准课堂".encode(), 1))  # CRC now wrong


def broken_xml(path: Path, numbers) -> None:
    package(path, rows_xml([HEADER]) + '<row r="2"><c r="A2"><v>1</v></row>')


def raw_control_characters(path: Path, numbers) -> None:
    row = grade_row(numbers[0], "CCR001")
    row[4] = "高等\x07数学\x1b"  # not allowed in XML 1.0, even as &#7;
    package(path, rows_xml([HEADER, row]))


def formatted_to_last_row(path: Path, numbers) -> None:
    rows = [grade_row(number, "FMT001") for number in numbers[:48]]
    tail = (
        '<row r="1048575" s="1" customFormat="1"><c r="J1048575" s="1"/></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    package(path, rows_xml([HEADER, *rows]) + tail)


def formulas_with_cached_values(path: Path, numbers) -> None:
    """As Excel saves them: the formula and its last result (77, where 100-1 gives 99)."""
    formula = Raw('<c r="{ref}"><f>100-1</f><v>77</v></c>')
    package(path, rows_xml([HEADER, *(grade_row(n, "FXC001", formula) for n in numbers[:20])]))


def formulas_without_values(path: Path, numbers) -> None:
    """As openpyxl and scripts write them: a formula and no result."""
    write_workbook(path, [grade_row(n, "FXN001", "=100-1") for n in numbers[:20]])


def control_characters_xls(path: Path, numbers) -> None:
    rows = [grade_row(n, "CCX001") for n in numbers[:20]]
    for row in rows:
        row[1], row[4] = "张\x00三", "高等\x07数学\x1b(上)"
    write_xls(path, rows)


def control_characters_xlsx(path: Path, numbers) -> None:
    """Tab, CR and LF are legal in XML; Excel writes other controls as _x0007_."""
    rows = [grade_row(n, "CCT001") for n in numbers[:20]]
    for row in rows:
        row[4] = "高等\t数学\r\n(上)_x0007_"
    package(path, rows_xml([HEADER, *rows]))


def bad_rows_at_the_end(good: int) -> Callable:
    """`good` valid rows, then an unknown student and a score of 150: all or nothing."""

    def build(path: Path, numbers) -> None:
        rows = [
            grade_row(numbers[i % len(numbers)], f"AON{i // len(numbers):03d}") for i in range(good)
        ]
        write_workbook(
            path, [*rows, grade_row("19990000", "AON999"), grade_row(numbers[0], "AON998", 150)]
        )

    return build


def write_bytes(data: bytes) -> Callable:
    return lambda path, numbers: path.write_bytes(data)


def renamed(real: Callable) -> Callable:
    """A real workbook under a name of the other kind."""
    return lambda path, numbers: real(path, [grade_row(numbers[0], "REN001")])


def stored_values(prefix: str) -> Callable:
    """What a file that was read left in core_grade_record, to show nothing was evaluated."""

    def check(engine) -> str:
        from sqlalchemy import text

        with engine.connect() as connection:
            stored = connection.execute(
                text(
                    "SELECT DISTINCT score, course_name FROM core_grade_record "
                    "WHERE course_code LIKE :p"
                ),
                {"p": f"{prefix}%"},
            ).all()
        controls = any(unicodedata.category(ch) == "Cc" for _, name in stored for ch in name)
        shown = ", ".join(f"score {score} name {name!r}" for score, name in stored[:2])
        return f"stored: {shown or 'nothing'}" + (
            "; !! control characters kept" if controls else ""
        )

    return check


@dataclass(frozen=True)
class Case:
    label: str
    filename: str
    build: Callable
    expect: str = "refuse"  # or "either": read safely is an acceptable outcome
    check: Callable | None = None


def bad_cases(quick: bool) -> list[Case]:
    return [
        Case("zip bomb (60 MB of zeros)", "bomb.xlsx", zip_bomb),
        Case("too many parts (201)", "parts.xlsx", too_many_parts),
        Case("macro workbook .xlsm", "macro.xlsm", macro_workbook),
        Case("VBA part in a plain .xlsx", "vba.xlsx", vba_in_plain_xlsx),
        Case(
            "renamed CSV as .xlsx",
            "csv.xlsx",
            write_bytes("学号,姓名\n2021001,张三\n".encode("utf-8-sig")),
        ),
        Case(
            "renamed HTML as .xls",
            "html.xls",
            write_bytes(
                b"\xef\xbb\xbf\r\n<html><body><table><tr><td>x</td></tr></table></body></html>"
            ),
        ),
        Case("renamed HTML as .xlsx", "html.xlsx", write_bytes(b"<html><table></table></html>")),
        Case(".xlsx named .xls", "swapped.xls", renamed(write_workbook)),
        Case(".xls (OLE2) named .xlsx", "swapped.xlsx", write_bytes(OLE2_MAGIC + bytes(4096))),
        Case(
            "zip that is a .docx",
            "docx.xlsx",
            lambda path, numbers: zip_of(path, {"[Content_Types].xml": content_types(WORD_TYPE)}),
        ),
        Case("XXE (file:///etc/passwd)", "xxe.xlsx", attack_in_a_cell(XXE, "&xxe;")),
        Case("billion laughs", "laughs.xlsx", attack_in_a_cell(LAUGHS, "&lol9;")),
        Case(
            "sheet XML declared UTF-16",
            "utf16.xlsx",
            attack_in_a_cell('<?xml version="1.0" encoding="UTF-16"?>', "x"),
        ),
        Case("damaged part (bad CRC)", "crc.xlsx", damaged_crc),
        Case("broken XML", "broken.xlsx", broken_xml),
        Case("raw control chars in sheet XML", "controls_raw.xlsx", raw_control_characters),
        Case(
            f"shared strings, {'300k' if quick else '3M'} distinct",
            "strings.xlsx",
            shared_strings_flood(300_000 if quick else 3_000_000),
        ),
        Case(
            f"one row of {'330k' if quick else '3.3M'} cells",
            "huge_row.xlsx",
            huge_row(330_000 if quick else 3_300_000),
        ),
        Case(
            f"rich text nested {'100k' if quick else '1M'} deep",
            "nested.xlsx",
            nested_rich_text(100_000 if quick else 1_000_000),
        ),
        Case("formatted to row 1,048,576", "formatted.xlsx", formatted_to_last_row, "either"),
        Case(
            "formulas =100-1, cached 77",
            "formulas.xlsx",
            formulas_with_cached_values,
            "either",
            stored_values("FXC"),
        ),
        Case(
            "formulas =100-1, no cached value",
            "formulas_bare.xlsx",
            formulas_without_values,
            "either",
            stored_values("FXN"),
        ),
        Case(
            "control chars in text (.xls)",
            "controls.xls",
            control_characters_xls,
            "either",
            stored_values("CCX"),
        ),
        Case(
            "tab/CR/LF, _x0007_ (.xlsx)",
            "controls.xlsx",
            control_characters_xlsx,
            "either",
            stored_values("CCT"),
        ),
        Case(
            "unknown student + score 150",
            "last_rows.xlsx",
            bad_rows_at_the_end(200 if quick else 1000),
        ),
    ]


# --- running and reporting -------------------------------------------------------------
