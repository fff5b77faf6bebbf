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

WIDTH, HEIGHT = 420, 190
LEFT, RIGHT, TOP, BOTTOM = 48, 96, 14, 28
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
    legend_y = TOP + 6
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
            f'<line x1="{WIDTH - RIGHT + 10}" y1="{legend_y}" x2="{WIDTH - RIGHT + 30}" '
            f'y2="{legend_y}" stroke="{colour}" stroke-width="2"{dashed}/>'
            f'<text x="{WIDTH - RIGHT + 34}" y="{legend_y + 4}" font-size="11" '
            f'fill="{TEXT_COLOR}">{label}</text>'
        )
        legend_y += 16
    if targets:
        for year, value in sorted(targets.items()):
            parts.append(
                f'<path d="M{x(year) - 5:.1f},{y(value):.1f} l5,-5 l5,5 l-5,5 z" '
                f'fill="none" stroke="{TARGET_COLOR}" stroke-width="2"/>'
            )
        parts.append(
            f'<path d="M{WIDTH - RIGHT + 15:.1f},{legend_y} l5,-5 l5,5 l-5,5 z" fill="none" '
            f'stroke="{TARGET_COLOR}" stroke-width="2"/><text x="{WIDTH - RIGHT + 34}" '
            f'y="{legend_y + 4}" font-size="11" fill="{TEXT_COLOR}">Målvärde</text>'
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
