"""The trend chart's year axis and comparison lines (report.charts.trend_chart): the axis
ends at the outcomes or the nearest target, later targets stand in the right margin, and
riket and the comparison municipalities are lines of their own."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from helpers import EXAMPLES
from malkoll.reading.load import load
from malkoll.report import view
from malkoll.report.charts import EDGE, LEFT, RIGHT, WIDTH, trend_chart

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [(2017, 205.1, 221.4, 190.2), (2018, 208.0, None, None), (2020, 214.6, 229.9, 200.3)]


def circles_x(svg: str) -> list[float]:
    return [float(c.get("cx")) for c in ET.fromstring(svg).iter(f"{SVG}circle")]


def year_labels(svg: str) -> dict[str, float]:
    return {
        t.text: float(t.get("x"))
        for t in ET.fromstring(svg).iter(f"{SVG}text")
        if t.text and re.fullmatch(r"\d{4}", t.text)
    }


def test_a_target_far_ahead_does_not_stretch_the_axis():
    """Outcomes 2017–2020 and a target in 2030: the axis is 2017–2020 over 48 … 420 − 96
    = 324, 92 a year, so 2017 at 48, 2018 at 140, 2020 at 324; the target is a diamond
    in the margin at 324 + 14 = 338 labelled `mål 2030: 235` from 346."""
    assert (LEFT, WIDTH - EDGE) == (48, 324)
    svg = trend_chart("t", POINTS, {2030: 235.0})
    assert sorted(set(circles_x(svg))) == [48.0, 140.0, 324.0]
    assert year_labels(svg) == {"2017": 48.0, "2018": 140.0, "2020": 324.0}
    root = ET.fromstring(svg)
    (label,) = [t for t in root.iter(f"{SVG}text") if (t.text or "").startswith("mål ")]
    assert label.text == "mål 2030: 235"
    assert float(label.get("x")) == 346.0
    diamonds = [p.get("d") for p in root.iter(f"{SVG}path")]
    assert diamonds[0].startswith("M333.0,")  # its centre at 338, 5 each side
    assert "Målvärde" in [t.text for t in root.iter(f"{SVG}text")]
    assert "2030: 235" in root.find(f"{SVG}desc").text


def test_the_nearest_target_within_three_years_extends_the_axis():
    """A target in 2022 is two years on: the axis is 2017–2022 over 48 … 420 − 16 = 404,
    71,2 a year: 2020 at 48 + 3 × 71,2 = 261,6, the target's diamond centred at 404; the
    target in 2030 stands in the margin (the plot then ends at 324: 55,2 a year)."""
    svg = trend_chart("t", POINTS, {2022: 225.0})
    assert WIDTH - RIGHT == 404
    assert year_labels(svg)["2022"] == 404.0
    assert max(circles_x(svg)) == 261.6
    assert "mål " not in svg
    both = trend_chart("t", POINTS, {2022: 225.0, 2030: 235.0})
    assert year_labels(both)["2022"] == 324.0
    assert max(circles_x(both)) == 213.6  # 48 + 3 × 55,2
    assert "mål 2030: 235" in both
    four = trend_chart("t", POINTS, {2024: 225.0})  # four years on: in the margin
    assert "mål 2024: 225" in four
    assert "2024" not in year_labels(four)


def test_labels_of_several_later_targets_do_not_overlap():
    svg = trend_chart("t", POINTS, {2025: 230.0, 2030: 230.5})
    ys = sorted(
        float(t.get("y"))
        for t in ET.fromstring(svg).iter(f"{SVG}text")
        if (t.text or "").startswith("mål ")
    )
    assert len(ys) == 2
    assert round(ys[1] - ys[0], 1) >= 12


def test_comparisons_are_lines_with_their_own_dash_and_legend():
    """Riket and Liknande kommuner: polylines of their own colour and dash pattern with
    square marks (4 × 4, centred: x − 2; 2017 at 48, 2020 at 404 without a later target),
    named in the legend; a comparison outside the axis's years or not finite is not drawn."""
    comparisons = [
        ("Riket", {2017: 229.8, 2020: 231.0, 2012: 200.0}),
        ("Liknande kommuner", {2017: 219.0, 2018: float("nan"), 2020: 223.0}),
        ("Tom", {2018: None}),
    ]
    svg = trend_chart("t", POINTS, {}, comparisons)
    root = ET.fromstring(svg)
    lines = [p for p in root.iter(f"{SVG}polyline") if p.get("stroke-width") == "1.5"]
    assert [(p.get("stroke"), p.get("stroke-dasharray")) for p in lines] == [
        ("#bc4c00", "8 3 2 3"),
        ("#1a7f37", "1 3"),
    ]
    marks = [(float(r.get("x")), r.get("fill")) for r in root.iter(f"{SVG}rect")]
    assert marks == [(46.0, "#bc4c00"), (402.0, "#bc4c00"), (46.0, "#1a7f37"), (402.0, "#1a7f37")]
    names = [t.text for t in root.iter(f"{SVG}text")]
    assert "Riket" in names
    assert "Liknande kommuner" in names
    assert "Tom" not in names
    assert "nan" not in svg.lower().replace("liknande", "")
    desc = root.find(f"{SVG}desc").text
    assert "Riket 2017: 229,8, 2020: 231." in desc
    legend = [t for t in root.iter(f"{SVG}text") if t.text in ("Totalt", "Liknande kommuner")]
    assert all(float(t.get("x")) < WIDTH for t in legend)
    assert int(root.get("height")) == 208 + 16  # the legend takes a second row


def test_hostile_comparison_names_are_text():
    svg = trend_chart("t", POINTS, {}, [("<script>alert(1)</script>", {2020: 1.0})])
    assert "<script>" not in svg
    assert "<script>alert(1)</scr…" in [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_the_example_charts_draw_riket_and_keep_the_outcomes_wide():
    """Ale's merit value N15505: outcomes 2017–2020, targets to 2030, riket and liknande
    kommuner in the file: both comparisons drawn, and the last outcome at the plot's
    right end (324), not in the left third."""
    ale = load(EXAMPLES / "ale-2020", cache=False)
    model = view.build(ale, 2020, "helar", today=dt.date(2021, 3, 1))
    charts = [i.diagram for g in model.mal for dm in g.delmal for i in dm.indikatorer if i.diagram]
    assert charts
    with_riket = [c for c in charts if ">Riket<" in c]
    assert with_riket
    for svg in charts:
        xs = circles_x(svg)
        right = max(float(line.get("x2")) for line in ET.fromstring(svg).iter(f"{SVG}line"))
        assert max(xs) >= (right - LEFT) * 2 / 3 + LEFT
