"""The effectiveness review in a real browser: the charts are drawn (SVG, no script), read in
Chinese and English, and the term report prints on A4."""

from .conftest import js_only, log_in, use_language
from .test_foundation_flows import SHOTS, shot


def test_review_charts_in_both_languages_and_on_a4(page):
    log_in(page, "leader")
    page.goto("/review/")
    assert page.locator("figure.chart svg").count() >= 3
    box = page.locator("figure.chart svg").first.bounding_box()
    assert box["width"] > 300 and box["height"] > 30  # drawn, not collapsed
    assert page.locator("figure.chart svg rect").count() > 5
    shot(page, "review-zh")
    use_language(page, "en")
    page.goto("/review/")
    assert page.locator("h1").inner_text().startswith("Effectiveness review")
    assert "Conversion rate" in page.locator(".review-summary").inner_text()
    shot(page, "review-en")
    use_language(page, "zh_CN")
    if page.js:  # printing is the same page either way; PDF once
        page.goto("/review/print")
        page.emulate_media(media="print")
        SHOTS.mkdir(exist_ok=True)
        pdf = page.pdf(path=str(SHOTS / "review-a4.pdf"), format="A4", print_background=True)
        assert pdf[:5] == b"%PDF-" and pdf.count(b"/Type /Page") >= 2
    assert not page.csp_violations


def test_the_chart_data_tables_fit_their_cards_on_campus_screens(page):
    """The data of "from this term's levels to the next term" (eight outcomes across) was
    wider than its card at 1024 and 1366 px, in both languages."""
    log_in(page, "leader")
    for locale in ("zh_CN", "en"):
        use_language(page, locale)
        for width in (1024, 1366):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto("/review/")
            wide = page.evaluate(
                "[...document.querySelectorAll('.chart-data .scroll')]"
                ".filter(s => s.scrollWidth > s.clientWidth)"
                ".map(s => s.closest('figure').querySelector('figcaption').textContent)"
            )
            assert wide == [], (locale, width, wide)
    use_language(page, "zh_CN")


@js_only
def test_chart_text_is_at_least_12_px_and_inside_its_chart_at_1024(page):
    """Bar labels were 7–8 px at 1024 px wide (a 640-wide drawing squeezed into its card):
    every chart's text is at least 12 px there, and none is cut off at the chart's edges."""
    log_in(page, "leader")
    page.set_viewport_size({"width": 1024, "height": 900})
    for locale in ("zh_CN", "en"):
        use_language(page, locale)
        page.goto("/review/")
        found = page.evaluate(
            """[...document.querySelectorAll('figure.chart > svg')].map(svg => {
                const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                const texts = [...svg.querySelectorAll('text')];
                return {
                    px: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
                    cut: texts.filter(t => {
                        const b = t.getBBox();
                        return b.x < 0 || b.x + b.width > svg.viewBox.baseVal.width;
                    }).map(t => t.textContent),
                };
            })"""
        )
        assert len(found) >= 10
        assert min(chart["px"] for chart in found) >= 12, locale
        assert [chart["cut"] for chart in found if chart["cut"]] == [], locale
    use_language(page, "zh_CN")
