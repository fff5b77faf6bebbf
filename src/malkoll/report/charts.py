"""Small trend charts as inline SVG, drawn from the view model's figures.

No scripts and nothing fetched: the chart is part of the HTML file. It has a title and a
description for screen readers, and shows the lines with different dash patterns as
well as colours, so that it survives printing in black and white.
"""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT = 420, 190
LEFT, RIGHT, TOP, BOTTOM = 48, 96, 14, 28
SERIES = (  # (label, index in the point, colour, dash pattern)
    ("Totalt", 1, "#24292f", ""),
    ("Kvinnor", 2, "#8250df", "6 3"),
    ("Män", 3, "#0969da", "2 3"),
)
TARGET_COLOR = "#cf222e"

Point = tuple[int, float | None, float | None, float | None]


def trend_chart(title: str, points: list[Point], targets: dict[int, float]) -> str:
    """The outcome per year for total, women and men, with the targets as marks."""
    values = [v for p in points for v in p[1:] if v is not None] + list(targets.values())
    years = sorted({p[0] for p in points} | set(targets))
    if not points or not values:
        return ""
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    first, last = years[0], years[-1]

    def x(year: int) -> float:
        span = max(last - first, 1)
        return LEFT + (WIDTH - LEFT - RIGHT) * (year - first) / span

    def y(value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (high - value) / (high - low)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" class="diagram">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(_describe(points, targets))}</desc>",
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" '
        'stroke="#57606a" stroke-width="1"/>',
    ]
    for value in (low + pad, high - pad):
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#24292f">{escape(_num(value))}</text>'
        )
    for year in years:
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'font-size="11" fill="#24292f">{year}</text>'
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
        parts.append(
            f'<line x1="{WIDTH - RIGHT + 10}" y1="{legend_y}" x2="{WIDTH - RIGHT + 30}" '
            f'y2="{legend_y}" stroke="{colour}" stroke-width="2"{dashed}/>'
            f'<text x="{WIDTH - RIGHT + 34}" y="{legend_y + 4}" font-size="11" '
            f'fill="#24292f">{label}</text>'
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
            f'y="{legend_y + 4}" font-size="11" fill="#24292f">Målvärde</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _describe(points: list[Point], targets: dict[int, float]) -> str:
    totals = [f"{p[0]}: {_num(p[1])}" for p in points if p[1] is not None]
    text = "Utfall totalt " + ", ".join(totals) + "." if totals else "Inga utfall."
    if targets:
        text += " Målvärde " + ", ".join(f"{y}: {_num(v)}" for y, v in sorted(targets.items()))
        text += "."
    return text


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",")
