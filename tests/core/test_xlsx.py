"""Upload pre-check and table reading (security.md checks 19–21, warning-rules.md §4)."""

import io
import tracemalloc
import zipfile

import openpyxl
import pytest

from portal.core import cells, xlsx, xlsx_stream
from portal.core.xlsx import Row, TableError, WorkbookRejected, precheck, read_table

from ..xlsx_files import referenced_row

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"

GRADE_COLUMNS = {
    "student_no": ["学号", "student_no", "学生学号"],
    "name": ["姓名", "name"],
    "term": ["学年学期", "term"],
    "academic_year": ["学年"],
    "semester": ["学期"],
    "course_code": ["课程代码"],
    "credits": ["学分"],
    "score": ["成绩"],
    "exam_kind": ["考试性质", "成绩性质"],
}
GRADE_REQUIRED = ["student_no", ("term", ("academic_year", "semester")), "course_code", "score"]


def rejection(exc_info) -> str:
    return str(exc_info.value.message)


def refusal(path) -> str:
    """Why reading `path` as a grades table is refused (it must be, at the read_table call)."""
    with pytest.raises(WorkbookRejected) as e:
        read_table(path, columns=GRADE_COLUMNS, required=["student_no"])
    return rejection(e)


# --- building files ---------------------------------------------------------------------


