"""The .xlsx writing of export.py (openpyxl): imported by the first export, not by every
start-up (issue 21), and only through the defusedxml guard."""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy
from io import BytesIO

from .xlsx import assert_defusedxml

assert_defusedxml()  # before openpyxl is used for anything (security.md check 21)

from openpyxl import Workbook  # noqa: E402
from openpyxl.cell import WriteOnlyCell  # noqa: E402
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from openpyxl.worksheet.worksheet import Worksheet  # noqa: E402

from .export import Formatted, Sheet, defuse  # noqa: E402

_THIN = Side(style="thin", color="999999")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5EE")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def clean_text(value: str) -> str:
    """Control characters make openpyxl raise; they carry no meaning in a cell."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def text_cell(value: str) -> str:
    """What an exported text cell holds: defused first (a leading tab or CR still counts),
    then stripped of the control characters openpyxl refuses."""
    return clean_text(defuse(value))


def _cell(ws: Worksheet, value, *, header: bool = False, style=None) -> WriteOnlyCell:
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=text_cell(value))
        cell.data_type = "s"  # text stays text: "=HYPERLINK(…)" is never a formula
    elif type(value) is Formatted:
        cell = _cell(ws, value.value, header=header, style=style)
        cell.number_format = value.format
        return cell
    else:
        cell = WriteOnlyCell(ws, value=value)
    if style is not None:  # a copy of a styled cell's style ids: registering a style per
        cell._style = copy(style)  # cell costs ten times the cell (a 23,000-row export)
        return cell
    cell.border = _BORDER
    if header:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return cell


def _sheet_title(title: str) -> str:
    return "".join(ch for ch in clean_text(str(title)) if ch not in "[]:*?/\\")[:31] or "Sheet"


def write_sheet(book: Workbook, sheet: Sheet) -> int:
    ws = book.create_sheet(_sheet_title(sheet.title))
    for index, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.append([_cell(ws, str(h), header=True) for h in sheet.headers])
    styles, plain = _column_styles(ws, sheet)
    count = 0
    for row in sheet.rows:
        if len(row) > len(styles):  # a row longer than the headers keeps every cell
            styles += [plain] * (len(row) - len(styles))
        ws.append(
            [_cell(ws, value, style=style) for value, style in zip(row, styles, strict=False)]
        )
        count += 1
    return count


def _column_styles(ws: Worksheet, sheet: Sheet) -> tuple[list, object]:
    """Each column's body style, its number format (`Sheet.formats`) included, made once a
    column and copied into its cells; and the plain body style."""
    plain = _cell(ws, None)._style
    formatted = {}
    for number_format in {f for f in sheet.formats if f}:
        cell = _cell(ws, None)
        cell.number_format = number_format
        formatted[number_format] = cell._style
    styles = [formatted[f] if f else plain for f in sheet.formats]
    return styles + [plain] * (len(sheet.headers) - len(styles)), plain


def workbook_bytes(sheets: Iterable[Sheet]) -> BytesIO:
    book = Workbook(write_only=True)
    for sheet in sheets:
        write_sheet(book, sheet)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer
