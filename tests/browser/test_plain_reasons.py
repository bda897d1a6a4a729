"""Issue 17 missing 4: a warned student's reasons read as words with the figures, zh and en."""

from __future__ import annotations

from sqlalchemy import select

from .conftest import first_of, log_in, use_language
from .test_foundation_flows import shot


def _warned_student(live_app):
    from portal.modules.warnings.models import Run, Warning

    return first_of(
        live_app,
        select(Warning.student_id)
        .join(Run)
        .where(Run.status == "published", Warning.source == "rules")
        .order_by(Warning.id.desc()),
    )


def test_issue17_m4_reasons_read_as_words_with_figures(page, live_app):
    student_id = _warned_student(live_app)
    log_in(page, "office")  # the teaching office: a secretary over the whole school
    page.goto(f"/warnings/students/{student_id}")
    main = page.locator("main").inner_text()
    assert "（标准 " in main and "≥" not in main
    shot(page, "plain-reasons-zh")
    use_language(page, "en")
    main = page.locator("main").inner_text()
    assert "(threshold " in main and "标准" not in main
    shot(page, "plain-reasons-en")
    use_language(page, "zh_CN")