def save_xlsx(path, rows):
    """A real workbook written by openpyxl (shared strings, as Excel writes them)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    wb.save(path)
    return path


def content_types(main=MAIN_TYPE, extra=""):
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
        f'/package/2006/content-types"><Default Extension="rels" ContentType="application/'
        f'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        f'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        f'ContentType="{main}"/>{extra}</Types>'
    )


def package(
    path,
    sheet_data,
    *,
    shared=None,
    shared_attributes="",
    sheet_target="worksheets/sheet1.xml",
    prolog="",
    compression=zipfile.ZIP_DEFLATED,
    extra_parts=None,
):
    """A minimal hand-made .xlsx, to exercise XML shapes openpyxl never writes."""
    rels = (
        f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{REL_NS}/'
        f'worksheet" Target="{sheet_target}"/><Relationship Id="rId2" Type="{REL_NS}/'
        f'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    workbook = (
        f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets><sheet name="成绩" '
        f'sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    sheet = f'{prolog}<worksheet xmlns="{MAIN_NS}"><sheetData>{sheet_data}</sheetData></worksheet>'
    root_rels = (
        f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{REL_NS}/'
        f'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    parts = {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": root_rels,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": rels,
        "xl/worksheets/sheet1.xml": sheet,
        **(extra_parts or {}),
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN_NS}"{shared_attributes}>{shared}</sst>'
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return path


def zip_of(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.fixture
def grades_file(tmp_path):
    """A grades export as 教务 systems make them: titles, 学年 + 学期, extras, footer."""
    return save_xlsx(
        tmp_path / "grades.xlsx",
        [
            ["XX大学学生成绩单"],
            ["学院：生命科学学院", None, None, "打印日期：2025-01-20"],
            [],
            [
                "序号",
                " 学号* ",
                "姓名",
                "学年",
                "学期（必填）",
                "课程代码",
                "教学班",
                "学分",
                "成绩",
                "考试性质",
                "任课教师",
            ],
            [1, 2021001, "张三", "2024-2025", 1, "B001", "B001-01", 2.5, 85, "正考", "王老师"],
            [
                2,
                "00210017",
                "李四",
                "2024-2025",
                "一",
                "B001",
                "B001-02",
                2.5,
                "59.5",
                "正考",
                "王",
            ],
            [
                3,
                "2021003",
                "王五",
                "2024-2025",
                "第二学期",
                "B002",
                None,
                "3",
                "优秀",
                "补考",
                None,
            ],
            [None, None, None, None, None, None, "note", None, None, None, None],
            [4, 2021004, "赵六", "2024-2025", 2, "B003", None, 1, "缺考", "重修", None],
            [],
            ["合计", None, None, None, None, None, None, 9, None],
            [None, 9999999, "不该读到", "2024-2025", 1, "X", None, 1, 1, "正考"],
        ],
    )


# --- A. pre-check -----------------------------------------------------------------------


def test_real_workbook_passes_as_path_bytes_and_file(grades_file):
    assert precheck(grades_file, filename="成绩.xlsx") == "xlsx"
    data = grades_file.read_bytes()
    assert precheck(data, filename="grades.XLSX") == "xlsx"
    assert precheck(io.BytesIO(data), filename="grades.xlsx") == "xlsx"


@pytest.mark.parametrize("filename", ["grades.csv", "grades", "grades.xlsx.exe", "a.ods"])
def test_other_extensions_refused(tmp_path, grades_file, filename):
    with pytest.raises(WorkbookRejected) as e:
        precheck(grades_file, filename=filename)
    assert ".xlsx" in rejection(e)


def test_renamed_csv_refused(tmp_path):
    csv = tmp_path / "grades.xlsx"
    csv.write_text("学号,姓名\n2021001,张三\n", encoding="utf-8-sig")
    with pytest.raises(WorkbookRejected) as e:
        precheck(csv, filename="grades.xlsx")
    assert "CSV" in rejection(e)


@pytest.mark.parametrize("ext", [".xlsx", ".xls"])
@pytest.mark.parametrize("start", ["", "\ufeff\r\n\r\n\r\n   "])
def test_renamed_html_refused(tmp_path, ext, start):
    page = tmp_path / f"export{ext}"
    page.write_text(start + "<html><body><table><tr><td>学号</td></tr></table></body></html>")
    with pytest.raises(WorkbookRejected) as e:
        precheck(page, filename=page.name)
    assert "HTML" in rejection(e)


@pytest.mark.parametrize("ext", [".xlsx", ".xls"])
def test_empty_file_refused(tmp_path, ext):
    with pytest.raises(WorkbookRejected) as e:
        precheck(b"", filename=f"x{ext}")
    assert "empty" in rejection(e)


def test_macro_workbook_refused(tmp_path):
    path = zip_of(
        tmp_path / "macro.xlsx",
        {
            "[Content_Types].xml": content_types(
                MACRO_TYPE,
                '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
            ),
            "xl/workbook.xml": "<workbook/>",
            "xl/vbaProject.bin": b"\x00" * 64,
        },
    )
    for name in ("macro.xlsx", "macro.xlsm"):
        with pytest.raises(WorkbookRejected) as e:
            precheck(path, filename=name)
        assert "Macro" in rejection(e)


def test_vba_part_refused_even_with_a_plain_content_type(tmp_path):
    path = zip_of(
        tmp_path / "sneaky.xlsx",
        {
            "[Content_Types].xml": content_types(),
            "xl/workbook.xml": "<workbook/>",
            "xl/VBAProject.bin": b"x",
        },
    )
    with pytest.raises(WorkbookRejected) as e:
        precheck(path, filename="sneaky.xlsx")
    assert "Macro" in rejection(e)


def test_zip_bomb_refused_unopened_naming_the_limit(tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types())
        with z.open("xl/worksheets/sheet1.xml", "w") as part:
            zeros = bytes(1024 * 1024)
            for _ in range(60):
                part.write(zeros)
    assert bomb.stat().st_size < 1024 * 1024  # small on disk
    opened = []
    open_part = zipfile.ZipFile.open
    monkeypatch.setattr(
        zipfile.ZipFile,
        "open",
        lambda z, name, *a, **k: opened.append(str(name)) or open_part(z, name, *a, **k),
    )
    tracemalloc.start()
    with pytest.raises(WorkbookRejected) as e:
        precheck(bomb, filename="bomb.xlsx")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # Refused from the archive's directory: the 60 MB part is never unpacked.
    assert "xl/worksheets/sheet1.xml" not in opened and peak < 10 * 1024 * 1024
    assert "50 MB" in rejection(e)


def test_high_compression_ratio_refused(tmp_path):
    path = zip_of(
        tmp_path / "ratio.xlsx",
        {
            "[Content_Types].xml": content_types(),
            "xl/worksheets/sheet1.xml": bytes(5 * 1024 * 1024),
        },
    )
    with pytest.raises(WorkbookRejected) as e:
        precheck(path, filename="ratio.xlsx")
    assert "compression ratio of 100" in rejection(e)


def test_tiny_parts_may_compress_well(tmp_path):
    # A 50 KB run of zeros compresses ~1000×, but under 1 MB it is no bomb.
    path = zip_of(
        tmp_path / "ok.xlsx", {"[Content_Types].xml": content_types(), "xl/pad.bin": bytes(50_000)}
    )
    assert precheck(path, filename="ok.xlsx") == "xlsx"


def test_too_many_parts_refused(tmp_path):
    parts = {"[Content_Types].xml": content_types()}
    parts.update({f"xl/media/p{i}.xml": "<x/>" for i in range(201)})
    with pytest.raises(WorkbookRejected) as e:
        precheck(zip_of(tmp_path / "parts.xlsx", parts), filename="parts.xlsx")
    assert "200 parts" in rejection(e)


@pytest.mark.parametrize(
    "parts",
    [
        {"hello.txt": "not a workbook"},
        {
            "[Content_Types].xml": content_types(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
            )
        },
        {"[Content_Types].xml": "not xml at all <"},
        {
            "[Content_Types].xml": '<!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]><Types>&x;'
            "</Types>"
        },
    ],
)
def test_zip_that_is_not_a_workbook_refused(tmp_path, parts):
    with pytest.raises(WorkbookRejected):
        precheck(zip_of(tmp_path / "x.xlsx", parts), filename="x.xlsx")


def test_xls_magic_and_size(tmp_path):
    ole = xlsx.OLE2_MAGIC + bytes(4096)
    assert precheck(ole, filename="old.xls") == "xls"
    with pytest.raises(WorkbookRejected) as e:
        precheck(xlsx.OLE2_MAGIC + bytes(11 * 1024 * 1024), filename="old.xls")
    assert "10 MB" in rejection(e)
    assert precheck(ole, filename="old.xls", max_bytes=4200) == "xls"
    with pytest.raises(WorkbookRejected):
        precheck(b"\x09\x08\x10\x00\x00\x06\x05\x00" + bytes(100), filename="biff.xls")


def test_xls_and_xlsx_swapped_names_get_specific_messages(grades_file):
    with pytest.raises(WorkbookRejected) as e:
        precheck(grades_file, filename="grades.xls")
    assert "rename it to .xlsx" in rejection(e)
    with pytest.raises(WorkbookRejected) as e:
        precheck(xlsx.OLE2_MAGIC + bytes(512), filename="grades.xlsx")
    assert "password" in rejection(e)


def test_defusedxml_is_asserted(monkeypatch):
    xlsx.assert_defusedxml()
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError):
        xlsx.assert_defusedxml()


def test_messages_are_lazy_translations(tmp_path):
    with pytest.raises(WorkbookRejected) as e:
        precheck(b"", filename="x.xlsx")
    assert type(e.value.message).__name__ == "LazyString"


# --- B. reading a table -------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["auto", "stream", "calamine"])
def test_grades_export(grades_file, engine):
    table = read_table(grades_file, columns=GRADE_COLUMNS, required=GRADE_REQUIRED, engine=engine)
    assert table.header_row == 4
    assert table.headers["student_no"] == "学号*"
    assert table.headers["semester"] == "学期（必填）"
    rows = list(table)
    assert [r.number for r in rows] == [5, 6, 7, 9]  # blank, note-only and footer rows skipped
    assert set(rows[0].values) == {
        "student_no",
        "name",
        "academic_year",
        "semester",
        "course_code",
        "credits",
        "score",
        "exam_kind",
    }
    parsed = [
        (
            cells.student_no(r.values["student_no"]),
            cells.term_from_parts(r.values["academic_year"], r.values["semester"]),
            cells.credits(r.values["credits"]),
            cells.score(r.values["score"]),
            cells.exam_kind(r.values["exam_kind"]),
        )
        for r in rows
    ]
    assert [p[0] for p in parsed] == ["2021001", "00210017", "2021003", "2021004"]
    assert [p[1] for p in parsed] == ["2024-2025-1", "2024-2025-1", "2024-2025-2", "2024-2025-2"]
    assert [p[2] for p in parsed] == [cells.Fraction(5, 2), cells.Fraction(5, 2), 3, 1]
    assert [(p[3].value, p[3].passed, p[3].absent) for p in parsed] == [
        (85, True, False),
        (cells.Fraction(119, 2), False, False),
        (95, True, False),
        (0, False, True),
    ]
    assert [p[4] for p in parsed] == ["regular", "regular", "makeup", "retake"]


def test_single_term_column_satisfies_the_alternative(tmp_path):
    path = save_xlsx(
        tmp_path / "g.xlsx",
        [["学号", "学年学期", "课程代码", "成绩"], ["0021", "2024-2025学年第一学期", "B1", "良"]],
    )
    [row] = read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED)
    assert row == Row(
        2,
        {"student_no": "0021", "term": "2024-2025学年第一学期", "course_code": "B1", "score": "良"},
    )


def test_header_matching_ignores_space_case_and_required_marks(tmp_path):
    path = save_xlsx(
        tmp_path / "g.xlsx",
        [
            ["\u3000Student_No ", "TERM", "课程代码（必填）", "*成绩 *"],
            ["1", "2024-2025-1", "B", 1],
        ],
    )
    table = read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED)
    assert table.columns == {"student_no": 0, "term": 1, "course_code": 2, "score": 3}


def test_missing_headers_reported_by_name(tmp_path):
    path = save_xlsx(
        tmp_path / "g.xlsx",
        [["成绩单"], ["学号", "学年", "课程代码", "分数"], ["1", "2024-2025", "B", 1]],
    )
    with pytest.raises(TableError) as e:
        read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED)
    [error] = e.value.errors
    assert error.row == 2  # the row that came closest
    assert "学年学期 / 学年 + 学期" in error.column and "成绩" in error.column
    assert "成绩" in str(error.message)


def test_header_must_be_within_the_first_rows(tmp_path):
    rows = [[f"说明 {i}"] for i in range(10)] + [["学号", "学年学期", "课程代码", "成绩"]]
    path = save_xlsx(tmp_path / "g.xlsx", rows)
    with pytest.raises(TableError):
        read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED)
    table = read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED, header_search_rows=11)
    assert table.header_row == 11


def test_first_complete_header_row_wins(tmp_path):
    path = save_xlsx(
        tmp_path / "g.xlsx",
        [
            ["学号"],
            ["学号", "学年学期", "课程代码", "成绩"],
            ["学号", "学年学期", "课程代码", "成绩"],
        ],
    )
    assert read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED).header_row == 2


def test_leftmost_duplicate_header_wins(tmp_path):
    path = save_xlsx(
        tmp_path / "g.xlsx",
        [["学生学号", "学号", "学年学期", "课程代码", "成绩"], ["A", "B", "2024-2025-1", "C", 1]],
    )
    [row] = read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED)
    assert row.values["student_no"] == "A"


def test_empty_sheet_has_no_header(tmp_path):
    with pytest.raises(TableError):
        read_table(
            save_xlsx(tmp_path / "e.xlsx", []), columns=GRADE_COLUMNS, required=GRADE_REQUIRED
        )


def test_unknown_required_key_is_a_programming_error(grades_file):
    with pytest.raises(ValueError):
        read_table(grades_file, columns=GRADE_COLUMNS, required=["nope"])


@pytest.mark.parametrize(
    "footer",
    [
        "合计",
        "总 计",
        "制表人：张老师",
        "审核人:",
        "打印时间 2025",
        "制表时间",
        "备注：以上成绩已审核",
    ],
)
def test_footers_end_the_table(tmp_path, footer):
    path = save_xlsx(
        tmp_path / "f.xlsx",
        [
            ["学号", "学年学期", "课程代码", "成绩"],
            ["1", "2024-2025-1", "B", 90],
            [footer],
            ["2", "2024-2025-1", "B", 90],
        ],
    )
    rows = list(read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED))
    assert [r.number for r in rows] == [2]


def test_row_cap(tmp_path):
    rows = [["学号", "学年学期", "课程代码", "成绩"]] + [
        [i, "2024-2025-1", "B", 60] for i in range(12)
    ]
    path = save_xlsx(tmp_path / "big.xlsx", rows)
    table = read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED, max_rows=10)
    with pytest.raises(TableError) as e:
        list(table)
    assert e.value.errors[0].row == 11


def test_column_cap_drops_far_columns(tmp_path):
    path = save_xlsx(
        tmp_path / "wide.xlsx",
        [["学号", "学年学期", "课程代码", "成绩", "姓名"], ["1", "2024-2025-1", "B", 60, "张三"]],
    )
    [row] = read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED, max_cols=4)
    assert "name" not in row.values


def test_stored_upload_with_a_generated_name(grades_file, tmp_path):
    stored = tmp_path / "3f2a9c"
    stored.write_bytes(grades_file.read_bytes())
    assert read_table(stored, columns=GRADE_COLUMNS, required=GRADE_REQUIRED).header_row == 4
    stored.write_text("学号,成绩\n")
    with pytest.raises(WorkbookRejected):
        read_table(stored, columns=GRADE_COLUMNS, required=GRADE_REQUIRED)


def test_sheet_formatted_down_to_the_last_row_reads_in_bounded_memory(tmp_path):
    """A formatted cell in XFD1048576 claims a sheet of 17 billion cells: the reader reads
    the rows there are, in the memory of a few rows (its speed is bench/'s to measure)."""
    data = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{r}</t></is></c>'
        f'<c r="B{r}" t="inlineStr"><is><t>2024-2025-1</t></is></c>'
        f'<c r="C{r}" t="inlineStr"><is><t>B</t></is></c><c r="D{r}"><v>70</v></c>'
        f"</row>"
        for r in range(2, 50)
    )
    header = referenced_row(1, ["学号", "学年学期", "课程代码", "成绩"])
    tail = (
        '<row r="1048575" s="1" customFormat="1"><c r="J1048575" s="1"/></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    path = package(tmp_path / "formatted.xlsx", header + data + tail)
    tracemalloc.start()
    rows = list(read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(rows) == 48 and peak < 2 * 1024 * 1024


def test_real_xls(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("成绩")
    sheet.write(1, 0, "成绩单")  # row 1 of the sheet stays empty
    for c, h in enumerate(["学号", "学年", "学期", "课程代码", "成绩", "备注"]):
        sheet.write(2, c, h)
    for c, v in enumerate([2021001, "2024-2025", 1, "B1", 88, "x"]):
        sheet.write(3, c, v)
    for c, v in enumerate(["0021", "2024-2025", "二", "B2", "不及格"]):
        sheet.write(5, c, v)
    sheet.write(6, 0, "合计")
    path = tmp_path / "old.xls"
    book.save(str(path))
    assert precheck(path, filename="old.xls") == "xls"
    rows = list(read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED))
    assert [r.number for r in rows] == [4, 6]
    assert cells.student_no(rows[0].values["student_no"]) == "2021001"
    assert rows[1].values["student_no"] == "0021"


# --- the streaming reader on shapes openpyxl never writes ------------------------------------


@pytest.mark.parametrize(
    ("ref", "index"), [("A1", 0), ("Z9", 25), ("AA1", 26), ("AB12", 27), ("XFD1048576", 16383)]
)
def test_column_index(ref, index):
    assert xlsx_stream.column_index(ref) == index


@pytest.mark.parametrize("ref", ["1A", "", "A-1", "ABCD1", "Ａ1"])
def test_bad_cell_reference_is_damage(ref):
    with pytest.raises(xlsx_stream.StreamError):
        xlsx_stream.column_index(ref)


def test_stream_cell_kinds_and_gaps(tmp_path):
    shared = (
        "<si><t>学号</t></si><si><r><t>成</t></r><r><rPr/><t>绩</t></r>"
        '<rPh sb="0" eb="1"><t>せい</t></rPh></si>'
        '<si><t xml:space="preserve"> 0021 </t></si>'
    )
    data = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="C3"><v>59.5</v></c></row>'
        '<row><c t="inlineStr"><is><t>行四</t></is></c><c/><c t="b"><v>1</v></c></row>'
        '<row r="7"><c r="A7"><v>2021001</v></c><c r="C7" t="e"><v>#N/A</v></c></row>'
        '<row r="8"><c r="A8" s="3"/><c r="B8" t="str"><f>1+1</f><v>2</v></c>'
        '<c r="C8"><f>100-1</f><v></v></c></row>'
    )
    path = package(
        tmp_path / "kinds.xlsx", data, shared=shared, sheet_target="/xl/worksheets/sheet1.xml"
    )  # an absolute target
    assert list(xlsx_stream.iter_rows(path)) == [
        (1, ["学号", None, "成绩"]),
        (3, [" 0021 ", None, 59.5]),
        (4, ["行四", None, True]),
        (7, [2021001, None, "#N/A"]),
        (8, [None, "2"]),
    ]


def test_a_huge_table_of_texts_is_refused_before_it_fills_memory(tmp_path, monkeypatch):
    """Counted while read (a file may leave uniqueCount out), refused past the cap."""
    monkeypatch.setattr(xlsx_stream, "MAX_SHARED_STRINGS", 3)
    shared = "".join(f"<si><t>文本{i}</t></si>" for i in range(4))
    path = package(
        tmp_path / "texts.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared=shared
    )
    assert "more than 3 distinct texts" in refusal(path)


def test_a_declared_huge_table_of_texts_is_refused_at_once(tmp_path):
    path = package(
        tmp_path / "texts.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
        shared="<si><t>学号</t></si>",
        shared_attributes=' uniqueCount="3000000"',
    )
    assert "1,000,000 distinct texts" in refusal(path)


def test_damaged_part_is_a_rejection(tmp_path):
    path = package(
        tmp_path / "bad.xlsx",
        '<row r="1"><c r="A1" t="inlineStr"><is><t>学号XYZ</t></is></c></row>',
        compression=zipfile.ZIP_STORED,
    )
    data = path.read_bytes()
    path.write_bytes(data.replace("学号XYZ".encode(), "学号XYQ".encode()))  # CRC now wrong
    with pytest.raises(WorkbookRejected):
        list(read_table(path, columns=GRADE_COLUMNS, required=["student_no"]))


def test_broken_xml_is_a_rejection(tmp_path):
    path = package(tmp_path / "bad.xlsx", '<row r="1"><c r="A1"><v>1</v></row>')
    refusal(path)


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)
CELL_A1 = '<row r="1"><c r="A1" t="inlineStr"><is><t>学号</t></is></c></row>'


