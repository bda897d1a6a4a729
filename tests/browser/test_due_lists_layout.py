"""The counselor's due lists on a 1024 px campus screen, in Chinese and in English: a walk
found dates broken mid-token ("2026-10-" / "12"), class names and states split over two
lines, and each concern's outcome choice stacked apart from its button."""

import pytest

from .conftest import js_only, on_campus_screen, use_language
from .layout import lines_of, match_lines

# A date as the lists write it: 2026-10-12, 2026/10/12, 2026.10.12.
DATE = r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"


def _dates_on_one_line(page) -> int:
    dates = [d for table in page.locator("main table").all() for d in match_lines(table, DATE)]
    assert dates, "the list shows no date to check"
    assert [d for d in dates if d[1] != 1] == []
    return len(dates)


@js_only
@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_due_lists_keep_dates_class_names_and_actions_on_one_line_at_1024_px(page, locale):
    on_campus_screen(page, "counselor", locale)

    page.goto("/cadence/due")
    _dates_on_one_line(page)

    page.goto("/concerns/due")
    _dates_on_one_line(page)
    rows = page.locator("main tbody tr:has(form)")
    assert rows.count() > 0
    for i in range(min(rows.count(), 5)):
        row = rows.nth(i)
        assert lines_of(row.locator("td").nth(1)) == 1  # the class name
        choice = row.locator("select[name=outcome]").bounding_box()
        button = row.locator("form button").bounding_box()
        assert abs(choice["y"] + choice["height"] / 2 - button["y"] - button["height"] / 2) < 4
    assert not page.csp_violations
    use_language(page, "zh_CN")
