"""From roster to notice in a real browser: compute, submit, approve, a student confirms,
another objects and is answered, the parent receipt is recorded — in Chinese, and the
notice once in English. (Lifting needs a later term's grades: tests/modules/warnings.)"""

import re
from datetime import timedelta

from portal.core import clock

from ..followup import pin_today
from .conftest import js_only, log_in, nojs_only, use_language
from .test_foundation_flows import shot


def _pending_students(live_app, count):
    from portal.core.models import College, Student, User
    from portal.extensions import db
    from portal.modules.warnings.models import Notice

    with live_app.app_context():
        rows = (
            db.session.query(Student.student_no, Notice.id)
            .join(Notice, Notice.student_id == Student.id)
            .join(User, User.username == Student.student_no)
            .join(College, College.id == Student.college_id)
            .filter(Notice.state == "pending", College.name == "生命科学学院")
            .order_by(Notice.id.desc(), Student.student_no)
            .limit(count)
            .all()
        )
        return rows


def _graded_term(live_app, college: str) -> str:
    """The latest term in which the college's students have grades (the demo's current term
    has none yet, and a roster of a term without grades is refused: walk finding 4), as the
    compute form's value."""
    from portal.core.models import College, GradeRecord, Student, Term
    from portal.extensions import db

    with live_app.app_context():
        graded = (
            db.session.query(Term)
            .join(GradeRecord)
            .join(Student, Student.id == GradeRecord.student_id)
            .join(College, College.id == Student.college_id)
            .filter(College.name == college)
            .distinct()
        )
        return str(max(graded, key=lambda t: t.key).id)


def _compute(page, live_app, college: str) -> None:
    """Compute the college's roster for its newest graded term, from the compute page."""
    page.goto("/warnings/compute")
    page.select_option("#term", _graded_term(live_app, college))
    page.select_option("#college", label=college)
    page.click("button.primary")


# The buttons and states of a roster's way to publication, in each language.
PUBLISHING = {
    "zh_CN": ("提交审批", "text=待审批", "批准并发布", "strong >> text=已发布"),
    "en": (
        "Submit for approval",
        "strong >> text=waiting for approval",
        "Approve and publish",
        "strong >> text=published",
    ),
}


def _publish(page, live_app, college: str, secretary: str, leader: str, locale: str) -> None:
    """The college's secretary computes its roster and submits it; its leader approves and
    publishes it. Each reads `locale`, the secretary set back to Chinese on leaving."""
    submit, submitted, approve, published = PUBLISHING[locale]
    log_in(page, secretary)
    use_language(page, locale)
    _compute(page, live_app, college)
    page.wait_for_selector(f"text={submit}")
    run_url = page.url
    page.click(f"text={submit}")
    page.wait_for_selector(submitted)
    use_language(page, "zh_CN")
    log_in(page, leader)
    use_language(page, locale)
    page.goto(run_url)
    page.check("input[name=confirm]")  # publishing tells every student: confirmed on purpose
    page.click(f"text={approve}")
    page.wait_for_selector(published)


@js_only
def test_roster_to_notice_path(page, live_app):
    _publish(page, live_app, "生命科学学院", "secretary", "leader", "zh_CN")
    shot(page, "run-published")
    (first, _n1), (second, notice_id) = _pending_students(live_app, 2)
    log_in(page, first)
    page.click("text=阅读并确认")
    page.click("text=我已阅读本通知书（确认）")
    page.wait_for_selector("text=学生已确认")
    shot(page, "notice-confirmed")
    log_in(page, second)
    page.click("text=阅读并确认")
    page.fill("#reason", "我的补考成绩还没有录入")
    page.click("text=提出异议")
    page.wait_for_selector("text=已提出异议")
    log_in(page, "secretary")
    page.goto("/warnings/objections")
    page.click(f"text={second}")
    page.fill("#answer", "已核对教务系统，成绩无误，维持警示")
    page.click("text=维持警示")
    page.wait_for_selector("text=异议已答复，维持警示")
    page.goto(f"/warnings/notices/{notice_id}")
    page.select_option("#method", "registered_letter")
    page.fill("#reference", "XA123456789CN")
    # Sent and back today: the notice was issued today, and no date may be in the future.
    with live_app.app_context():
        today = clock.today().isoformat()
    page.fill("#sent_on", today)
    page.fill("#returned_on", today)
    page.click("form:has(#method) button")
    page.wait_for_selector("text=家长联送达情况已记录")
    page.goto("/warnings/?receipt=returned")
    assert second in page.locator("#results").inner_text()
    assert page.csp_violations == []


