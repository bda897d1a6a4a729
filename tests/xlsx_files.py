"""Build real workbooks for tests, messy the way 教务 exports are."""

from pathlib import Path

from openpyxl import Workbook


def write_xlsx(path: Path, rows: list[list], *, title_rows: list[list] = ()) -> Path:
    book = Workbook()
    sheet = book.active
    for row in [*title_rows, *rows]:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # "=…" typed by a person is text, not a formula
    book.save(path)
    return path


ROSTER_HEADER = [
    "学号",
    "姓名",
    "性别",
    "学院",
    "专业",
    "年级",
    "班级",
    "籍贯",
    "联系电话",
    "家长姓名",
    "家长关系",
    "家长电话",
    "家庭住址",
    "家庭情况",
    "延长学习年限",
]


def roster_row(number, name="张三", klass="生科2301班", **kw) -> list:
    values = {
        "学号": number,
        "姓名": name,
        "性别": "男",
        "学院": "生命科学学院",
        "专业": "生物科学",
        "年级": 2023,
        "班级": klass,
        "籍贯": "甘肃兰州",
        "联系电话": "13800000001",
        "家长姓名": "张父",
        "家长关系": "父亲",
        "家长电话": "13900000001",
        "家庭住址": "兰州市某路1号",
        "家庭情况": "",
        "延长学习年限": "否",
    }
    values.update(kw)
    return [values[h] for h in ROSTER_HEADER]


def roster_xlsx(path: Path, *rows: list) -> Path:
    """A roster workbook: ROSTER_HEADER, then `rows` (see `roster_row`)."""
    return write_xlsx(path, [ROSTER_HEADER, *rows])


GRADES_HEADER = (
    "学号 姓名 学年学期 课程代码 课程名称 学分 成绩 考试性质 是否学位课 教学班 任课教师"
).split()


def grades_xlsx(path: Path, *rows: list) -> Path:
    """A grade workbook: GRADES_HEADER, then `rows` (see `grade_row`)."""
    return write_xlsx(path, [GRADES_HEADER, *rows])


def grade_row(
    number,
    term="2024-2025-1",
    code="MA101",
    score=85,
    kind="正考",
    credits=4,
    name="高等数学",
    degree="是",
) -> list:
    return [number, "张三", term, code, name, credits, score, kind, degree, "1班", "李老师"]


# --- hostile shapes openpyxl never writes (issue 15, finding 8) ---------------------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def referenced_row(number: int, texts: list[str]) -> str:
    """Sheet XML of row `number` whose cells, named A1, B1, … as Excel writes them, hold
    `texts` inline."""
    cells = "".join(
        f'<c r="{column}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
        for column, text in zip("ABCDEFGHIJ", texts, strict=False)
    )
    return f'<row r="{number}">{cells}</row>'


def raw_xlsx(path: Path, sheet_data: str, *, shared: str | None = None) -> Path:
    """A minimal hand-made .xlsx whose sheet data (and shared strings) are written as given."""
    import zipfile

    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="'
            'application/vnd.openxmlformats-package.relationships+xml"/><Default Extension='
            '"xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            f'ContentType="{_MAIN_TYPE}"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PKG_REL_NS}"><Relationship Id="rId1" Type="'
            f'{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{_REL_NS}"><sheets><sheet '
            'name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PKG_REL_NS}"><Relationship Id="rId1" Type="{_REL_NS}/'
            f'worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="'
            f'{_REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{MAIN_NS}"><sheetData>{sheet_data}</sheetData></worksheet>'
        ),
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN_NS}">{shared}</sst>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def inline_row(number: int, values: list) -> str:
    return (
        f'<row r="{number}">'
        + "".join(
            f'<c t="inlineStr"><is><t>{v}</t></is></c>'
            if isinstance(v, str)
            else f"<c><v>{v}</v></c>"
            for v in values
        )
        + "</row>"
    )


def huge_row_xlsx(path: Path, header: list, cells: int) -> Path:
    """The header, then one row of `cells` numeric cells (the 3.3-million-cell row)."""
    row = '<row r="2">' + "".join(f"<c><v>{n % 997}</v></c>" for n in range(cells)) + "</row>"
    return raw_xlsx(path, inline_row(1, header) + row)


def nested_text_xlsx(path: Path, header: list, depth: int, *, shared: bool = False) -> Path:
    """The header, then a cell whose rich text is nested `depth` elements deep (in the sheet,
    or in the shared strings table)."""
    nested = "<r>" * depth + "<t>x</t>" + "</r>" * depth
    if shared:
        return raw_xlsx(
            path,
            inline_row(1, header) + '<row r="2"><c t="s"><v>0</v></c></row>',
            shared=f"<si>{nested}</si>",
        )
    return raw_xlsx(
        path, inline_row(1, header) + f'<row r="2"><c t="inlineStr"><is>{nested}</is></c></row>'
    )


def post_import(client, kind: str, path: Path, **options):
    """`path` posted to the import page of `kind`; `options` go to the test client."""
    with open(path, "rb") as handle:
        return client.post(
            f"/imports/{kind}",
            data={"file": (handle, path.name)},
            content_type="multipart/form-data",
            **options,
        )
