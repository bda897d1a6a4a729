"""The roster list on a 1024 px campus screen (walk finding 17): its short Chinese words, a
class name, 上学期延续, 待学生确认, 家长联未送达, each on one line, never broken as
家 / 长联未送达; in English the words still wrap between them and nothing scrolls sideways."""

import pytest

from .conftest import js_only, log_in, use_language

# Every run of Chinese characters and digits in the class, "since last term" and notice
# columns, as [its text, the number of lines it is laid out on].
WORD_LINES = """
table => {
  const word = /[\\u4e00-\\u9fff0-9]+/g;
  const found = [];
  for (const row of table.tBodies[0].rows) {
    for (const index of [2, 4, 5]) {
      const texts = document.createTreeWalker(row.cells[index], NodeFilter.SHOW_TEXT);
      for (let node = texts.nextNode(); node; node = texts.nextNode()) {
        for (const match of node.data.matchAll(word)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
          found.push([match[0], tops.size]);
        }
      }
    }
  }
  return found;
}
"""


@js_only
@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_the_roster_keeps_its_short_words_whole_at_1024_px(page, locale):
    page.set_viewport_size({"width": 1024, "height": 768})
    log_in(page, "secretary")
    use_language(page, locale)
    page.goto("/warnings/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    if locale != "zh_CN":
        return
    words = page.locator("main table").first.evaluate(WORD_LINES)
    # Whatever the shared demo holds by now (other browser tests publish rosters before
    # this one, whose notices may not be out yet): every word it shows stays whole.
    assert len(words) >= 10
    assert [w for w in words if w[1] != 1] == []
