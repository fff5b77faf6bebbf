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
EDGE = 96
"""The right margin instead of ``RIGHT`` when a target lies beyond the year axis: its
marker and its label (`mål 2030: 235`) stand there."""
HORIZON = 3
"""How many years past the last outcome the year axis may reach for the nearest target."""
LEGEND_STEP = 86  # the width of one legend item of the series in the row under the chart
LEGEND_ROW = 16  # the height of a further legend row
SERIES = (  # (label, index in the point, colour, dash pattern)
    ("Totalt", 1, "#24292f", ""),
    ("Kvinnor", 2, "#8250df", "6 3"),
    ("Män", 3, "#0969da", "2 3"),
)
COMPARISON_STYLES = (  # (colour, dash pattern) of the comparisons in their order
    ("#bc4c00", "8 3 2 3"),
    ("#1a7f37", "1 3"),
    ("#9a6700", "10 4"),
    ("#6e7781", "4 2 1 2"),
)
TARGET_COLOR = "#cf222e"
TEXT_COLOR = "#24292f"
GRID_COLOR = "#d8dee4"
LABEL_GAP = 30  # the least distance between two year labels, in viewBox units
LEGEND_CHARS = 22  # a comparison's name in the legend, at most
CHAR_WIDTH = 6.2  # an estimate of one character's width at font size 11

Point = tuple[int, float | None, float | None, float | None]
Comparison = tuple[str, dict[int, float | None]]
Line = tuple[str, list[tuple[int, float]]]  # a comparison's finite values within the axis


def trend_chart(
    title: str,
    points: list[Point],
    targets: dict[int, float],
    comparisons: list[Comparison] | None = None,
) -> str:
    """The outcome per year for total, women and men, with the targets as marks and each
    comparison (`Riket`, `Liknande kommuner`: name and value per year) as a line of its
    own colour and dash pattern with square marks. A value that is not a finite number is
    not drawn (the models reject them; this is defence).

    The year axis runs from the first outcome to the last, and on to the nearest target
    after it when that is at most `HORIZON` years on: a target in 2030 does not squeeze
    ten years of outcomes into the left third. A target beyond the axis is a diamond in
    the right margin at its height, joined to the plot by a dotted line and labelled
    `mål 2030: 235`; a comparison is drawn within the axis's years."""
    points = [(p[0], _finite(p[1]), _finite(p[2]), _finite(p[3])) for p in points]
    targets = {y: v for y, v in targets.items() if _finite(v) is not None}
    if not points:
        return ""
    first, last = min(p[0] for p in points), max(p[0] for p in points)
    later = sorted(y for y in targets if y > last)
    if later and later[0] - last <= HORIZON:
        last = later[0]
    first = min([first, *targets])
    inside = {y: v for y, v in targets.items() if y <= last}
    beyond = {y: v for y, v in targets.items() if y > last}
    lines: list[Line] = []
    for name, series in comparisons or []:
        kept = [(yr, v) for yr, v in sorted(series.items()) if first <= yr <= last and _ok(v)]
        if kept:
            lines.append((name, kept))  # type: ignore[arg-type]
    values = [v for p in points for v in p[1:] if v is not None] + list(targets.values())
    values += [v for _, line in lines for _, v in line]
    if not values:
        return ""
    low, high = min(values), max(values)
    if low == high:
        spread = abs(low) * 0.1 or 1.0  # ±1 would vanish in rounding next to 1e17
        low, high = low - spread, high + spread
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    if not math.isfinite(high - low):
        return ""
    years = sorted({p[0] for p in points} | set(inside))
    right = WIDTH - (EDGE if beyond else RIGHT)

    def x(year: int) -> float:
        span = max(last - first, 1)
        return LEFT + (right - LEFT) * (year - first) / span

    def y(value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (high - value) / (high - low)

    legend = _legend(points, lines, bool(targets))
    height = HEIGHT + (max(r for r, _, _ in legend) if legend else 0) * LEGEND_ROW
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" class="diagram">',
        f"<title>{escape(clean(title))}</title>",
        f"<desc>{escape(clean(_describe(points, targets, lines)))}</desc>",
    ]
    for value in _ticks(low, high):
        parts.append(
            f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{right}" y2="{y(value):.1f}" '
            f'stroke="{GRID_COLOR}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{TEXT_COLOR}">{escape(_num(value))}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{right}" y2="{HEIGHT - BOTTOM}" '
        'stroke="#57606a" stroke-width="1"/>'
    )
    for year in years:
        parts.append(
            f'<line x1="{x(year):.1f}" y1="{HEIGHT - BOTTOM}" x2="{x(year):.1f}" '
            f'y2="{HEIGHT - BOTTOM + 4}" stroke="#57606a" stroke-width="1"/>'
        )
    for year in _labelled(years, x, inside):
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'font-size="11" fill="{TEXT_COLOR}">{year}</text>'
        )
    for (_, dots), (colour, dash) in zip(lines, _styles(len(lines)), strict=True):
        coords = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in dots)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="1.5" '
            f'stroke-dasharray="{dash}"/>'
        )
        parts.extend(
            f'<rect x="{x(yr) - 2:.1f}" y="{y(v) - 2:.1f}" width="4" height="4" fill="{colour}"/>'
            for yr, v in dots
        )
    for _, index, colour, dash in SERIES:
        drawn = [(p[0], p[index]) for p in points if p[index] is not None]
        if not drawn:
            continue
        coords = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in drawn)  # type: ignore[arg-type]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{dashed}/>'
        )
        for yr, v in drawn:  # a mark on each outcome, so that a single year shows too
            parts.append(
                f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}"/>'  # type: ignore[arg-type]
            )
    for year, value in sorted(inside.items()):
        parts.append(
            f'<path d="M{x(year) - 5:.1f},{y(value):.1f} l5,-5 l5,5 l-5,5 z" '
            f'fill="none" stroke="{TARGET_COLOR}" stroke-width="2"/>'
        )
    parts.extend(_beyond(beyond, right, y))
    parts.extend(_legend_marks(legend, lines))
    parts.append("</svg>")
    return "".join(parts)