@pytest.mark.parametrize(
    ("prolog", "cell", "expected"),
    [
        (LAUGHS, "&lol9;", "document type"),
        ('<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;", "document type"),
        ('<?xml version="1.0" encoding="UTF-16"?>', "1", "UTF-8"),
        ('<?xml version="1.0" encoding="cp037"?>', "1", "UTF-8"),
    ],
)
def test_xml_attacks_refused_unexpanded(tmp_path, prolog, cell, expected):
    body = CELL_A1 + f'<row r="2"><c r="A2" t="inlineStr"><is><t>{cell}</t></is></c></row>'
    path = package(tmp_path / "evil.xlsx", body, prolog=prolog)
    assert precheck(path, filename="evil.xlsx") == "xlsx"  # only the zip is checked there
    tracemalloc.start()
    message = refusal(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 10 * 1024 * 1024  # nine levels of laughs expanded would be 3 GB
    assert expected in message and "root:" not in message


def test_dtd_split_across_chunks_is_still_seen(tmp_path):
    padding = "<!--" + "x" * (xlsx_stream._CHUNK - 11) + "-->"  # "<!DO" | "CTYPE": split
    path = package(tmp_path / "evil.xlsx", CELL_A1, prolog=padding + "<!DOCTYPE w []>")
    assert "document type" in refusal(path)


def test_calamine_engine_still_reads_xlsx(tmp_path):
    path = package(
        tmp_path / "k.xlsx",
        '<row r="2"><c r="B2" t="inlineStr"><is><t>学号</t>'
        '</is></c></row><row r="3"><c r="B3"><v>7</v></c></row>',
    )
    rows = list(read_table(path, columns=GRADE_COLUMNS, required=["student_no"], engine="calamine"))
    assert [(r.number, r.values) for r in rows] == [(3, {"student_no": 7.0})]


# --- issue 15, finding 8: one huge row, deep nesting ---------------------------------------

HUGE_HEADER = ["学号", "学年学期", "课程代码", "成绩"]


def _peak_while(read) -> int:
    """Peak bytes allocated by Python while `read()` runs (tracemalloc, not the clock)."""
    tracemalloc.start()
    try:
        read()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_finding_8_a_row_with_more_cells_than_the_limit_is_refused(tmp_path, tally):
    from ..xlsx_files import huge_row_xlsx

    path = huge_row_xlsx(tmp_path / "wide.xlsx", HUGE_HEADER, 1001)
    with pytest.raises(WorkbookRejected) as e:
        list(read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED))
    assert "Row 2 has more than 1,000 cells" in rejection(e)
    tally.update(kind="workbooks with a huge row", tried=1, refused=1)
    path = huge_row_xlsx(tmp_path / "ok.xlsx", HUGE_HEADER, 1000)  # at the limit: read
    [row] = read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED)
    assert row.values["student_no"] == 0


