"""The goal-fulfilment overview (report.goal_chart): segment lengths and counts by hand,
the scale's colours and names, `Saknas`, the example's summary, and hostile names."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from helpers import EXAMPLES
from malkoll.reading.load import load
from malkoll.report import view
from malkoll.report.goal_chart import LEFT, RIGHT, WIDTH, counts, goal_chart
from malkoll.report.model import Delmalvy, Malvy, Steg
from malkoll.report.render import render

SVG = "{http://www.w3.org/2000/svg}"
SCALE = [
    Steg("gron", "Grön", "", "🟢", "#1a7f37", 0),
    Steg("gul", "Gul", "", "🟡", "#9a6700", 1),
    Steg("rod", "Röd", "", "🔴", "#cf222e", 2),
]


def goal(gid: str, name: str, *steps: Steg | None) -> Malvy:
    delmal = [Delmalvy(f"{gid}.{i}", "d", [], s, [], [], "a") for i, s in enumerate(steps)]
    return Malvy(gid, name, None, None, None, [], [], delmal, "a")


def segments(svg: str) -> list[tuple[float, float, float, str]]:
    """The coloured rectangles (x, y, width, fill), hatchings and legend swatches left out."""
    return [
        (float(r.get("x")), float(r.get("y")), float(r.get("width")), r.get("fill") or "")
        for r in ET.fromstring(svg).iter(f"{SVG}rect")
        if not (r.get("fill") or "").startswith("url(") and r.get("width") != "16.0"
    ]


def texts(svg: str) -> list[tuple[float, str]]:
    return [(float(t.get("x")), t.text or "") for t in ET.fromstring(svg).iter(f"{SVG}text")]


@pytest.fixture(scope="module")
def ale() -> Any:
    return load(EXAMPLES / "ale-2020", cache=False)


def test_segments_and_counts_by_hand():
    """The longest goal has 3 delmål: the bars run from 198 (LEFT) to 520 − 16 = 504,
    306 units, 102 a delmål. Goal 1 (grön, gul, none): grön 198–300, gul 300–402, ej
    bedömd 402–504, each count written at its segment's middle (249, 351, 453). Goal 2's
    one röd delmål is 102 long, 26 lower (a bar of 18 and a gap of 8)."""
    assert (LEFT, WIDTH - RIGHT) == (198, 504)
    svg = goal_chart(
        [goal("1", "Ett", SCALE[0], SCALE[1], None), goal("2", "Två", SCALE[2])], SCALE
    )
    assert segments(svg) == [
        (198.0, 8.0, 102.0, "#1a7f37"),
        (300.0, 8.0, 102.0, "#9a6700"),
        (402.0, 8.0, 102.0, "#ffffff"),
        (198.0, 34.0, 102.0, "#cf222e"),
    ]
    written = texts(svg)
    assert [t for t in written if t[1] == "1"] == [
        (249.0, "1"),
        (351.0, "1"),
        (453.0, "1"),
        (249.0, "1"),
    ]
    names = [t for _, t in written]
    assert names[-4:] == ["Grön", "Gul", "Röd", "Saknas"]  # the legend, in the scale's order
    assert "1. Ett" in names
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}desc").text == "1. Ett: 1 grön, 1 gul, 1 saknas. 2. Två: 1 röd."
    assert root.find(f"{SVG}title").text == "Delmålens bedömning per strategisk målsättning"
    unassessed = [r for r in root.iter(f"{SVG}rect") if r.get("stroke-dasharray")]
    assert len(unassessed) == 2  # saknas's segment and its swatch: dashed, like the report's
    hatched = [
        r.get("fill") for r in root.iter(f"{SVG}rect") if (r.get("fill") or "").startswith("url(")
    ]
    assert hatched == ["url(#malbild-1)", "url(#malbild-2)", "url(#malbild-1)", "url(#malbild-2)"]


def test_a_step_that_does_not_occur_has_no_legend_entry_and_counts_add_up():
    svg = goal_chart([goal("1", "Ett", SCALE[0], SCALE[0], SCALE[0], SCALE[2])], SCALE)
    assert segments(svg) == [(198.0, 8.0, 229.5, "#1a7f37"), (427.5, 8.0, 76.5, "#cf222e")]
    names = [t for _, t in texts(svg)]
    assert "Gul" not in names
    assert "Saknas" not in names
    assert counts(goal("1", "x", SCALE[1], None, Steg("okand", "?", "", "", "#000", 9)), SCALE) == [
        0,
        1,
        0,
        2,
    ]


def test_the_count_is_dark_on_a_light_colour_and_light_on_a_dark_one():
    light = Steg("ljus", "Ljus", "", "", "#ffd33d", 0)
    dark = Steg("mork", "Mörk", "", "", "#0b4f8a", 1)
    svg = goal_chart([goal("1", "Ett", light, dark)], [light, dark])
    fills = [t.get("fill") for t in ET.fromstring(svg).iter(f"{SVG}text") if t.text == "1"]
    assert fills == ["#000000", "#ffffff"]


def test_nothing_to_draw_and_hostile_names_and_colours():
    assert goal_chart([], SCALE) == ""
    assert goal_chart([goal("1", "Tom")], SCALE) == ""
    evil = Steg("x", "<script>", "", "", 'red" onload="alert(1)', 0)
    svg = goal_chart([goal("<1>", "</text><b>&", evil)], [evil])
    root = ET.fromstring(svg)
    assert "<script>" not in svg
    assert "onload" not in svg
    assert segments(svg)[0][3] == "#57606a"  # a colour that is not #rgb or #rrggbb is neutral
    assert "<1>. </text><b>&" in [t.text for t in root.iter(f"{SVG}text")]
    long = goal_chart([goal("1", "En mycket lång målsättning som inte får plats", None)], SCALE)
    assert "1. En mycket lång målsättning…" in [t for _, t in texts(long)]


def test_the_example_summary_has_the_chart_of_every_goal(ale):
    """Ale's annual report: goal 1 has three delmål, one grön and two gul (the summarised
    assessments of `Delmålvy.bedomning`); a nämnd's report has only its goals."""
    model = view.build(ale, 2020, "helar", today=dt.date(2021, 3, 1))
    svg = model.matris.diagram
    desc = ET.fromstring(svg).find(f"{SVG}desc").text or ""
    assert desc.startswith("1. God utbildning för alla: 1 grön, 2 gul.")
    for g in model.mal:
        shown = {dm.bedomning.namn if dm.bedomning else "Saknas" for dm in g.delmal}
        assert all(f"{name.lower()}" in desc for name in shown)
    html = render(model, "html", [])
    summary = html[
        html.index('<section id="sammanfattning"') : html.index('<section id="malsattningar"')
    ]
    assert svg in summary
    un = view.build(ale, 2020, "helar", namnd="un", today=dt.date(2021, 3, 1))
    assert len(segments(un.matris.diagram)) == 2
    assert un.matris.diagram in render(un, "html", [])
    assert "Delmålens bedömning" not in render(un, "md", [])
