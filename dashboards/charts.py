"""Bar charts drawn by the server as SVG: no JavaScript, no CDN.

Each series has its own fill pattern (solid, hatched, dotted) and every bar
carries its number, so a chart reads the same in black and white; the page
also shows the numbers as a table. This module only computes geometry; the
template dashboards/includes/bar_chart.svg draws it (and escapes every label).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH = 720
MARGIN_TOP = 28
MARGIN_RIGHT = 16
MARGIN_BOTTOM = 56
MARGIN_LEFT = 48
PLOT_HEIGHT = 220
ROW_HEIGHT = 26
LABEL_WIDTH = 170
PATTERNS = ("solid", "hatched", "dotted")
MAX_CATEGORY_LABELS = 12
MIN_LABELLED_BAR_WIDTH = 14


@dataclass
class Series:
    name: str
    values: list[float]
    labels: list[str] | None = None  # text on each bar; the value by default


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    label: str
    label_x: float
    label_y: float
    title: str


@dataclass
class Text:
    x: float
    y: float
    text: str


@dataclass
class LegendEntry:
    x: float
    y: float
    series: int
    name: str

    @property
    def swatch_y(self) -> float:
        return self.y - 10

    @property
    def text_x(self) -> float:
        return self.x + 20


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: float
    height: float
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Text] = field(default_factory=list)
    gridlines: list[float] = field(default_factory=list)
    categories: list[Text] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    axis: tuple[float, float, float, float] = (0, 0, 0, 0)  # x1, y1, x2, y2
    horizontal: bool = False
    empty: bool = False
    value_labels: bool = True  # off when bars are too narrow to carry their number
    patterns: tuple[str, ...] = PATTERNS


def nice_maximum(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten (or 4 for tiny counts) at or above `value`."""
    if value <= 4:
        return 4
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def tick_steps(top_value: float) -> int:
    """Gridline intervals, 4 or 5: every tick of a 1, 2 or 5 x 10^n maximum is whole."""
    return 4 if top_value % 4 == 0 else 5


def _format(value: float, unit: str) -> str:
    return f"{value:g}{unit}"


def vertical_bars(
    *,
    key: str,
    title: str,
    description: str,
    categories: list[str],
    series: list[Series],
    unit: str = "",
    maximum: float | None = None,
) -> Chart:
    """Grouped vertical bars: one group per category, one bar per series."""
    legend_height = 20 if len(series) > 1 else 0
    top = MARGIN_TOP + legend_height
    height = top + PLOT_HEIGHT + MARGIN_BOTTOM
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    base = top + PLOT_HEIGHT
    values = [v for s in series for v in s.values]
    top_value = maximum or nice_maximum(max(values, default=0))
    chart = Chart(key, title, description, WIDTH, height, empty=not any(values))
    chart.axis = (MARGIN_LEFT, base, WIDTH - MARGIN_RIGHT, base)
    steps = tick_steps(top_value)
    for step in range(steps + 1):
        value = top_value * step / steps
        y = base - PLOT_HEIGHT * step / steps
        chart.gridlines.append(y)
        chart.ticks.append(Text(MARGIN_LEFT - 6, y + 4, _format(value, unit)))
    group = plot_width / max(len(categories), 1)
    bar_width = group * 0.8 / max(len(series), 1)
    # At most about a dozen category labels fit under the axis; the table has them all.
    label_every = math.ceil(len(categories) / MAX_CATEGORY_LABELS) or 1
    chart.value_labels = bar_width >= MIN_LABELLED_BAR_WIDTH
    for index, category in enumerate(categories):
        left = MARGIN_LEFT + group * index + group * 0.1
        if index % label_every == 0:
            chart.categories.append(Text(left + group * 0.4, base + 18, category))
        for number, one in enumerate(series):
            value = one.values[index]
            bar_height = PLOT_HEIGHT * value / top_value if top_value else 0
            x = left + bar_width * number
            label = one.labels[index] if one.labels else _format(value, unit)
            chart.bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(base - bar_height, 1),
                    width=round(bar_width - 2, 1),
                    height=round(bar_height, 1),
                    series=number,
                    label=label,
                    label_x=round(x + bar_width / 2 - 1, 1),
                    label_y=round(base - bar_height - 4, 1),
                    title=f"{category} — {one.name}: {label}",
                )
            )
    chart.legend = [
        LegendEntry(MARGIN_LEFT + 200 * n, MARGIN_TOP - 8, n, one.name)
        for n, one in enumerate(series)
    ]
    return chart


def horizontal_bars(
    *, key: str, title: str, description: str, categories: list[str], values: list[float]
) -> Chart:
    """One horizontal bar per category (a country), its number at its end."""
    height = MARGIN_TOP + ROW_HEIGHT * max(len(categories), 1) + MARGIN_BOTTOM
    left = LABEL_WIDTH
    plot_width = WIDTH - left - MARGIN_RIGHT - 40
    top_value = nice_maximum(max(values, default=0))
    base = MARGIN_TOP + ROW_HEIGHT * len(categories)
    chart = Chart(key, title, description, WIDTH, height, horizontal=True, empty=not any(values))
    chart.axis = (left, MARGIN_TOP, left, base)
    steps = tick_steps(top_value)
    for step in range(steps + 1):
        x = left + plot_width * step / steps
        chart.gridlines.append(x)
        chart.ticks.append(Text(x, base + 18, _format(top_value * step / steps, "")))
    for index, (category, value) in enumerate(zip(categories, values, strict=True)):
        y = MARGIN_TOP + ROW_HEIGHT * index
        width = plot_width * value / top_value
        chart.categories.append(Text(left - 8, y + ROW_HEIGHT / 2 + 4, category))
        chart.bars.append(
            Bar(
                x=left,
                y=y + 4,
                width=round(width, 1),
                height=ROW_HEIGHT - 8,
                series=0,
                label=_format(value, ""),
                label_x=round(left + width + 6, 1),
                label_y=y + ROW_HEIGHT / 2 + 4,
                title=f"{category}: {_format(value, '')}",
            )
        )
    return chart
