"""Measuring how the browser laid text out: how many lines a word or a cell takes."""

from __future__ import annotations

# Every match of `pattern` in the table body's text (only in the cells at `columns`, when
# given), as [its text, the number of lines it is laid out on].
_MATCH_LINES = """
(table, [pattern, columns]) => {
  const found = [];
  const cells = [...table.tBodies[0].rows].flatMap(row =>
    columns ? columns.map(index => row.cells[index]) : [row]);
  for (const cell of cells) {
    const texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      for (const match of node.data.matchAll(new RegExp(pattern, "g"))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        found.push([match[0], tops.size]);
      }
    }
  }
  return found;
}
"""

# How many lines an element's text takes.
_LINES = """
cell => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
}
"""


def match_lines(table, pattern: str, columns: list[int] | None = None) -> list[list]:
    """[text, lines] for every match of the JavaScript regex `pattern` in `table`'s body."""
    return table.evaluate(_MATCH_LINES, [pattern, columns])


def lines_of(element) -> int:
    """How many lines `element`'s text is laid out on."""
    return element.evaluate(_LINES)