def test_finding_8_a_huge_header_row_is_refused_before_any_row_is_read(tmp_path, tally):
    from ..xlsx_files import raw_xlsx

    path = raw_xlsx(tmp_path / "h.xlsx", '<row r="1">' + "<c><v>1</v></c>" * 5000 + "</row>")
    with pytest.raises(WorkbookRejected) as e:
        read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED, max_cells=100)
    assert "Row 1 has more than 100 cells" in rejection(e)
    tally.update(kind="workbooks with a huge row", tried=1, refused=1)


def test_finding_8_one_row_of_300000_cells_is_refused_in_bounded_memory(tmp_path, tally):
    """The reported file: a single row of millions of cells took the worker to 1.4 GB; the
    cells are now counted as they are read and the row refused at the limit."""
    from ..xlsx_files import huge_row_xlsx

    path = huge_row_xlsx(tmp_path / "huge.xlsx", HUGE_HEADER, 300_000)

    def read():
        with pytest.raises(WorkbookRejected):
            list(read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED))

    assert _peak_while(read) < 5 * 1024 * 1024
    tally.update(kind="workbooks with a huge row", tried=1, refused=1)


def test_finding_8_even_a_long_row_allowed_by_the_limit_is_read_cell_by_cell(tmp_path):
    """Memory does not grow with the row, whatever the limit is set to."""
    from ..xlsx_files import huge_row_xlsx

    path = huge_row_xlsx(tmp_path / "huge.xlsx", HUGE_HEADER, 300_000)
    rows = []
    peak = _peak_while(
        lambda: rows.extend(
            read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED, max_cells=10**9)
        )
    )
    assert len(rows) == 1 and peak < 5 * 1024 * 1024


