"""Issue 21: the fast sheet reader gives exactly the element parser's rows, and hands any
sheet outside its plain shape back to the element parser (which keeps every refusal)."""

import zipfile

import openpyxl
import pytest

from portal.core import xlsx_stream
from portal.core.xlsx import WorkbookRejected, read_table

from ..xlsx_files import MAIN_NS, raw_xlsx, referenced_row

COLUMNS = {
    "student_no": ["学号"],
    "term": ["学年学期"],
    "course_code": ["课程代码"],
    "score": ["成绩"],
}
REQUIRED = ["student_no", "term", "course_code", "score"]
SHEET = "xl/worksheets/sheet1.xml"


def _sheet(path):
    archive = zipfile.ZipFile(path)
    names = xlsx_stream._part_names(archive)
    workbook = xlsx_stream._workbook_part(archive, names)
    rels = xlsx_stream._relationships(archive, names, workbook)
    sheet = rels[xlsx_stream._first_sheet_rel_id(archive, workbook)][1]
    shared = next((p for kind, p in rels.values() if kind == "sharedStrings"), None)
    return archive, sheet, xlsx_stream._shared_strings(archive, shared)


def _both(path):
    """(fast rows, element-parser rows) of a workbook's first sheet."""
    archive, sheet, strings = _sheet(path)
    fast = list(xlsx_stream._FastRows(archive, sheet, strings, 200, 1000))
    batches = xlsx_stream._batches(archive, sheet, ("start", "end"))
    return fast, list(xlsx_stream._parse_rows(batches, strings, 200, 1000))


VALUES = [
    [
        "学号 & <名>",
        1,
        2.5,
        "",
        None,
        True,
        False,
        "  ",
        "a\"b'c",
        "1e3",
        -7,
        "＝SUM(A1)",
        "行一\n行二",
        "&amp;",
        0,
        1234567890123,
        "=1+1",
        "优秀",
    ]
]


@pytest.mark.parametrize("write_only", [True, False], ids=["write-only", "normal"])
def test_issue21_an_openpyxl_export_is_read_fast_with_the_same_rows(tmp_path, write_only):
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet() if write_only else book.active
    for row in [["成绩表"], [], *VALUES, *([f"2021{i:06d}", i, i / 4] for i in range(300))]:
        sheet.append(row)
    if not write_only:
        sheet["Z400"] = "far"
    path = tmp_path / "plain.xlsx"
    book.save(path)
    fast, slow = _both(path)  # _FastRows raises _NotPlain if it gave up
    assert fast == slow and len(fast) > 300


def test_issue21_an_excel_style_sheet_with_shared_strings_and_formulas_is_read_fast(tmp_path):
    rows = (
        '<row r="1" spans="1:3" xml:lang="zh"><c r="A1" s="1" t="s"><v>0</v></c>'
        '<c r="B1" t="s"><v>1</v></c><c r="C1" s="2"><f>SUM(A2:A3)</f><v>7</v></c>'
        '<c r="D1" t="str"><f t="shared" ref="D1:D2" si="0"/><v>x&amp;y</v></c>'
        '<c r="E1" t="e"><v>#N/A</v></c><c r="F1" s="3"/><c r="G1" t="b"><v>0</v></c></row>'
        '\n<row r="3" ht="15"/>\n<row r="4"><c r="B4" t="n"><v>1.5E2</v></c></row>'
    )
    path = raw_xlsx(
        tmp_path / "excel.xlsx", rows, shared="<si><t>学号</t></si><si><t>A&lt;B</t></si>"
    )
    fast, slow = _both(path)
    assert fast == slow == [(1, ["学号", "A<B", 7, "x&y", "#N/A", None, False]), (4, [None, 150.0])]


