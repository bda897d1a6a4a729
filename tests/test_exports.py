"""Export control (security.md check 24): every .xlsx download, found by walking every GET
route, is audited with its row count; past the per-user limit an export is refused (429);
students and volunteers have no export at all."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.core.export import EXPORT_ACTIONS, XLSX_MIMETYPE
from portal.core.models import AuditEvent

from .modules.test_followup_privacy import fill, get_rules, get_urls, records  # noqa: F401
from .test_matrix import world  # noqa: F401


def exports_logged(db) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.detail)
            .where(AuditEvent.action.in_(EXPORT_ACTIONS))
            .order_by(AuditEvent.id)
        )
    )


def test_every_export_is_audited_with_its_row_count(app, client, login, db, world):
    users, ids, _b = world
    login(users["secretary"])  # every export (ROLE_EXPORTS)
    found = 0
    for url in get_urls(app, {**ids, "term_id": ids["term_id"]}):
        before = len(exports_logged(db))
        response = client.get(url)
        if response.mimetype == XLSX_MIMETYPE:
            found += 1
            logged = exports_logged(db)
            assert len(logged) == before + 1, url
            assert logged[-1].startswith("rows="), (url, logged[-1])
    assert found >= 3  # the review, the hours, a student's archive


def test_exports_past_the_limit_are_refused(app, client, login, db, world, monkeypatch):
    users, _ids, _b = world
    monkeypatch.setitem(app.config, "EXPORT_LIMIT", 2)
    login(users["leader"])
    answers = [client.get("/review/export.xlsx").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    assert len(exports_logged(db)) == 2


@pytest.mark.parametrize("role", ["student", "volunteer"])
def test_students_and_volunteers_have_no_export(app, client, login, world, role):
    users, ids, _b = world
    login(users[role])
    downloads = [url for url in get_urls(app, ids) if client.get(url).mimetype == XLSX_MIMETYPE]
    assert downloads == []


def _header_row(sheet) -> list[str]:
    """A sheet's column headings: its first row of three or more texts and nothing else
    (a title row has one)."""
    for row in sheet.iter_rows(max_row=6, values_only=True):
        texts = [v.strip() for v in row if isinstance(v, str) and v.strip()]
        if len(texts) >= 3 and all(isinstance(v, str) or v is None for v in row):
            return texts
    return []


def export_headers(app, client, ids) -> dict[str, set[str]]:
    """Every export the logged-in user gets, by route: the texts of its header rows (the
    first rows of each sheet up to the first row of data)."""
    import io

    from openpyxl import load_workbook

    found = {}
    for rule in get_rules(app):
        response = client.get(fill(rule.rule, ids))
        if response.mimetype != XLSX_MIMETYPE:
            continue
        book = load_workbook(io.BytesIO(response.data), read_only=True)
        found[rule.endpoint] = {label for sheet in book.worksheets for label in _header_row(sheet)}
    return found


# Check 24's column allowlists. A role's allowlist is the columns of the exports it may
# download; a new export, a role gaining one, or a new column fails here until added on
# purpose. Sensitive columns (family, phones, addresses, talk text) are only in a student's
# archive, which only staff over that student get.
EXPORT_COLUMNS = {
    "warnings.export": {
        "学年学期",
        "学号",
        "姓名",
        "班级",
        "类别",
        "类别代码",
        "等级",
        "等级代码",
        "原因",
        "规则集",
    },
    "peer_help.export": {"学号", "姓名", "班级", "辅导次数", "认定时数", "认定日期", "证书编号"},
    "review.export_xlsx": {
        # the summary sheet first (the page's summary and comparisons), then per group
        "指标",
        "数据",
        "说明",
        "学生",
        "班级",
        "学期",
        "等级",
        "结果",
        "辅导员",
        "预警人数",
        "转化率",
        "已解除",
        "预警等级降低",
        "等级不变",
        "预警等级升高",
        "已毕业",
        "休学",
        "退学或被开除学籍",
        "尚不可知",
        "之前绩点",
        "之后绩点",
        "之前不及格学分",
        "之后不及格学分",
        "之前绩点中位数",
        "之后绩点中位数",
        "之前未通过学分中位数",
        "之后未通过学分中位数",
        "有经签字的学习计划",
        "有朋辈志愿者",
        "按规定频次完成谈话与家长联系",
        "事先有任课教师的期中关注",
        # each obligation kind counted apart (issue 18)
        "完成了应有的全部个别谈话",
        "参加了应有的全部集体谈话",
        "完成了应有的全部家长联系",
        "有应有的志愿者结对",
        "有应有的帮扶小组计划",
    },
    "archive.export": {
        "学号",
        "姓名",
        "性别",
        "年级",
        "学院",
        "专业",
        "班级",
        "学籍状态",
        "电话",
        "家庭情况",
        "家长或监护人",
        "关系",
        "家庭住址",
        "学期",
        "课程代码",
        "课程",
        "学分",
        "成绩",
        "考试性质",
        "结果",
        "类别",
        "等级",
        "原因",
        "与上学期相比",
        "解除日期",
        "学生确认",
        "序号",
        "日期",
        "方式",
        "谈话人",
        "谈话主题",
        "谈话主要内容",
        "商定的措施",
        "措施效果",
        "联系人",
        "内容",
        "家长意见",
        "家长确认日期",
        "家长面谈",
        "版本",
        "帮扶期起始",
        "学期目标",
        "自我分析",
        "已签字",
        "期末执行情况报告",
        "任课教师",
        "关注情况",
        "教师备注",
        "关闭日期",
        # issue 18: talk place and impressions, the printed form's fields, notices with the
        # confirmation and the parent receipt, plan comments and sign-off, peer help.
        "地点",
        "初步印象",
        "学生的反馈（原话）",
        "是否与家长联系",
        "转介心理咨询中心",
        "辅导员的补充意见",
        "通知书",
        "下达日期",
        "确认日期",
        "异议",
        "答复",
        "家长联寄送方式",
        "寄出日期",
        "单号",
        "回执收回日期",
        "签字人",
        "审核意见",
        "志愿者",
        "分钟",
        "帮扶内容",
    },
    # issue 18: a class's term binder, the class-level paper file (lzut §五.1).
    "binder.export": {
        "日期",
        "学号",
        "姓名",
        "地点",
        "谈话人",
        "方式",
        "谈话主要内容",
        "学生的反馈（原话）",
        "商定的措施",
        "是否与家长联系",
        "转介心理咨询中心",
        "辅导员的补充意见",
        "家长或监护人",
        "联系人",
        "内容",
        "家长意见",
        "家长确认日期",
        "组织者",
        "出席",
        "议程",
        "决定事项",
        "被帮扶人",
        "志愿者",
        "帮扶课程",
        "起止日期",
        "状态",
        "辅导次数",
    },
}
SENSITIVE_COLUMNS = {
    "电话",
    "家庭情况",
    "家庭住址",
    "谈话主要内容",
    "家长意见",
    "自我分析",
    "教师备注",
}
ROLE_EXPORTS = {
    "admin": set(),  # accounts and settings: no student's data leaves with them
    "secretary": set(EXPORT_COLUMNS),
    "leader": {"archive.export", "review.export_xlsx"},
    "counselor": {"archive.export", "binder.export", "peer_help.export", "review.export_xlsx"},
    "class_advisor": set(),
    "teacher": set(),
    "mentor": set(),
}


@pytest.mark.parametrize("role", sorted(ROLE_EXPORTS))
def test_each_role_exports_only_the_columns_on_its_allowlist(
    app,
    client,
    login,
    world,
    role,
):
    users, ids, _b = world
    login(users[role])
    found = export_headers(app, client, ids)
    assert set(found) == ROLE_EXPORTS[role]
    for export, columns in found.items():
        assert columns <= EXPORT_COLUMNS[export], (export, columns - EXPORT_COLUMNS[export])
        assert columns, export  # a heading row was found, so the check is real
        if export not in ("archive.export", "binder.export"):  # staff over those students
            assert not columns & SENSITIVE_COLUMNS, export
