"""A nämnd's forecasts through the year as a small inline SVG chart, drawn like
`report.charts`: a title and a description for screen readers, every text escaped, the
lines told apart by dash patterns as well as colours, no scripts.

The months of the year run across, named at January, December and each forecast's month
(a month apart is about 24 units, room for a three-letter name); each forecast of the
year's deviation is a point on one line through the year, the outcome's deviation (in
the year's last period) a horizontal dashed line, and the budget (a deviation of 0) a
thin line of its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from malkoll.analysis.forecasts import Prognossakerhet
from malkoll.model.types import MANADSNAMN
from malkoll.report.charts import GRID_COLOR, TEXT_COLOR, _ticks
from malkoll.report.safe import clean
from malkoll.text import belopp, tal

WIDTH, HEIGHT = 420, 190
LEFT, RIGHT, TOP, BOTTOM = 64, 96, 14, 28
FORECAST_COLOR = "#0969da"
OUTCOME_COLOR = "#cf222e"
OUTCOME_DASH = "6 3"
BUDGET_COLOR = "#57606a"
BUDGET_DASH = "2 3"


@dataclass
class Prognosvy:
    """One nämnd's forecast accuracy in the report (`Ekonomivy.prognossakerhet`): the
    figures, the chart (inline SVG, empty without figures) and an anchor."""

    sakerhet: Prognossakerhet
    diagram: str
    anchor: str = ""


def forecast_chart(found: Prognossakerhet, unit: str) -> str:
    """The chart of one nämnd's forecasts; empty when there is no finite figure to draw."""
    points = [(p.manad, p.prognos) for p in found.punkter if _finite(p.prognos)]
    outcome = found.utfall if found.mot_utfall and _finite(found.utfall) else None
    if not points:
        return ""
    values = [v for _, v in points] + ([outcome] if outcome is not None else []) + [0.0]
    low, high = min(values), max(values)
    if low == high:
        spread = abs(low) * 0.1 or 1.0
        low, high = low - spread, high + spread
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    if not (math.isfinite(low) and math.isfinite(high) and math.isfinite(high - low)):
        return ""

    def x(month: int) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (month - 1) / 11

    def y(value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (high - value) / (high - low)

    title = f"Prognoser för helårets avvikelse, {found.namn}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" class="diagram">',
        f"<title>{escape(clean(title))}</title>",
        f"<desc>{escape(clean(describe(found, unit)))}</desc>",
    ]
    for value in _ticks(low, high):
        parts.append(
            f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{WIDTH - RIGHT}" y2="{y(value):.1f}" '
            f'stroke="{GRID_COLOR}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{TEXT_COLOR}">{escape(tal(value, 0))}</text>'
        )
    for month in sorted({1, 12, *(mo for mo, _ in points)}):
        parts.append(
            f'<text x="{x(month):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'font-size="11" fill="{TEXT_COLOR}">{MANADSNAMN[month - 1][:3]}</text>'
        )
    parts.append(_horizontal(y(0.0), BUDGET_COLOR, BUDGET_DASH, 1))
    legend_y = TOP + 6
    if outcome is not None:
        parts.append(_horizontal(y(outcome), OUTCOME_COLOR, OUTCOME_DASH, 2))
    coords = " ".join(f"{x(mo):.1f},{y(v):.1f}" for mo, v in points)
    parts.append(
        f'<polyline points="{coords}" fill="none" stroke="{FORECAST_COLOR}" stroke-width="2"/>'
    )
    parts.extend(
        f'<circle cx="{x(mo):.1f}" cy="{y(v):.1f}" r="2.5" fill="{FORECAST_COLOR}"/>'
        for mo, v in points
    )
    legend = [("Prognos", FORECAST_COLOR, "", 2)]
    if outcome is not None:
        legend.append(("Utfall", OUTCOME_COLOR, OUTCOME_DASH, 2))
    legend.append(("Budget", BUDGET_COLOR, BUDGET_DASH, 1))
    for label, colour, dash, width in legend:
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{WIDTH - RIGHT + 10}" y1="{legend_y}" x2="{WIDTH - RIGHT + 30}" '
            f'y2="{legend_y}" stroke="{colour}" stroke-width="{width}"{dashed}/>'
            f'<text x="{WIDTH - RIGHT + 34}" y="{legend_y + 4}" font-size="11" '
            f'fill="{TEXT_COLOR}">{label}</text>'
        )
        legend_y += 16
    parts.append("</svg>")
    return "".join(parts)


def describe(found: Prognossakerhet, unit: str) -> str:
    """The chart in words: each forecast, then the outcome."""
    said = ", ".join(f"{p.namn} {belopp(p.prognos, unit)}" for p in found.punkter)
    text = f"Prognos för helårets avvikelse: {said}."
    if found.mot_utfall:
        text += f" Utfall: {belopp(found.utfall, unit)}."
    return text


def _horizontal(at: float, colour: str, dash: str, width: int) -> str:
    return (
        f'<line x1="{LEFT}" y1="{at:.1f}" x2="{WIDTH - RIGHT}" y2="{at:.1f}" '
        f'stroke="{colour}" stroke-width="{width}" stroke-dasharray="{dash}"/>'
    )


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)
