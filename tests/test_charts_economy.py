"""The budget chart (report.economy_chart): bar lengths, the deviation column, the
example's Ekonomi section, and bad figures."""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from helpers import EXAMPLES
from malkoll.reading.load import load
from malkoll.report import view
from malkoll.report.economy_chart import LEFT, RIGHT, WIDTH, budget_chart, label_lines
from malkoll.report.model import Ekonomirad
from malkoll.report.render import render

SVG = "{http://www.w3.org/2000/svg}"


def row(
    name: str, base: float | None, outcome: float | None, deviation: float | None
) -> Ekonomirad:
    return Ekonomirad("x", name, base or 0.0, outcome, base, deviation, None, [], None, None)


def bars(svg: str) -> list[tuple[float, float, float]]:
    """Each bar as (x, y, width), legend swatches (width 16) left out."""
    root = ET.fromstring(svg)
    return [
        (float(r.get("x")), float(r.get("y")), float(r.get("width")))
        for r in root.iter(f"{SVG}rect")
        if r.get("width") != "16"
    ]


def texts(svg: str) -> list[str]:
    """Each text element's text, its tspans' lines joined by a space."""
    return [" ".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_a_long_name_takes_two_lines_not_an_ellipsis():
    """Omsorgs- och arbetsmarknadsnämnden (34 characters) breaks at a space into two
    lines of at most 24, centred on its pair of bars; a name too long for two is cut."""
    svg = budget_chart([row("Omsorgs- och arbetsmarknadsnämnden", 10, 9, 1)], "tkr", False)
    label = next(
        t for t in ET.fromstring(svg).iter(f"{SVG}text") if "Omsorgs" in "".join(t.itertext())
    )
    lines = [s.text for s in label.iter(f"{SVG}tspan")]
    assert lines == ["Omsorgs- och", "arbetsmarknadsnämnden"]
    ys = [float(s.get("y")) for s in label.iter(f"{SVG}tspan")]
    assert ys[1] - ys[0] == 12
    assert label_lines("x" * 30) == ["x" * 23 + "…"]
    assert label_lines("Nämnd " + "y" * 30) == ["Nämnd", "y" * 23 + "…"]


@pytest.fixture(scope="module")
def ale() -> Any:
    return load(EXAMPLES / "ale-2020", cache=False)


def test_bar_lengths_and_the_deviation_by_hand():
    """The plot runs from x = 180 (LEFT) to 520 − 80 = 440: 260 units for 0 … 100, so a
    budget of 100 is 260 long, an outcome of 80 is 208, 50 is 130, 60 is 156. The pairs
    are 32 apart (two bars of 10 and a gap of 12), from y = 24."""
    assert (LEFT, WIDTH - RIGHT) == (180, 440)
    svg = budget_chart([row("A", 100, 80, 20), row("B", 50, 60, -10)], "tkr", True)
    assert bars(svg) == [
        (180.0, 24.0, 260.0),
        (180.0, 34.0, 208.0),
        (180.0, 56.0, 130.0),
        (180.0, 66.0, 156.0),
    ]
    said = texts(svg)
    assert "+20" in said
    assert "\u221210" in said
    assert "Budget för perioden" in said
    assert "Utfall" in said
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Budget och utfall per nämnd (tkr)"
    assert root.find(f"{SVG}desc").text == (
        "A: budget för perioden 100 tkr, utfall 80 tkr, avvikelse +20 tkr. "
        "B: budget för perioden 50 tkr, utfall 60 tkr, avvikelse \u221210 tkr."
    )
    dashed = [r for r in root.iter(f"{SVG}rect") if r.get("stroke-dasharray")]
    assert len(dashed) == 3  # the budget bars and their legend swatch: a pattern, not only a colour
    assert "Budget" in texts(budget_chart([row("A", 1, 1, 0)], "tkr", False))


def test_a_negative_outcome_starts_at_zero():
    """−50 … 100 over 260 units: zero at 180 + 260 × 50 / 150 = 266,7; an outcome of −50
    runs left from there to 180 (86,7 long), a budget of 100 right to 440 (173,3)."""
    svg = budget_chart([row("Finans", 100, -50, 150)], "tkr", False)
    assert bars(svg) == [(266.7, 24.0, 173.3), (180.0, 34.0, 86.7)]
    assert "+150" in texts(svg)


def test_bad_figures_are_not_drawn_and_names_are_text():
    assert budget_chart([], "tkr", True) == ""
    assert budget_chart([row("A", None, None, None)], "tkr", True) == ""
    assert budget_chart([row("A", 1e308, -1e308, None)], "tkr", True) == ""
    svg = budget_chart(
        [row("<b>&", math.nan, 5.0, math.inf), row("Ingen", None, None, None)], "<i>", True
    )
    assert len(bars(svg)) == 1
    assert "nan" not in svg.lower()
    assert "inf" not in svg.lower()
    assert "<b>" not in svg
    assert "<i>" not in svg
    assert "<b>&" in texts(svg)
    assert "Ingen" not in svg  # a nämnd with no figure at all is left out
    long = budget_chart([row("Samhällsbyggnadsnämnden och mer därtill", 1, 1, 0)], "tkr", True)
    assert "Samhällsbyggnadsnämnden och mer därtill" in texts(long)  # two lines, whole


def test_the_example_annual_report_has_the_chart_with_the_years_budget(ale):
    """Helår: the year's budget. The largest figure is Utbildningsnämnden's outcome
    789 200: 260 long; its budget 782 400 is 260 × 782 400 / 789 200 = 257,8 and
    Kommunstyrelsen's 118 500 is 39,0. The deviations are the table's: +2 900, −6 800."""
    model = view.build(ale, 2020, "helar", today=dt.date(2021, 3, 1))
    assert model.ekonomi is not None
    svg = model.ekonomi.diagram
    widths = [w for _, _, w in bars(svg)]
    assert widths[:4] == [39.0, pytest.approx(260 * 115600 / 789200, abs=0.05), 257.8, 260.0]
    said = texts(svg)
    assert "Budget" in said
    assert "Budget för perioden" not in said
    assert "+2\xa0900" in said
    assert "\u22126\xa0800" in said
    html = render(model, "html", [])
    section = html[html.index('<section id="ekonomi"') :]
    assert svg in section
    assert "Budget och utfall per nämnd, årsredovisning 2020 (tkr)" in section
    assert "Budget och utfall per nämnd" not in render(model, "md", [])


def test_the_interim_chart_uses_the_period_budget(ale):
    """Delår 2: Utbildningsnämnden's period budget 521 600 against 528 380, −6 780."""
    model = view.build(ale, 2020, "delar2", today=dt.date(2020, 9, 15))
    assert model.ekonomi is not None
    desc = ET.fromstring(model.ekonomi.diagram).find(f"{SVG}desc").text or ""
    assert (
        "budget för perioden 521\xa0600 tkr, utfall 528\xa0380 tkr, avvikelse \u22126\xa0780"
        in desc
    )
    assert "Budget för perioden" in texts(model.ekonomi.diagram)


def test_a_namnds_report_has_only_its_own_bars(ale):
    model = view.build(ale, 2020, "helar", namnd="un", today=dt.date(2021, 3, 1))
    assert model.ekonomi is not None
    assert len(bars(model.ekonomi.diagram)) == 2
    assert model.ekonomi.prognossakerhet  # the forecast chart is in a nämnd's report too
    assert model.ekonomi.prognossakerhet[0].diagram.startswith("<svg")