def _beyond(beyond: dict[int, float], right: float, y: Callable[[float], float]) -> list[str]:
    """The targets past the year axis in the right margin: a diamond at each one's
    height, a dotted line to it from the plot, a label beside it moved down where it
    would run into the one above."""
    parts = []
    mark = right + 14  # the diamond's centre
    below = -math.inf  # the lowest label so far
    for year, value in sorted(beyond.items(), key=lambda t: -t[1]):
        at = y(value)
        label_y = max(at + 4, below + 12)
        below = label_y
        parts.append(
            f'<line x1="{right}" y1="{at:.1f}" x2="{mark - 5:.1f}" y2="{at:.1f}" '
            f'stroke="{TARGET_COLOR}" stroke-width="1" stroke-dasharray="1 2"/>'
            f'<path d="M{mark - 5:.1f},{at:.1f} l5,-5 l5,5 l-5,5 z" fill="none" '
            f'stroke="{TARGET_COLOR}" stroke-width="2"/>'
            f'<text x="{mark + 8:.1f}" y="{label_y:.1f}" font-size="10" fill="{TEXT_COLOR}">'
            f"{escape(f'mål {year}: {_num(value)}')}</text>"
        )
    return parts


LegendItem = tuple[int, float, str]  # (row, x, what: a series' label, `j<i>` or `mål`)


def _legend(points: list[Point], lines: list[Line], targets: bool) -> list[LegendItem]:
    """The legend's items in rows under the year labels: the series with outcomes, the
    comparisons, then the target, each moved to a new row where it would pass the edge."""
    items: list[tuple[str, float]] = [
        (label, LEGEND_STEP)
        for label, index, _, _ in SERIES
        if any(p[index] is not None for p in points)
    ]
    items += [
        (f"j{i}", 24 + len(_short(name)) * CHAR_WIDTH + 14) for i, (name, _) in enumerate(lines)
    ]
    if targets:
        items.append(("mål", LEGEND_STEP))
    placed: list[LegendItem] = []
    row, at = 0, float(LEFT)
    for what, width in items:
        if placed and at + width > WIDTH:
            row, at = row + 1, float(LEFT)
        placed.append((row, at, what))
        at += width
    return placed


def _legend_marks(legend: list[LegendItem], lines: list[Line]) -> list[str]:
    parts = []
    styles = {label: (colour, dash) for label, _, colour, dash in SERIES}
    for row, at, what in legend:
        base = HEIGHT - 8 + row * LEGEND_ROW
        if what == "mål":
            parts.append(
                f'<path d="M{at + 5:.1f},{base - 4} l5,-5 l5,5 l-5,5 z" fill="none" '
                f'stroke="{TARGET_COLOR}" stroke-width="2"/><text x="{at + 24:.1f}" '
                f'y="{base}" font-size="11" fill="{TEXT_COLOR}">Målvärde</text>'
            )
            continue
        if what in styles:
            (colour, dash), label, width = styles[what], what, 2.0
        else:
            i = int(what[1:])
            colour, dash = _styles(len(lines))[i]
            label, width = _short(lines[i][0]), 1.5
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{at:.1f}" y1="{base - 4}" x2="{at + 20:.1f}" y2="{base - 4}" '
            f'stroke="{colour}" stroke-width="{width}"{dashed}/>'
            f'<text x="{at + 24:.1f}" y="{base}" font-size="11" fill="{TEXT_COLOR}">'
            f"{escape(label)}</text>"
        )
    return parts


def _styles(count: int) -> list[tuple[str, str]]:
    return [COMPARISON_STYLES[i % len(COMPARISON_STYLES)] for i in range(count)]


def _short(name: str) -> str:
    label = " ".join(clean(name).split())
    return label if len(label) <= LEGEND_CHARS else label[: LEGEND_CHARS - 1] + "…"


def _ok(value: float | None) -> bool:
    return _finite(value) is not None


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


def _describe(
    points: list[Point], targets: dict[int, float], lines: list[Line] | None = None
) -> str:
    totals = [f"{p[0]}: {_num(p[1])}" for p in points if p[1] is not None]
    text = "Utfall totalt " + ", ".join(totals) + "." if totals else "Inga utfall."
    if targets:
        text += " Målvärde " + ", ".join(f"{y}: {_num(v)}" for y, v in sorted(targets.items()))
        text += "."
    for name, line in lines or []:
        said = ", ".join(f"{y}: {_num(v)}" for y, v in line)
        text += f" {' '.join(name.split())} {said}."
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
