"""Geometry for server-rendered SVG charts. The templates draw them; every chart also has a table
alternative and a one-sentence summary, so the picture is never the only way to read a figure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BAR_HEIGHT = 24
BAR_GAP = 8
LABEL_WIDTH = 260
PLOT_WIDTH = 360
LINE_WIDTH = 600
LINE_HEIGHT = 200
LINE_MARGIN = 40


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float
    y: int
    width: float
    text_y: int
    value_x: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int


def bar_chart(items: list[tuple[str, int | float | None]]) -> BarChart:
    values = [value or 0 for _, value in items]
    top = max(values, default=0) or 1
    bars = []
    for index, (label, value) in enumerate(items):
        y = index * (BAR_HEIGHT + BAR_GAP)
        width = round(PLOT_WIDTH * (value or 0) / top, 1)
        bars.append(Bar(label, value or 0, y, width, y + BAR_HEIGHT - 7, LABEL_WIDTH + width + 6))
    height = max(len(items) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT)
    return BarChart(bars, LABEL_WIDTH + PLOT_WIDTH + 60, height, LABEL_WIDTH)


@dataclass(frozen=True)
class Point:
    label: str
    value: int | float | None
    x: float
    y: float | None


@dataclass(frozen=True)
class LineChart:
    points: list[Point]
    polyline: str
    width: int
    height: int
    top: int | float
    baseline: int


def line_chart(series: list[tuple[str, int | float | None]]) -> LineChart:
    known = [value for _, value in series if value is not None]
    top = max(known, default=0) or 1
    step = (LINE_WIDTH - 2 * LINE_MARGIN) / max(len(series) - 1, 1)
    baseline = LINE_HEIGHT - LINE_MARGIN
    points = []
    for index, (label, value) in enumerate(series):
        x = round(LINE_MARGIN + index * step, 1)
        y = None if value is None else round(baseline - (LINE_HEIGHT - 2 * LINE_MARGIN) * value / top, 1)
        points.append(Point(label, value, x, y))
    polyline = " ".join(f"{p.x},{p.y}" for p in points if p.y is not None)
    return LineChart(points, polyline, LINE_WIDTH, LINE_HEIGHT, top, baseline)


def summary_of_bars(title: str, items: list[tuple[str, Any]]) -> str:
    counted = [(label, value) for label, value in items if value]
    if not counted:
        return f"{title}: none."
    label, value = max(counted, key=lambda item: item[1])
    total = sum(value for _, value in counted)
    return f"{title}: {total} in all; the largest is {label} with {value}."


def summary_of_line(title: str, series: list[tuple[str, Any]]) -> str:
    known = [(label, value) for label, value in series if value is not None]
    if not known:
        return f"{title}: no figures in these months."
    (first_label, first), (last_label, last) = known[0], known[-1]
    direction = "rose" if last > first else "fell" if last < first else "stayed the same"
    return f"{title} {direction}, from {first} at {first_label} to {last} at {last_label}."
