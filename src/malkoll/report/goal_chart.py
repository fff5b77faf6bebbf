"""The goal-fulfilment overview as a small inline SVG chart, drawn like `report.charts`:
a title and a description for screen readers, every text escaped, no scripts.

One stacked horizontal bar per strategic goal (målsättning, the domain's målområde): its
delmål counted by their summarised assessment (`Delmalvy.bedomning`), one segment per
step of the municipality's scale in the scale's order (best first) and colour, then the
delmål without an assessment as `Saknas` (white with a dashed outline, like the
report's missing assessment). Each segment has its count written in it, and every step
after the first has a hatching of its own as well as its colour, so that the chart
survives printing in black and white. A delmål is one unit of length, the same in every
bar, so a goal with more delmål has the longer bar. The legend, a row (or rows) under the
bars, names each step that occurs.
"""

from __future__ import annotations

import re
from html import escape

from malkoll.report.charts import TEXT_COLOR
from malkoll.report.model import Malvy, Steg
from malkoll.report.safe import clean

WIDTH = 520
LABEL_WIDTH = 190  # the goal's name, right-aligned before the bars
LEFT = LABEL_WIDTH + 8
RIGHT = 16
TOP = 8
BAR = 18
GAP = 8
LEGEND_ROW = 18
LABEL_CHARS = 30
CHAR_WIDTH = 6.5  # an estimate of one character's width at font size 11
NONE_NAME = "Saknas"
NONE_COLOR = "#ffffff"
NEUTRAL = "#57606a"
HATCHES = (
    "",  # the first step: its colour alone
    "M0,6 l6,-6",  # /
    "M0,0 l6,6",  # \
    "M0,0 l6,6 M0,6 l6,-6",  # ×
    "M0,3 h6",  # –
    "M3,0 v6",  # |
)
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def goal_chart(goals: list[Malvy], scale: list[Steg], ident: str = "malbild") -> str:
    """The chart of ``goals`` on ``scale``; empty when no goal has a delmål. ``ident``
    prefixes the hatchings' ids, unique within the report."""
    rows = [(f"{g.id}. {g.namn}", counts(g, scale)) for g in goals if g.delmal]
    if not rows:
        return ""
    steps = [*scale, None]  # None: Saknas
    used = [i for i, _ in enumerate(steps) if any(c[i] for _, c in rows)]
    longest = max(sum(c) for _, c in rows)
    unit = (WIDTH - RIGHT - LEFT) / longest  # one delmål's length
    legend = _legend_rows([_name(steps[i]) for i in used])
    bottom = TOP + len(rows) * (BAR + GAP)
    height = bottom + 8 + len(legend) * LEGEND_ROW
    title = "Delmålens bedömning per strategisk målsättning"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" class="diagram">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(clean(describe(rows, steps)))}</desc>",
        _defs(ident),
    ]
    for r, (name, numbers) in enumerate(rows):
        top = TOP + r * (BAR + GAP)
        label = clean(name).replace("\n", " ")
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        parts.append(
            f'<text x="{LEFT - 8}" y="{top + BAR - 5}" text-anchor="end" font-size="11" '
            f'fill="{TEXT_COLOR}">{escape(short)}</text>'
        )
        at = float(LEFT)
        for i, n in enumerate(numbers):
            if not n:
                continue
            parts.append(_segment(at, top, n * unit, BAR, steps[i], i, ident))
            parts.append(
                f'<text x="{at + n * unit / 2:.1f}" y="{top + BAR - 5}" text-anchor="middle" '
                f'font-size="11" font-weight="600" fill="{_ink(steps[i])}">{n}</text>'
            )
            at += n * unit
    for row, items in enumerate(legend):
        y = bottom + 8 + row * LEGEND_ROW
        for index, x in items:
            i = used[index]
            parts.append(
                _segment(x, y, 16, 12, steps[i], i, ident)
                + f'<text x="{x + 20:.1f}" y="{y + 10}" font-size="11" fill="{TEXT_COLOR}">'
                f"{escape(clean(_name(steps[i])))}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def counts(goal: Malvy, scale: list[Steg]) -> list[int]:
    """The goal's delmål per step of ``scale`` (in its order), then those without an
    assessment (or with one the scale does not have)."""
    ids = [s.id for s in scale]
    found = [0] * (len(scale) + 1)
    for dm in goal.delmal:
        step = dm.bedomning
        found[ids.index(step.id) if step is not None and step.id in ids else len(scale)] += 1
    return found


def describe(rows: list[tuple[str, list[int]]], steps: list[Steg | None]) -> str:
    """The chart in words: each goal's counts of the steps it has."""
    said = []
    for name, numbers in rows:
        parts = [f"{n} {_name(steps[i]).lower()}" for i, n in enumerate(numbers) if n]
        said.append(f"{name}: {', '.join(parts)}.")
    return " ".join(said)


def _segment(x: float, y: float, w: float, h: float, step: Steg | None, i: int, ident: str) -> str:
    fill = _colour(step)
    dashed = ' stroke-dasharray="3 2"' if step is None else ""
    rect = (
        f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}" fill="{fill}" '
        f'stroke="{TEXT_COLOR}" stroke-width="1"{dashed}/>'
    )
    hatch = HATCHES[i % len(HATCHES)] if step is not None else ""
    if hatch:
        rect += (
            f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}" '
            f'fill="url(#{ident}-{i % len(HATCHES)})" stroke="none"/>'
        )
    return rect


def _defs(ident: str) -> str:
    patterns = "".join(
        f'<pattern id="{ident}-{i}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<path d="{d}" stroke="#000000" stroke-opacity="0.35" stroke-width="1"/></pattern>'
        for i, d in enumerate(HATCHES)
        if d
    )
    return f"<defs>{patterns}</defs>"


def _legend_rows(names: list[str]) -> list[list[tuple[int, float]]]:
    """The legend's items (index in ``names``, x) in rows that fit the chart's width."""
    rows: list[list[tuple[int, float]]] = [[]]
    x = float(LEFT)
    for index, name in enumerate(names):
        width = 20 + len(clean(name)) * CHAR_WIDTH + 16
        if rows[-1] and x + width > WIDTH - RIGHT:
            rows.append([])
            x = float(LEFT)
        rows[-1].append((index, x))
        x += width
    return rows


def _name(step: Steg | None) -> str:
    return NONE_NAME if step is None else step.namn


def _colour(step: Steg | None) -> str:
    if step is None:
        return NONE_COLOR
    return step.farg if _HEX.fullmatch(step.farg) else NEUTRAL


def _ink(step: Steg | None) -> str:
    """Black or white, whichever reads better on the step's colour."""
    colour = _colour(step).lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    r, g, b = (_linear(int(colour[k : k + 2], 16) / 255) for k in (0, 2, 4))
    light = 0.2126 * r + 0.7152 * g + 0.0722 * b  # WCAG's relative luminance
    return "#000000" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "#ffffff"


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
