"""The counselor's due lists on a 1024 px campus screen, in Chinese and in English: a walk
found dates broken mid-token ("2026-10-" / "12"), class names and states split over two
lines, and each concern's outcome choice stacked apart from its button."""

import pytest

from .conftest import js_only, log_in, use_language

# Every date in the table, as [its text, the number of lines it is laid out on].
DATE_LINES = """
table => {
  const date = /\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}/g;
  const found = [];
  const texts = document.createTreeWalker(table.tBodies[0], NodeFilter.SHOW_TEXT);
  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
    for (const match of node.data.matchAll(date)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      found.push([match[0], tops.size]);
    }
  }
  return found;
}
"""

# How many lines an element's text takes.
LINES = """
cell => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
}
"""


def _dates_on_one_line(page) -> int:
    dates = [d for table in page.locator("main table").all() for d in table.evaluate(DATE_LINES)]
    assert dates, "the list shows no date to check"
    assert [d for d in dates if d[1] != 1] == []
    return len(dates)


@js_only
@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_due_lists_keep_dates_class_names_and_actions_on_one_line_at_1024_px(page, locale):
    page.set_viewport_size({"width": 1024, "height": 768})
    log_in(page, "counselor")
    use_language(page, locale)

    page.goto("/cadence/due")
    _dates_on_one_line(page)

    page.goto("/concerns/due")
    _dates_on_one_line(page)
    rows = page.locator("main tbody tr:has(form)")
    assert rows.count() > 0
    for i in range(min(rows.count(), 5)):
        row = rows.nth(i)
        assert row.locator("td").nth(1).evaluate(LINES) == 1  # the class name
        choice = row.locator("select[name=outcome]").bounding_box()
        button = row.locator("form button").bounding_box()
        assert abs(choice["y"] + choice["height"] / 2 - button["y"] - button["height"] / 2) < 4
    assert not page.csp_violations
    use_language(page, "zh_CN")
