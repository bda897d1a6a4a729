"""The printed notice as student and parent read it, in Chinese, and in English when asked
(issue 16): the consequences next to the support, the first talk's days from the cadence
policy, and the parent copy with the college's name, seal area, date and the counselor's
office phone."""

from .conftest import js_only, log_in, use_language
from .test_foundation_flows import shot


def _red_notice(live_app) -> int:
    from portal.core.models import College, Student
    from portal.extensions import db
    from portal.modules.warnings.models import Notice, Warning

    with live_app.app_context():
        return (
            db.session.query(Notice.id)
            .join(Student, Student.id == Notice.student_id)
            .join(College, College.id == Student.college_id)
            .join(
                Warning,
                (Warning.run_id == Notice.run_id) & (Warning.student_id == Notice.student_id),
            )
            .filter(College.name == "生命科学学院", Warning.level == "red")
            .order_by(Notice.id.desc())
            .first()[0]
        )


@js_only  # plain pages: once is enough
def test_student_and_parent_copies_in_both_languages(page, live_app):
    log_in(page, "secretary")
    page.goto("/warnings/settings")
    page.click("text=生命科学学院")
    page.fill("#office_phone", "0412-2960000")
    with page.expect_response(lambda r: r.request.method == "POST" and r.status < 400):
        page.click("button.primary")
    notice = _red_notice(live_app)

    page.goto(f"/warnings/notices/{notice}/print?part=student")
    body = page.locator("body").inner_text()
    assert "可能后果" in body and "帮扶" in body and "不是惩罚" in body
    assert "您的孩子" not in body
    shot(page, "notice-student-zh")
    page.goto(f"/warnings/notices/{notice}/print?part=parent")
    body = page.locator("body").inner_text()
    assert "您的孩子" in body and "学院盖章" in body and "0412-2960000" in body
    assert "生命科学学院" in body and "家长回执" in body
    shot(page, "notice-parent-zh")

    page.goto("/")
    use_language(page, "en")
    page.goto(f"/warnings/notices/{notice}/print?part=student")
    # The notice is a Chinese document, whatever the interface language; English is asked.
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert "不是惩罚" in page.locator("section.notice-part").inner_text()
    page.click("text=Print it in English")
    body = page.locator("body").inner_text()
    assert "What it can lead to:" in body and "Support:" in body and "not a punishment" in body
    assert "Print it in Chinese" in body
    shot(page, "notice-student-en")
    page.goto(f"/warnings/notices/{notice}/print?part=parent&lang=en")
    body = page.locator("body").inner_text()
    assert "Your child" in body and "College seal" in body and "0412-2960000" in body
    shot(page, "notice-parent-en")
    page.goto("/")
    use_language(page, "zh_CN")
