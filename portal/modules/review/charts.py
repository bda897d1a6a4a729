"""Charts as data for a server-rendered SVG: bars and labels placed here, drawn by one
template. No chart library reaches the browser; each chart also carries its data table."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

# Drawn at the size it is shown (the SVG's width is its viewBox's, never stretched or
# squeezed): 12-unit text is 12 px in a card at least WIDTH wide, as the review's two cards
# a row are at 1024 px. A 640-wide drawing squeezed into such a card gave 7–8 px labels.
WIDTH, ROW, GAP, LEFT = 440, 26, 8, 150


@dataclass
class Bar:
    x: float
    y: float
    w: float
    h: float
    css: str
    title: str


@dataclass
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass
class Chart:
    title: str
    height: float
    headers: list
    rows: list
    bars: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    legend: list = field(default_factory=list)  # (css, label)
    width: float = WIDTH
    notes: list = field(default_factory=list)  # said under the chart (who it leaves out)


def stacked_rows(
    title: str, rows: list[tuple[str, list[tuple[str, str, int]]]], headers: list[str]
) -> Chart:
    """One horizontal bar a row, split into parts: (label, [(part label, css, count)])."""
    top = max((sum(n for _l, _c, n in parts) for _label, parts in rows), default=0) or 1
    chart = Chart(title, len(rows) * (ROW + GAP) + GAP, headers, [])
    scale = (WIDTH - LEFT - 40) / top
    legend: dict[str, str] = {}
    for i, (label, parts) in enumerate(rows):
        y = GAP + i * (ROW + GAP)
        chart.texts.append(Text(LEFT - 6, y + ROW * 0.7, label, "end"))
        x = LEFT
        for part, css, n in parts:
            if n:
                chart.bars.append(Bar(x, y, n * scale, ROW, css, f"{label} · {part}: {n}"))
                x += n * scale
            legend.setdefault(css, part)
        chart.texts.append(Text(x + 4, y + ROW * 0.7, str(sum(n for _p, _c, n in parts))))
        chart.rows.append([label] + [n for _p, _c, n in parts])
    chart.legend = list(legend.items())
    return chart


def transposed(chart: Chart, corner: str) -> Chart:
    """The chart's data table turned: its columns become rows (headed by `corner`), its
    rows columns, for a chart of few bars split in many parts."""
    columns = chart.headers[1:]
    chart.headers = [corner] + [row[0] for row in chart.rows]
    chart.rows = [[name] + [row[i] for row in chart.rows] for i, name in enumerate(columns, 1)]
    return chart


def paired_rows(
    title: str,
    rows: list[tuple[str, Fraction | None, Fraction | None]],
    top: Fraction,
    headers: list[str],
    before: str,
    after: str,
    show=None,
) -> Chart:
    """Two thin bars a row (before, after), e.g. median GPA per class; `show` writes a
    value (default: two decimals)."""
    show = show or _show
    chart = Chart(
        title,
        len(rows) * (ROW + GAP) + GAP,
        headers,
        [],
        legend=[("before", before), ("after", after)],
    )
    scale = (WIDTH - LEFT - 60) / float(top or 1)
    for i, (label, first, second) in enumerate(rows):
        y = GAP + i * (ROW + GAP)
        chart.texts.append(Text(LEFT - 6, y + ROW * 0.7, label, "end"))
        for j, (value, css, name) in enumerate(
            ((first, "before", before), (second, "after", after))
        ):
            if value is not None:
                shown = show(value)
                chart.bars.append(
                    Bar(
                        LEFT,
                        y + j * ROW / 2,
                        float(value) * scale,
                        ROW / 2 - 1,
                        css,
                        f"{label} · {name}: {shown}",
                    )
                )
                chart.texts.append(
                    Text(LEFT + float(value) * scale + 4, y + (j + 0.8) * ROW / 2, shown)
                )
        chart.rows.append(
            [
                label,
                show(first) if first is not None else "—",
                show(second) if second is not None else "—",
            ]
        )
    return chart


def rates(title: str, rows: list[tuple[str, Fraction | None]], headers: list[str]) -> Chart:
    """One bar a row for a rate between 0 and 1 (on-time rate per counselor)."""
    chart = Chart(title, len(rows) * (ROW + GAP) + GAP, headers, [])
    scale = WIDTH - LEFT - 60
    for i, (label, rate) in enumerate(rows):
        y = GAP + i * (ROW + GAP)
        chart.texts.append(Text(LEFT - 6, y + ROW * 0.7, label, "end"))
        shown = f"{float(rate) * 100:.0f}%" if rate is not None else "—"
        if rate is not None:
            chart.bars.append(Bar(LEFT, y, float(rate) * scale, ROW, "rate", f"{label}: {shown}"))
        chart.texts.append(Text(LEFT + float(rate or 0) * scale + 4, y + ROW * 0.7, shown))
        chart.rows.append([label, shown])
    return chart


def _show(value) -> str:
    return f"{float(value):.2f}" if value is not None else "—"
