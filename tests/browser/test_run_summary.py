"""Issue 17 missing 7: the demo's latest roster page, zh and en: continuing students and the
totals per level and per reason."""

from __future__ import annotations

from sqlalchemy import select

from .conftest import first_of, log_in, use_language
from .test_foundation_flows import shot


def _latest_run(live_app):
    from portal.modules.warnings.models import Run, Warning

    return first_of(
        live_app,
        select(Run.id)
        .where(Run.status == "published", Run.id.in_(select(Warning.run_id)))
        .order_by(Run.id.desc()),
    )


def test_issue17_m7_run_page_shows_continuing_and_totals(page, live_app):
    run_id = _latest_run(live_app)
    log_in(page, "office")  # the teaching office: a secretary over the whole school
    page.goto(f"/warnings/runs/{run_id}")
    assert page.locator("#level-totals caption").inner_text() == "各级别人数"
    assert page.locator("#reason-totals tbody tr").count() >= 1
    assert page.locator("th", has_text="上学期延续").count() == 1
    shot(page, "run-summary-zh")
    use_language(page, "en")
    assert page.locator("#reason-totals caption").inner_text() == "Warned per reason"
    assert "继续" not in page.locator("main").inner_text()
    shot(page, "run-summary-en")
    use_language(page, "zh_CN")