@nojs_only
def test_a_student_confirms_the_notice_without_javascript(page, live_app):
    [(number, _notice)] = _pending_students(live_app, 1)
    log_in(page, number)
    page.click("text=阅读并确认")
    page.click("text=我已阅读本通知书（确认）")
    page.wait_for_selector("text=学生已确认")


def test_notice_in_english(page, live_app):
    [(number, _notice)] = _pending_students(live_app, 1)
    log_in(page, number)
    use_language(page, "en")
    page.click("text=Read and confirm the notice of")
    page.wait_for_selector("h1 >> text=Academic warning notice")
    assert re.search(r"warning is help, not a punishment", page.content())
    shot(page, "notice-en")
    use_language(page, "zh_CN")


@js_only  # once: the warnings it lifts stay lifted
def test_next_term_import_compute_and_lift(page, live_app, tmp_path, monkeypatch):
    """The next term's grades arrive through the web import at its end (grades of a term
    not yet begun are refused); the recomputed roster no longer warns students who passed,
    so their warnings are proposed for lifting and lifted."""
    from portal.core.models import College, Student, Term
    from portal.core.term_dates import usual_span
    from portal.extensions import db

    from ..xlsx_files import GRADES_HEADER, grade_row, write_xlsx

    with live_app.app_context():
        numbers = [
            s.student_no
            for s in db.session.query(Student).join(College).filter(College.name == "生命科学学院")
        ]
        last = max(db.session.query(Term).filter(Term.n != 3), key=lambda t: t.key)
    # The regular term after the demo's last (the demo counts back from today).
    year, k = (last.start_year, 2) if last.n == 1 else (last.start_year + 1, 1)
    next_term = f"{year}-{year + 1}-{k}"
    pin_today(monkeypatch, usual_span(year, k)[0] + timedelta(weeks=18))
    rows = [grade_row(n, term=next_term, code="NX1", score=90, credits=3) for n in numbers]
    sheet = write_xlsx(tmp_path / "next-term.xlsx", [GRADES_HEADER, *rows])
    log_in(page, "secretary")
    page.goto("/imports/")
    page.set_input_files("#file-grades", str(sheet))
    page.click("form:has(#file-grades) button")
    page.wait_for_selector(f"text=新增 {len(rows)}")
    # Issue 17 #6: the import offers to compute the term it brought, with the term chosen.
    page.click("a.button:has-text('计算本学期的预警')")
    page.wait_for_selector("#term")
    assert page.locator("#term option:checked").inner_text().strip() != ""
    with live_app.app_context():
        chosen = db.session.query(Term).filter_by(code=next_term).one().id
    assert page.locator("#term").input_value() == str(chosen)
    page.select_option("#college", label="生命科学学院")
    page.click("button.primary")
    page.wait_for_selector("text=提交审批")
    page.goto("/warnings/lifting")
    proposals = page.locator("input[name=lift]").count()
    assert proposals > 0
    shot(page, "lifting")
    page.click("text=解除所选警示")
    page.wait_for_selector(f"text=已解除 {proposals} 条警示")


@js_only  # once: the roster it publishes is the college's
def test_path_in_english(page, live_app):
    """Compute, submit, approve and confirm once in English (the electrical college, by its
    own secretary and leader)."""
    from portal.core.models import College, Student, User
    from portal.extensions import db
    from portal.modules.warnings.models import Notice

    _publish(page, live_app, "电气工程学院", "secretary2", "leader2", "en")
    with live_app.app_context():
        number = (
            db.session.query(Student.student_no)
            .join(Notice, Notice.student_id == Student.id)
            .join(User, User.username == Student.student_no)
            .join(College)
            .filter(College.name == "电气工程学院", Notice.state == "pending")
            .order_by(Notice.id.desc())
            .first()[0]
        )
    use_language(page, "zh_CN")
    log_in(page, number)
    use_language(page, "en")
    page.click("text=Read and confirm the notice of")
    page.click("text=I have read this notice (confirm)")
    page.wait_for_selector("text=confirmed by the student")
    use_language(page, "zh_CN")


@js_only  # a printed page: once is enough
def test_printed_notices_are_three_a4_pages_each(page, live_app, tmp_path):
    from portal.extensions import db
    from portal.modules.warnings.models import Notice

    with live_app.app_context():
        notice_id = db.session.query(Notice.id).first()[0]
    log_in(page, "secretary")
    page.goto(f"/warnings/notices/{notice_id}/print")
    pdf = page.pdf(format="A4")
    (tmp_path / "notice.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 3