@pytest.mark.parametrize("shared", [False, True], ids=["in a cell", "in shared strings"])
def test_finding_8_deeply_nested_rich_text_is_refused(tmp_path, shared, tally):
    from ..xlsx_files import nested_text_xlsx

    path = nested_text_xlsx(tmp_path / "deep.xlsx", HUGE_HEADER, 100_000, shared=shared)

    def read():
        with pytest.raises(WorkbookRejected) as e:
            list(read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED))
        assert "more than 32 levels deep" in rejection(e)

    peak = _peak_while(read)
    assert peak < 5 * 1024 * 1024
    tally.update(kind="workbooks nested too deep", tried=1, refused=1)


def test_finding_8_a_cell_of_thousands_of_rich_text_runs_is_refused(tmp_path, tally):
    from ..xlsx_files import inline_row, raw_xlsx

    runs = "<r><t>x</t></r>" * 1500
    path = raw_xlsx(
        tmp_path / "runs.xlsx",
        inline_row(1, HUGE_HEADER) + f'<row r="2"><c t="inlineStr"><is>{runs}</is></c></row>',
    )
    with pytest.raises(WorkbookRejected) as e:
        list(read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED))
    assert "A cell in row 2 holds more than 2,000 pieces of formatted text" in rejection(e)
    tally.update(kind="workbooks nested too deep", tried=1, refused=1)


def test_finding_8_ordinary_rich_text_and_nesting_still_read(tmp_path):
    from ..xlsx_files import inline_row, raw_xlsx

    rich = "<r><rPr><b/></rPr><t>20</t></r><r><t>21</t></r><rPh><t>x</t></rPh>"
    path = raw_xlsx(
        tmp_path / "rich.xlsx",
        inline_row(1, HUGE_HEADER)
        + f'<row r="2"><c t="inlineStr"><is>{rich}</is></c><c t="s"><v>0</v></c>'
        "</row>",
        shared="<si><r><t>2024-2025</t></r><r><t>-1</t></r></si>",
    )
    [row] = read_table(path, columns=GRADE_COLUMNS, required=GRADE_REQUIRED)
    assert row.values["student_no"] == "2021" and row.values["term"] == "2024-2025-1"
