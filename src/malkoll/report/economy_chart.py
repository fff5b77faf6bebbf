"""Budget against outcome per nämnd as a small inline SVG chart, drawn like
`report.charts`: a title and a description for screen readers, every text escaped, the
two bars told apart by fill and outline pattern as well as colour, no scripts.

Each nämnd is a pair of horizontal bars from zero: the budget the outcome is compared
with (at an interim period the period's budget, in the year's last period the year's
budget: `Ekonomirad.jamfort_med`) above the accumulated outcome. Its deviation (budget −
outcome, positive is better than budget: `Ekonomirad.avvikelse`) is written in a column
of its own at the right edge, with its sign. The value axis has round ticks along the
bottom; the legend is a row under it. A figure that is not a finite number is not drawn
(the models reject them; this is defence), and a nämnd with neither figure is left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from malkoll.report.charts import GRID_COLOR, TEXT_COLOR, _ticks
from malkoll.report.model import Ekonomirad
from malkoll.report.safe import clean
from malkoll.text import belopp, tal

WIDTH = 520
LABEL_WIDTH = 172  # the nämnd's name, right-aligned before the plot
LEFT = LABEL_WIDTH + 8
RIGHT = 80  # the deviation column after the plot
TOP = 24  # room for the deviation column's heading
BAR = 10  # one bar's height
PAIR_GAP = 12  # between two nämnder's pairs of bars
AXIS_LABELS = 20  # the tick labels under the plot
LEGEND = 26  # the legend's row at the bottom
LABEL_CHARS = 24
BUDGET_FILL = "#d8dee4"
BUDGET_STROKE = "#57606a"
BUDGET_DASH = "3 2"
OUTCOME_FILL = "#0969da"
AXIS_COLOR = "#57606a"


def budget_chart(rows: list[Ekonomirad], unit: str, periodbudget: bool) -> str:
    """The chart of the nämnder's budget and outcome; empty when no nämnd has a finite
    figure to draw. ``periodbudget`` names the budget `Budget för perioden` (an interim
    period) rather than `Budget`."""
    drawn = [
        (r.namn, _finite(r.jamfort_med), _finite(r.utfall), _finite(r.avvikelse)) for r in rows
    ]
    drawn = [d for d in drawn if d[1] is not None or d[2] is not None]
    if not drawn:
        return ""
    values = [v for d in drawn for v in d[1:3] if v is not None]
    low, high = min(0.0, *values), max(0.0, *values)
    if low == high:
        high = 1.0
    if not math.isfinite(high - low):
        return ""
    right = WIDTH - RIGHT
    plot_bottom = TOP + len(drawn) * (2 * BAR + PAIR_GAP)
    height = plot_bottom + AXIS_LABELS + LEGEND

    def x(value: float) -> float:
        return LEFT + (right - LEFT) * (value - low) / (high - low)

    budget_name = "Budget för perioden" if periodbudget else "Budget"
    title = f"Budget och utfall per nämnd ({unit})"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" class="diagram">',
        f"<title>{escape(clean(title))}</title>",
        f"<desc>{escape(clean(describe(drawn, unit, budget_name)))}</desc>",
    ]
    for value in _ticks(low, high):
        parts.append(
            f'<line x1="{x(value):.1f}" y1="{TOP - 4}" x2="{x(value):.1f}" y2="{plot_bottom}" '
            f'stroke="{GRID_COLOR}" stroke-width="1"/>'
            f'<text x="{x(value):.1f}" y="{plot_bottom + 14}" text-anchor="middle" '
            f'font-size="10" fill="{TEXT_COLOR}">{escape(tal(value, 0))}</text>'
        )
    parts.append(
        f'<text x="{WIDTH - 4}" y="{TOP - 10}" text-anchor="end" font-size="11" '
        f'font-weight="600" fill="{TEXT_COLOR}">Avvikelse</text>'
    )
    for i, (name, budget, outcome, deviation) in enumerate(drawn):
        top = TOP + i * (2 * BAR + PAIR_GAP)
        lines = label_lines(clean(name).replace("\n", " "))
        first = top + BAR + 4 - 6 * (len(lines) - 1)  # two lines sit around the pair's middle
        spans = "".join(
            f'<tspan x="{LEFT - 8}" y="{first + 12 * k}">{escape(line)}</tspan>'
            for k, line in enumerate(lines)
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{first}" text-anchor="end" font-size="11" '
            f'fill="{TEXT_COLOR}">{spans}</text>'
        )
        if budget is not None:
            parts.append(_bar(x, budget, top, BUDGET_FILL, BUDGET_STROKE, BUDGET_DASH))
        if outcome is not None:
            parts.append(_bar(x, outcome, top + BAR, OUTCOME_FILL, TEXT_COLOR, ""))
        parts.append(
            f'<text x="{WIDTH - 4}" y="{top + BAR + 4}" text-anchor="end" font-size="11" '
            f'fill="{TEXT_COLOR}">{escape(signed(deviation))}</text>'
        )
    parts.append(
        f'<line x1="{x(0.0):.1f}" y1="{TOP - 4}" x2="{x(0.0):.1f}" y2="{plot_bottom}" '
        f'stroke="{AXIS_COLOR}" stroke-width="1"/>'
    )
    legend_y = height - 8
    parts.append(
        f'<rect x="{LEFT}" y="{legend_y - 9}" width="16" height="{BAR}" fill="{BUDGET_FILL}" '
        f'stroke="{BUDGET_STROKE}" stroke-width="1" stroke-dasharray="{BUDGET_DASH}"/>'
        f'<text x="{LEFT + 20}" y="{legend_y}" font-size="11" fill="{TEXT_COLOR}">'
        f"{budget_name}</text>"
        f'<rect x="{LEFT + 150}" y="{legend_y - 9}" width="16" height="{BAR}" '
        f'fill="{OUTCOME_FILL}" stroke="{TEXT_COLOR}" stroke-width="1"/>'
        f'<text x="{LEFT + 170}" y="{legend_y}" font-size="11" fill="{TEXT_COLOR}">'
        f"Utfall</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def label_lines(label: str) -> list[str]:
    """A nämnd's name on one line, or two broken at a space (Omsorgs- och / arbets-
    marknadsnämnden), each at most LABEL_CHARS; what is still longer ends in an ellipsis."""
    if len(label) <= LABEL_CHARS:
        return [label]
    cut = label.rfind(" ", 0, LABEL_CHARS + 1)
    if cut <= 0:
        return [label[: LABEL_CHARS - 1] + "…"]
    head, rest = label[:cut], label[cut + 1 :]
    return [head, rest if len(rest) <= LABEL_CHARS else rest[: LABEL_CHARS - 1] + "…"]


def _bar(
    x: Callable[[float], float], value: float, top: float, fill: str, stroke: str, dash: str
) -> str:
    start, end = sorted((x(0.0), x(value)))
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<rect x="{start:.1f}" y="{top}" width="{max(end - start, 1):.1f}" height="{BAR}" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="1"{dashed}/>'
    )


def signed(value: float | None) -> str:
    """A deviation with its sign: `+2 900`, `−6 780`, `0`; a dash for none."""
    if value is None:
        return "–"
    text = tal(value, 0)
    return f"+{text}" if round(value) > 0 else text


def describe(
    drawn: list[tuple[str, float | None, float | None, float | None]], unit: str, budget: str
) -> str:
    """The chart in words: each nämnd's budget, outcome and deviation."""
    return " ".join(
        f"{name}: {budget.lower()} {belopp(b, unit)}, utfall {belopp(o, unit)}, "
        f"avvikelse {signed(d)} {unit}."
        for name, b, o, d in drawn
    )


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None
