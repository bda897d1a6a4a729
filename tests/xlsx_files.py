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


ROSTER_HEADER = ["学号", "姓名", "性别", "学院", "专业", "年级", "班级", "籍贯", "联系电话",
                 "家长姓名", "家长关系", "家长电话", "家庭住址", "家庭情况", "延长学习年限"]


def roster_row(number, name="张三", klass="生科2301班", **kw) -> list:
    values = {"学号": number, "姓名": name, "性别": "男", "学院": "生命科学学院", "专业": "生物科学",
              "年级": 2023, "班级": klass, "籍贯": "甘肃兰州", "联系电话": "13800000001",
              "家长姓名": "张父", "家长关系": "父亲", "家长电话": "13900000001",
              "家庭住址": "兰州市某路1号", "家庭情况": "", "延长学习年限": "否"}
    values.update(kw)
    return [values[h] for h in ROSTER_HEADER]


GRADES_HEADER = ["学号", "姓名", "学年学期", "课程代码", "课程名称", "学分", "成绩", "考试性质",
                 "是否学位课", "教学班", "任课教师"]


def grade_row(number, term="2024-2025-1", code="MA101", score=85, kind="正考", credits=4,
              name="高等数学", degree="是") -> list:
    return [number, "张三", term, code, name, credits, score, kind, degree, "1班", "李老师"]
