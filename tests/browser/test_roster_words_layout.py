"""The roster list on a 1024 px campus screen (walk finding 17): its short Chinese words, a
class name, 上学期延续, 待学生确认, 家长联未送达, each on one line, never broken as
家 / 长联未送达; in English the words still wrap between them and nothing scrolls sideways."""

import pytest

from .conftest import js_only, on_campus_screen
from .layout import match_lines

# A run of Chinese characters and digits.
WORD = r"[\u4e00-\u9fff0-9]+"
# The class, "since last term" and notice columns.
WORD_COLUMNS = [2, 4, 5]


@js_only
@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_the_roster_keeps_its_short_words_whole_at_1024_px(page, locale):
    on_campus_screen(page, "secretary", locale)
    page.goto("/warnings/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    if locale != "zh_CN":
        return
    words = match_lines(page.locator("main table").first, WORD, WORD_COLUMNS)
    # Whatever the shared demo holds by now (other browser tests publish rosters before
    # this one, whose notices may not be out yet): every word it shows stays whole.
    assert len(words) >= 10
    assert [w for w in words if w[1] != 1] == []
