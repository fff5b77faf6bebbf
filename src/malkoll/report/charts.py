"""Small trend charts as inline SVG, drawn from the view model's figures.

No scripts and nothing fetched: the chart is part of the HTML file. It has a title and a
description for screen readers, and shows the lines with different dash patterns as
well as colours, so that it survives printing in black and white.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from malkoll.report.safe import clean
from malkoll.text import tal

WIDTH, HEIGHT = 420, 208
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 14, 46
"""The trend chart's plot area ends ``RIGHT`` before the edge, room for a target's diamond
in the last year; the legend is a row under the year labels, never beside a mark."""
LEGEND_STEP = 86  # the width of one legend item in the row under the trend chart
SERIES = (  # (label, index in the point, colour, dash pattern)
    ("Totalt", 1, "#24292f", ""),
    ("Kvinnor", 2, "#8250df", "6 3"),
    ("Män", 3, "#0969da", "2 3"),
)
TARGET_COLOR = "#cf222e"
TEXT_COLOR = "#24292f"
GRID_COLOR = "#d8dee4"
LABEL_GAP = 30  # the least distance between two year labels, in viewBox units

Point = tuple[int, float | None, float | None, float | None]


def trend_chart(title: str, points: list[Point], targets: dict[int, float]) -> str:
    """The outcome per year for total, women and men, with the targets as marks. A value
    that is not a finite number is not drawn (the models reject them; this is defence)."""
    points = [(p[0], _finite(p[1]), _finite(p[2]), _finite(p[3])) for p in points]
    targets = {y: v for y, v in targets.items() if _finite(v) is not None}
    values = [v for p in points for v in p[1:] if v is not None] + list(targets.values())
    years = sorted({p[0] for p in points} | set(targets))
    if not points or not values:
        return ""
    low, high = min(values), max(values)
    if low == high:
        spread = abs(low) * 0.1 or 1.0  # ±1 would vanish in rounding next to 1e17
        low, high = low - spread, high + spread
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    if not math.isfinite(high - low):
        return ""
    first, last = years[0], years[-1]

    def x(year: int) -> float:
        span = max(last - first, 1)
        return LEFT + (WIDTH - LEFT - RIGHT) * (year - first) / span

    def y(value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (high - value) / (high - low)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" class="diagram">',
        f"<title>{escape(clean(title))}</title>",
        f"<desc>{escape(_describe(points, targets))}</desc>",
    ]
    for value in _ticks(low, high):
        parts.append(
            f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{WIDTH - RIGHT}" y2="{y(value):.1f}" '
            f'stroke="{GRID_COLOR}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{TEXT_COLOR}">{escape(_num(value))}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" '
        'stroke="#57606a" stroke-width="1"/>'
    )
    for year in years:
        parts.append(
            f'<line x1="{x(year):.1f}" y1="{HEIGHT - BOTTOM}" x2="{x(year):.1f}" '
            f'y2="{HEIGHT - BOTTOM + 4}" stroke="#57606a" stroke-width="1"/>'
        )
    for year in _labelled(years, x, targets):
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'font-size="11" fill="{TEXT_COLOR}">{year}</text>'
        )
    legend_x, legend_y = LEFT, HEIGHT - 8
    for label, index, colour, dash in SERIES:
        line = [(p[0], p[index]) for p in points if p[index] is not None]
        if not line:
            continue
        coords = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in line)  # type: ignore[arg-type]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{dashed}/>'
        )
        for yr, v in line:  # a mark on each outcome, so that a single year shows too
            parts.append(
                f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}"/>'  # type: ignore[arg-type]
            )
        parts.append(
            f'<line x1="{legend_x}" y1="{legend_y - 4}" x2="{legend_x + 20}" '
            f'y2="{legend_y - 4}" stroke="{colour}" stroke-width="2"{dashed}/>'
            f'<text x="{legend_x + 24}" y="{legend_y}" font-size="11" '
            f'fill="{TEXT_COLOR}">{label}</text>'
        )
        legend_x += LEGEND_STEP
    if targets:
        for year, value in sorted(targets.items()):
            parts.append(
                f'<path d="M{x(year) - 5:.1f},{y(value):.1f} l5,-5 l5,5 l-5,5 z" '
                f'fill="none" stroke="{TARGET_COLOR}" stroke-width="2"/>'
            )
        parts.append(
            f'<path d="M{legend_x + 5},{legend_y - 4} l5,-5 l5,5 l-5,5 z" fill="none" '
            f'stroke="{TARGET_COLOR}" stroke-width="2"/><text x="{legend_x + 24}" '
            f'y="{legend_y}" font-size="11" fill="{TEXT_COLOR}">Målvärde</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _ticks(low: float, high: float) -> list[float]:
    """Three to six round values from ``low`` to ``high`` for the value axis."""
    if high <= low:
        return [low]
    raw = (high - low) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    for i in range(12):  # counted, not stepped: a step lost in rounding cannot loop
        value = first + i * step
        if value > high + step * 1e-9:
            break
        ticks.append(round(value, 10))
    return ticks or [low, high]


def _labelled(years: list[int], x: Callable[[int], float], targets: dict[int, float]) -> list[int]:
    """The years that get a label: the first, the last, the targets' years, then others,
    each only where it does not run into a label already placed."""
    order = [years[0], years[-1], *sorted(targets), *years]
    placed: list[int] = []
    for year in order:
        if year not in placed and all(abs(x(year) - x(p)) >= LABEL_GAP for p in placed):
            placed.append(year)
    return sorted(placed)


def _describe(points: list[Point], targets: dict[int, float]) -> str:
    totals = [f"{p[0]}: {_num(p[1])}" for p in points if p[1] is not None]
    text = "Utfall totalt " + ", ".join(totals) + "." if totals else "Inga utfall."
    if targets:
        text += " Målvärde " + ", ".join(f"{y}: {_num(v)}" for y, v in sorted(targets.items()))
        text += "."
    return text


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _num(value: float | None) -> str:
    return tal(None if value is None else round(value, 1))


# --- a grouping's groups in one year ----------------------------------------------------

BAR_COLOR = "#0969da"
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, LABEL_CHARS = 16, 6, 150, 22
GROUP_LEFT, GROUP_BOTTOM = 48, 28


def group_chart(
    title: str,
    groups: list[tuple[str, float | None]],
    total: float | None = None,
    target: float | None = None,
) -> str:
    """Each group's value as a horizontal bar with its value written beside it (after the
    bar's end or the total's line, whichever is further right: never across the line),
    the total of the same year as a dashed reference line and the target as a diamond
    mark. A group
    without a finite value is not drawn; the description lists every value."""
    bars = [(name, v) for name, v in groups if v is not None and math.isfinite(v)]
    total, target = _finite(total), _finite(target)
    if not bars:
        return ""
    values = [v for _, v in bars] + [v for v in (total, target) if v is not None]
    low, high = min(0.0, *values), max(0.0, *values)
    if low == high:
        high = 1.0
    if not math.isfinite(high - low):
        return ""
    left, right = GROUP_LEFT + LABEL_WIDTH - 40, WIDTH - 60
    height = TOP + len(bars) * (BAR_HEIGHT + BAR_GAP) + GROUP_BOTTOM + 16

    def x(value: float) -> float:
        return left + (right - left) * (value - low) / (high - low)

    bottom = height - GROUP_BOTTOM - 16
    line = x(total) + 1 if total is not None else None  # the dashed line's right edge
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" class="diagram">',
        f"<title>{escape(clean(title))}</title>",
        f"<desc>{escape(clean(_describe_groups(bars, total, target)))}</desc>",
    ]
    for i, (name, value) in enumerate(bars):
        top = TOP + i * (BAR_HEIGHT + BAR_GAP)
        start, end = sorted((x(0.0), x(value)))
        label = clean(name).replace("\n", " ")
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        parts.append(
            f'<text x="{left - 6}" y="{top + BAR_HEIGHT - 4}" text-anchor="end" font-size="11" '
            f'fill="{TEXT_COLOR}">{escape(short)}</text>'
            f'<rect x="{start:.1f}" y="{top}" width="{max(end - start, 1):.1f}" '
            f'height="{BAR_HEIGHT}" fill="{BAR_COLOR}" stroke="{TEXT_COLOR}" stroke-width="1"/>'
            f'<text x="{max(end, line or end) + 4:.1f}" y="{top + BAR_HEIGHT - 4}" '
            f'font-size="11" fill="{TEXT_COLOR}">{escape(_num(value))}</text>'
        )
    parts.append(
        f'<line x1="{x(0.0):.1f}" y1="{TOP - 4}" x2="{x(0.0):.1f}" y2="{bottom}" '
        'stroke="#57606a" stroke-width="1"/>'
    )
    legend_x, legend_y = left, height - 12
    if total is not None:
        parts.append(
            f'<line x1="{x(total):.1f}" y1="{TOP - 4}" x2="{x(total):.1f}" y2="{bottom}" '
            f'stroke="{TEXT_COLOR}" stroke-width="2" stroke-dasharray="6 3"/>'
            f'<line x1="{legend_x}" y1="{legend_y - 4}" x2="{legend_x + 20}" y2="{legend_y - 4}" '
            f'stroke="{TEXT_COLOR}" stroke-width="2" stroke-dasharray="6 3"/>'
            f'<text x="{legend_x + 24}" y="{legend_y}" font-size="11" fill="{TEXT_COLOR}">'
            f"Totalt {escape(_num(total))}</text>"
        )
        legend_x += 120
    if target is not None:
        parts.append(
            f'<path d="M{x(target) - 5:.1f},{bottom + 2} l5,-5 l5,5 l-5,5 z" fill="none" '
            f'stroke="{TARGET_COLOR}" stroke-width="2"/>'
            f'<path d="M{legend_x + 5},{legend_y - 4} l5,-5 l5,5 l-5,5 z" fill="none" '
            f'stroke="{TARGET_COLOR}" stroke-width="2"/>'
            f'<text x="{legend_x + 24}" y="{legend_y}" font-size="11" fill="{TEXT_COLOR}">'
            f"Målvärde {escape(_num(target))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _describe_groups(
    bars: list[tuple[str, float]], total: float | None, target: float | None
) -> str:
    text = ", ".join(f"{name}: {_num(value)}" for name, value in bars) + "."
    if total is not None:
        text += f" Totalt: {_num(total)}."
    if target is not None:
        text += f" Målvärde: {_num(target)}."
    return text