@pytest.mark.parametrize(
    "odd",
    [
        '<!-- a comment --><row r="9"><c r="A9"><v>1</v></c></row>',
        '<row r="9"><c><v>1</v></c></row>',  # no cell reference
        '<row r="9"><c r="A9" t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t></r></is></c></row>',
        '<row r="9"><c r="A9" t="inlineStr"><is><t><![CDATA[x]]></t></is></c></row>',
        '<row r="9">\n  <c r="A9">\n    <v>1</v>\n  </c>\n</row>',
        '<row r="9" x14ac:dyDescent="0.25"><c r="A9"><v>1</v></c></row>',
        '<row r="9" ht="1" ht="2"><c r="A9"><v>1</v></c></row>',
        '<row r="9"><c r="A9" t="inlineStr"><is><t>&nbsp;</t></is></c></row>',
    ],
    ids=[
        "comment",
        "no reference",
        "rich text",
        "cdata",
        "indented",
        "unknown entity",
        "unbound prefix",
        "attribute twice",
    ],
)
def test_issue21_a_shape_the_fast_reader_does_not_know_goes_to_the_element_parser(tmp_path, odd):
    """Even late in a sheet, after thousands of rows were given: none twice, none missing."""
    plain = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{n}</t></is></c>'
        f'<c r="B{n}"><v>{n}</v></c><c r="C{n}"><v>{n}</v></c>'
        f'<c r="D{n}"><v>{n}</v></c></row>'
        for n in range(2, 9000)
    )
    header = referenced_row(1, ["学号", "学年学期", "课程代码", "成绩"])
    path = raw_xlsx(
        tmp_path / "odd.xlsx",
        header + plain + odd.replace('r="9"', 'r="9000"').replace("A9", "A9000"),
    )
    archive, sheet, strings = _sheet(path)
    with pytest.raises(xlsx_stream._NotPlain):
        list(xlsx_stream._FastRows(archive, sheet, strings, 200, 1000))
    try:
        rows = list(read_table(path, columns=COLUMNS, required=REQUIRED))
    except WorkbookRejected:
        # an undefined entity, an unbound prefix, a repeated attribute: damaged, as the
        # element parser says
        assert "nbsp" in odd or "x14ac" in odd or "ht=" in odd
        return
    numbers = [row.number for row in rows]
    assert numbers[:8998] == list(range(2, 9000)) and len(numbers) == len(set(numbers))


def test_issue21_a_footer_in_a_column_not_imported_still_ends_the_table(tmp_path):
    """Past the header only the mapped columns are converted, but a row's first filled cell
    is too: 合计 in an unmapped column still ends the data."""
    rows = [referenced_row(1, ["备注", "学号", "学年学期", "课程代码", "成绩"])]
    for n in range(2, 12000):  # well past the first block, where columns start to be skipped
        rows.append(
            f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>  </t></is></c>'
            f'<c r="B{n}"><v>{n}</v></c><c r="C{n}" t="inlineStr"><is><t>2024-2025-1'
            f'</t></is></c><c r="D{n}" t="inlineStr"><is><t>MA{n}</t></is></c>'
            f'<c r="E{n}"><v>80</v></c><c r="F{n}" t="inlineStr"><is><t>x</t></is></c>'
            "</row>"
        )
    rows.append(
        '<row r="12000"><c r="A12000" t="inlineStr"><is><t>合计</t></is></c>'
        '<c r="E12000"><v>1</v></c></row>'
        '<row r="12001"><c r="B12001"><v>1</v></c></row>'
    )
    path = raw_xlsx(tmp_path / "footer.xlsx", "".join(rows))
    table = list(read_table(path, columns=COLUMNS, required=REQUIRED))
    assert len(table) == 11998 and table[-1].number == 11999
    assert table[-1].values == {
        "student_no": 11999,
        "term": "2024-2025-1",
        "course_code": "MA11999",
        "score": 80,
    }


def test_issue21_bad_bytes_in_a_skipped_column_are_still_damage(tmp_path):
    """Cells not converted are still checked: text the XML parser refuses stays refused."""
    header = referenced_row(1, ["学号", "学年学期", "课程代码", "成绩"])
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}" t="inlineStr"><is>'
        f'<t>2024-2025-1</t></is></c><c r="C{n}" t="inlineStr"><is><t>M</t></is>'
        f'</c><c r="D{n}"><v>80</v></c></row>'
        for n in range(2, 12000)
    )
    bad = '<row r="12000"><c r="A12000"><v>1</v></c><c r="H12000" t="inlineStr"><is><t>\x01</t></is></c></row>'
    path = raw_xlsx(tmp_path / "bad.xlsx", header + rows + bad)
    with pytest.raises(WorkbookRejected) as e:
        list(read_table(path, columns=COLUMNS, required=REQUIRED))
    assert "damaged" in str(e.value.message)
    assert MAIN_NS  # the sheet is in the main namespace, so only the bytes are wrong
