"""Issue 17 missing 9: the export limit reads as words in the browser, zh and en, JS on/off."""

from __future__ import annotations

from .conftest import log_in, use_language
from .test_foundation_flows import shot


def _export_refused(page, heading: str) -> str:
    """The review's named export asked for: the page's text once it shows `heading`."""
    page.goto("/review")
    page.click("a[href*='export.xlsx']:not([href*='anonymous'])")
    page.wait_for_selector(f"h1:has-text('{heading}')")
    return page.locator("main").inner_text()


def test_issue17_m9_the_export_limit_page_says_how_many_and_when(page, live_app, monkeypatch):
    monkeypatch.setitem(live_app.config, "EXPORT_LIMIT", 0)
    log_in(page, "leader")
    body = _export_refused(page, "已达到导出上限")
    assert "导出和打印每10分钟最多 0 次" in body and "起可以再次导出或打印" in body
    shot(page, "export-limit-zh")
    use_language(page, "en")
    body = _export_refused(page, "Export limit reached")
    assert "0 per 10 minutes" in body and "export or print again from" in body
    shot(page, "export-limit-en")
    use_language(page, "zh_CN")
