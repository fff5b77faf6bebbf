"""Groups beyond women and men: MK309 for a grouping's gap, MK202 for a unit that is not
in organisation.yaml, the report's tables and chart of the groupings and the units' own
figures, and `kolada hamta` keeping both."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import typer
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from helpers import EXAMPLES, build_repo, check, edit_file, run
from kolada_server import KoladaServer, closed_port_url
from malkoll.cli import kolada as cli_kolada
from malkoll.kolada import client
from malkoll.kolada.merge import Fetched, merge
from malkoll.model.groups import grouping_name, latest_spread
from malkoll.model.index import Index
from malkoll.reading.load import load
from malkoll.report.charts import BOTTOM, HEIGHT, WIDTH, group_chart, trend_chart
from malkoll.report.view.indikatorer import indicator
from malkoll.report.view.source import Source

AFTER_THE_YEAR = "--idag 2021-03-01"
PLAN = "2020/plan/sektor/grundskola.yaml"
# The base repository's N15505 with women and men close (|K − M| = 2.0, under 10 % of
# T), so that only the groupings can ask for `grupper`.
VALUES = """\
indikator: N15505
kalla: Kolada
utfall:
  2019: {{T: 215.2, K: 216.0, M: 214.0}}
  2020: {{T: 219.8, K: 220.8, M: 218.8}}
grupper:
{grupper}
"""
GRUPPER = re.compile(r"grupper: [^,}]*(, )?")


def without_grupper(root: Path) -> None:
    """Grundskola's analysis of 1.1 for helar (the first `helar:` line of its plan) with
    nothing under `grupper`."""
    path = root / PLAN
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("helar: {analys:"))
    assert GRUPPER.search(lines[at]), lines[at]
    lines[at] = GRUPPER.sub("", lines[at], count=1)
    path.write_text("\n".join(lines), encoding="utf-8")


def repo_with(tmp_path: Path, grupper: str, settings: str = "") -> Path:
    """The base repository, its N15505 with ``grupper``, grundskola's helar without."""
    root = build_repo(
        tmp_path / "repo", files={"indikatorer/N15505.yaml": VALUES.format(grupper=grupper)}
    )
    without_grupper(root)
    if settings:
        with (root / "malkoll.yaml").open("a", encoding="utf-8") as out:
            out.write(settings)
    return root


def mk309(root: Path) -> list[str]:
    return [x.head() for x in check(root, AFTER_THE_YEAR).findings if x.code == "MK309"]


# --- MK309 ------------------------------------------------------------------------------

KOMMUNDEL = """\
  kommundel:
    Nol: {2019: 205.0, 2020: 198.0}
    Alafors: {2019: 220.0, 2020: 222.0}
    Surte: {2020: 215.5}
"""


def test_a_kommundel_gap_without_grupper_is_mk309_and_grupper_fixes_it(tmp_path):
    """2020: Alafors 222.0 − Nol 198.0 = 24.0 > 10 % of T 219.8 = 21.98: a warning at the
    analysis, naming the grouping (lower case, as in the hint), the gap in % of the total
    (24.0 / 219.8 = 10.92 % → 10,9 %) and the threshold, the highest and lowest group and
    the year."""
    root = repo_with(tmp_path, KOMMUNDEL)
    [finding] = [x for x in check(root, AFTER_THE_YEAR).findings if x.code == "MK309"]
    assert finding.head() == (
        f"{PLAN}:8:15: varning MK309 Indikatorn N15505 visar 2020 en skillnad på 24 (10,9 % "
        "av totalen, gränsen är 10 %) i grupperingen `kommundel` mellan `Alafors` (222) och "
        "`Nol` (198), men analysen beskriver inte grupper (Grundskola, delmål 1.1, "
        "Årsredovisning)."
    )
    assert "analys.grupper" in finding.hint
    assert "kommundel" in finding.hint
    edit_file(
        root, PLAN, "helar: {analys: {", "helar: {analys: {grupper: Nol 198 mot Alafors 222, "
    )
    assert mk309(root) == []


def test_the_gap_between_women_and_men_still_asks_for_grupper(tmp_path):
    """The base's own N15505: K 231.5 − M 208.0 = 23.5 > 21.98 (10 % of 219.8); 23.5 /
    219.8 = 10.69 % → 10,7 %."""
    root = build_repo(tmp_path / "repo")
    without_grupper(root)
    assert mk309(root) == [
        f"{PLAN}:8:15: varning MK309 Indikatorn N15505 visar 2020 en skillnad på 23,5 (10,7 % "
        "av totalen, gränsen är 10 %) mellan kvinnor (231,5) och män (208), men analysen "
        "beskriver inte grupper (Grundskola, delmål 1.1, Årsredovisning)."
    ]


def test_a_gap_under_the_threshold_is_no_finding(tmp_path):
    """Alafors 219.0 − Nol 198.0 = 21.0, under 21.98."""
    root = repo_with(tmp_path, KOMMUNDEL.replace("2020: 222.0", "2020: 219.0"))
    assert mk309(root) == []


def test_the_threshold_is_gruppskillnad_procent_of_malkoll_yaml(tmp_path):
    """At 11 %, 24.0 is under 0.11 × 219.8 = 24.178: no finding; at 10.9 %, 23.958 is
    under 24.0: a finding. The K/M threshold plays no part."""
    high = "analys:\n  gruppskillnad_procent: 11\n  konsskillnad_procent: 0\n"
    assert "analys:" not in (build_repo(tmp_path / "probe") / "malkoll.yaml").read_text("utf-8")
    assert mk309(repo_with(tmp_path / "a", KOMMUNDEL, high)) != []  # K/M 2.0 > 0 % now
    high = "analys:\n  gruppskillnad_procent: 11\n"
    assert mk309(repo_with(tmp_path / "b", KOMMUNDEL, high)) == []
    low = "analys:\n  gruppskillnad_procent: 10.9\n"
    assert len(mk309(repo_with(tmp_path / "c", KOMMUNDEL, low))) == 1


def test_the_latest_year_with_two_groups_up_to_the_plans_year_counts(tmp_path):
    """2020 has one group only and 2021 is after the plan's year, so 2019 counts: Alafors
    220.0 − Nol 205.0 = 15.0, under 10 % of 2019's T 215.2 = 21.52, is no finding (2021's
    gap of 200 would be one); with Nol 190.0 in 2019 the gap 30.0 is, in 2019."""
    one_in_2020 = """\
  kommundel:
    Nol: {2019: 205.0, 2020: 150.0, 2021: 100.0}
    Alafors: {2019: 220.0, 2021: 300.0}
"""
    assert mk309(repo_with(tmp_path / "a", one_in_2020)) == []
    [head] = mk309(repo_with(tmp_path / "b", one_in_2020.replace("2019: 205.0", "2019: 190.0")))
    # 30.0 / 215.2 = 13.94 %
    assert (
        "visar 2019 en skillnad på 30 (13,9 % av totalen, gränsen är 10 %) i grupperingen "
        "`kommundel` mellan `Alafors` (220) och " in head
    )
    assert "`Nol` (190)" in head


def test_without_the_total_the_mean_of_the_groups_is_the_base(tmp_path):
    """No T in 2018: A 100.0, B 111.0, mean 105.5, 10 % = 10.55 < 11.0: a finding (of the
    larger value, 11.1, it would not be; 11.0 / 105.5 = 10.43 %); with B 110.0 the gap 10.0
    is under 10.5."""
    groups = "  fodelseland:\n    Sverige: {2018: 111.0}\n    Utrikes född: {2018: 100.0}\n"
    root = build_repo(
        tmp_path / "a",
        files={
            "indikatorer/N15505.yaml": "indikator: N15505\nutfall:\n  2018: {K: 1.0}\n"
            "grupper:\n" + groups
        },
    )
    without_grupper(root)
    [head] = mk309(root)
    assert (
        "visar 2018 en skillnad på 11 (10,4 % av gruppernas medelvärde, gränsen är 10 %) i "
        "grupperingen `födelseland` mellan `Sverige` (111) och `Utrikes född` (100)" in head
    )
    edit_file(root, "indikatorer/N15505.yaml", "2018: 111.0", "2018: 110.0")
    assert mk309(root) == []


def test_the_spread_and_names_in_python():
    groups = {"A": {2019: 1.0, 2020: 5.0}, "B": {2019: 3.0}, "C": {2020: 4.0, 2021: 99.0}}
    spread = latest_spread(groups, 2020)
    assert spread is not None
    assert (spread.year, spread.high, spread.low, spread.gap) == (2020, ("A", 5.0), ("C", 4.0), 1.0)
    assert latest_spread(groups, 2018) is None
    assert latest_spread({"A": {2020: 1.0}}, 2020) is None  # one group is no spread
    assert [grouping_name(k) for k in ("kommundel", "aldersgrupp", "fodelseland")] == [
        "Kommundel",
        "Åldersgrupp",
        "Födelseland",
    ]
    assert grouping_name("egen_indelning") == "Egen indelning"


# --- MK202 for the units' figures -------------------------------------------------------


def test_a_unit_not_in_organisation_yaml_is_mk202_at_its_key(tmp_path):
    text = (
        "indikator: N15505\nutfall:\n  2020: {T: 219.8}\norganisationer:\n"
        "  alafors-skola: {2020: {T: 210.0}}\n  alafors-skolan: {2020: {T: 230.0}}\n"
    )
    root = build_repo(tmp_path / "repo", files={"indikatorer/N15505.yaml": text})
    found = [x for x in check(root).findings if x.code == "MK202"]
    assert [x.head() for x in found] == [
        "indikatorer/N15505.yaml:6:3: fel MK202 `alafors-skolan` är inte en organisation i "
        "organisation.yaml. Menade du `alafors-skola`?"
    ]
    edit_file(root, "indikatorer/N15505.yaml", "  alafors-skolan: {2020: {T: 230.0}}\n", "")
    assert [x for x in check(root).findings if x.code == "MK202"] == []


# --- names of groupings and groups ------------------------------------------------------


def test_an_empty_group_or_grouping_name_is_mk105_at_its_key(tmp_path):
    """A group `""` or `"  "` would be a blank header in the report: MK105 at the key, the
    group cut away (the other groups stay); the same for a grouping."""
    groups = (
        '  "":\n    A: {2020: 1.0}\n  kommundel:\n    "  ": {2020: 2.0}\n    Nol: {2020: 3.0}\n'
    )
    root = repo_with(tmp_path, groups)
    found = [x for x in check(root, AFTER_THE_YEAR).findings if x.code == "MK105"]
    assert [x.head() for x in found] == [
        "indikatorer/N15505.yaml:7:3: fel MK105 Fel nyckel: förväntade en text som inte är "
        "tom, fann ``.",
        "indikatorer/N15505.yaml:10:5: fel MK105 Fel nyckel: förväntade en text som inte är "
        "tom, fann ` `.",
    ]
    values = Index.of(load(root, cache=False)).values["N15505"]
    assert values.grupper == {"kommundel": {"Nol": {2020: 3.0}}}  # the rest is read
    edit_file(root, "indikatorer/N15505.yaml", '  "":\n    A: {2020: 1.0}\n', "")
    edit_file(root, "indikatorer/N15505.yaml", '    "  ": {2020: 2.0}\n', "")
    assert [x for x in check(root, AFTER_THE_YEAR).findings if x.code == "MK105"] == []


# --- the report -------------------------------------------------------------------------


@pytest.fixture
def ale(tmp_path) -> Path:
    root = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", root, ignore=shutil.ignore_patterns("rapporter"))
    return root


def test_the_examples_groupings_and_units_in_the_view(ale):
    """N15505 of exempel/ale-2020: the kommundel table per year beside the total, and the
    four schools' figures in tree order with the municipality's under them."""
    repo = load(ale, cache=False)
    ind = indicator(Source(repo, repo.ar[2020], "helar"), "N15505")
    assert ind is not None
    [g] = ind.grupperingar
    assert (g.nyckel, g.namn, g.diagramar, g.decimaler) == ("kommundel", "Kommundel", 2020, 1)
    assert g.grupper == ["Nödinge", "Nol och Alafors", "Älvängen", "Skepplanda och Surte"]
    assert [(r.ar, r.varden, r.T) for r in g.rader] == [
        (2018, [212.4, 196.0, 214.7, 205.3], 208.3),
        (2019, [215.9, 197.2, 217.0, 208.1], 211.0),
        (2020, [219.8, 198.5, 221.3, 211.9], 214.6),
    ]
    e = ind.organisationer
    assert e is not None
    assert e.kolumner == ["2019", "2020", "Kvinnor 2020", "Män 2020"]
    assert [(r.namn, r.varden) for r in e.rader] == [
        ("Nolskolan", [197.2, 198.5, 211.0, 186.4]),
        ("Aroseniusskolan", [218.5, 222.4, 236.0, 209.8]),
        ("Surteskolan", [207.9, 211.6, None, None]),
        ("Himlaskolan", [216.1, 220.0, None, None]),
    ]
    assert (e.totalt.namn, e.totalt.varden) == ("Hela kommunen", [211.0, 214.6, 229.9, 200.3])
    # A nämnd's report shows only its own units: the schools are Utbildningsnämnden's.
    assert indicator(Source(repo, repo.ar[2020], "helar", "un"), "N15505").organisationer == e
    assert indicator(Source(repo, repo.ar[2020], "helar", "ks"), "N15505").organisationer is None


def test_units_are_in_tree_order_and_up_to_the_reports_year(tmp_path):
    text = (
        "indikator: N15505\nutfall:\n  2020: {T: 219.8}\n  2021: {T: 1.0}\norganisationer:\n"
        "  alafors-skola: {2020: {T: 210.0}, 2021: {T: 1.0}}\n  grundskola: {2020: {T: 215.0}}\n"
    )
    repo = load(build_repo(tmp_path / "repo", files={"indikatorer/N15505.yaml": text}), cache=False)
    e = indicator(Source(repo, repo.ar[2020], "helar"), "N15505").organisationer
    assert e.kolumner == ["2020"]
    assert [(r.namn, r.varden) for r in e.rader] == [
        ("Grundskola", [215.0]),
        ("Alafors skola", [210.0]),
    ]


def test_the_examples_report_shows_the_tables_and_the_chart(ale, tmp_path):
    status, _, _ = run("rapport", "2020", "-C", str(ale), "--ut", str(tmp_path / "ut"))
    assert status == 0
    md = (tmp_path / "ut/rapport-2020-helar.md").read_text(encoding="utf-8")
    name = "Elever i åk 9, genomsnittligt meritvärde, kommunala skolor"
    assert (
        f"{name} per kommundel:\n\n"
        "| År | Nödinge | Nol och Alafors | Älvängen | Skepplanda och Surte | Totalt |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: |\n"
        "| 2018 | 212,4 | 196,0 | 214,7 | 205,3 | 208,3 |\n"
        "| 2019 | 215,9 | 197,2 | 217,0 | 208,1 | 211,0 |\n"
        "| 2020 | 219,8 | 198,5 | 221,3 | 211,9 | 214,6 |\n"
    ) in md
    assert (
        f"{name} per enhet:\n\n"
        "| Enhet | 2019 | 2020 | Kvinnor 2020 | Män 2020 |\n"
        "| --- | ---: | ---: | ---: | ---: |\n"
        "| Nolskolan | 197,2 | 198,5 | 211,0 | 186,4 |\n"
        "| Aroseniusskolan | 218,5 | 222,4 | 236,0 | 209,8 |\n"
        "| Surteskolan | 207,9 | 211,6 | – | – |\n"
        "| Himlaskolan | 216,1 | 220,0 | – | – |\n"
        "| Hela kommunen | 211,0 | 214,6 | 229,9 | 200,3 |\n"
    ) in md
    html = (tmp_path / "ut/rapport-2020-helar.html").read_text(encoding="utf-8")
    assert f"<caption>{name} per kommundel</caption>" in html
    assert '<th scope="col" class="tal">Nol och Alafors</th>' in html
    assert '<tr><th scope="row">Hela kommunen</th><td class="tal">211,0</td>' in html
    [svg] = re.findall(r"<figure>(<svg.*?</svg>)<figcaption[^>]*>[^<]*per kommundel 2020<", html)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == f"{name}: kommundel 2020"
    assert root.find(f"{ns}desc").text == (
        "Nödinge: 219,8, Nol och Alafors: 198,5, Älvängen: 221,3, Skepplanda och Surte: "
        "211,9. Totalt: 214,6. Målvärde: 218."
    )
    assert len(root.findall(f"{ns}rect")) == 4


HOSTILE = {
    "<script>alert(1)</script>": 1e15,
    "| pipe | & <b>": -1e15,
    "x" * 500: 0.0,
    "]]></svg><img src=x onerror=alert(1)>": 219.8,
}


def test_hostile_group_names_and_numbers_break_nothing(tmp_path):
    lines = "".join(f"    {_yaml(name)}: {{2020: {v}}}\n" for name, v in HOSTILE.items())
    text = VALUES.format(grupper="  kommundel:\n" + lines)
    root = build_repo(tmp_path / "repo", files={"indikatorer/N15505.yaml": text})
    status, _, err = run("rapport", "2020", "-C", str(root), "--ut", str(tmp_path / "ut"))
    assert (status, "Traceback" in err) == (0, False)
    html = (tmp_path / "ut/rapport-2020-helar.html").read_text(encoding="utf-8")
    for raw in ("<script>alert", "<img src=x", "<b>"):
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    [svg] = re.findall(r"<figure>(<svg.*?</svg>)<figcaption[^>]*>[^<]*per kommundel", html)
    root = ET.fromstring(svg)  # well-formed
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "x" * 21 + "…" in labels  # a long name is cut in the chart, whole in its desc
    assert "x" * 500 in root.find("{http://www.w3.org/2000/svg}desc").text
    md = (tmp_path / "ut/rapport-2020-helar.md").read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    heads = [t for t in tokens if t.type == "tr_open"]
    assert heads  # every table parses; the groups' header row keeps its 6 cells
    [row] = [line for line in md.split("\n") if line.startswith("| År | ") and "pipe" in line]
    assert len(re.findall(r"(?<!\\)\|", row)) == 7


def _yaml(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_the_group_chart_survives_absurd_numbers():
    """A span that is not finite draws nothing; a value that is not finite is left out."""
    svg_ns = "{http://www.w3.org/2000/svg}"
    assert group_chart("t", [("a", 1e308), ("b", -1e308)]) == ""
    assert len(ET.fromstring(group_chart("t", [("a", 1e300), ("b", -1e300)]))) > 2
    assert group_chart("t", [("a", 1e308), ("b", -1e308), ("c", 5.0)], 1e300) == ""
    assert group_chart("t", [("a", float("nan")), ("b", None)]) == ""
    svg = group_chart("<t>", [("a", float("inf")), ("b", 1.0)], 1e300, float("nan"))
    root = ET.fromstring(svg)
    assert root.find(f"{svg_ns}title").text == "<t>"
    assert len(root.findall(f"{svg_ns}rect")) == 1
    assert "nan" not in svg
    assert "inf" not in svg
    assert "Målvärde" not in svg
    assert (
        len(ET.fromstring(group_chart("t", [("a", 0.0), ("b", 0.0)])).findall(f"{svg_ns}rect")) == 2
    )


def test_the_value_labels_stay_clear_of_the_total_line():
    """The example's kommundel 2020 with the total 214,6: 198,5's bar ends left of the
    dashed line, so its label starts after the line (4 units); 221,3's bar ends right of
    it, so its label starts 4 units after the bar's end."""
    svg_ns = "{http://www.w3.org/2000/svg}"
    groups = [("Nödinge", 219.8), ("Nol och Alafors", 198.5), ("Älvängen", 221.3)]
    root = ET.fromstring(group_chart("t", groups, 214.6, 218.0))
    dashed = [e for e in root.iter(f"{svg_ns}line") if e.get("stroke-dasharray")]
    line = float(dashed[0].get("x1"))  # the total's line across the bars
    ends = {}
    for rect in root.iter(f"{svg_ns}rect"):
        ends[float(rect.get("y"))] = float(rect.get("x")) + float(rect.get("width"))
    labels = {
        t.text: (float(t.get("x")), float(t.get("y")))
        for t in root.iter(f"{svg_ns}text")
        if t.text in ("219,8", "198,5", "221,3")
    }
    assert len(labels) == 3
    for text, (at, _) in labels.items():
        assert at >= line + 4, text  # never across the dashed line
    low = sorted(ends)[1]  # the second bar, Nol och Alafors
    assert ends[low] < line
    assert labels["198,5"][0] == pytest.approx(line + 1 + 4, abs=0.11)
    assert labels["221,3"][0] == pytest.approx(ends[sorted(ends)[2]] + 4, abs=0.11)


def test_the_trend_charts_legend_is_below_the_plot():
    """A target in the last year sits at the plot's right edge: the legend is a row under
    the year labels, so no legend item shares the diamond's height, and the diamond fits
    in the chart."""
    svg_ns = "{http://www.w3.org/2000/svg}"
    points = [(2017, 205.1, 221.4, 190.2), (2020, 214.6, 229.9, 200.3)]
    root = ET.fromstring(trend_chart("t", points, {2020: 218.0, 2030: 235.0}))
    axis = HEIGHT - BOTTOM
    legend = [
        t for t in root.iter(f"{svg_ns}text") if t.text in ("Totalt", "Kvinnor", "Män", "Målvärde")
    ]
    assert len(legend) == 4
    years = [t for t in root.iter(f"{svg_ns}text") if t.text in ("2017", "2030")]
    assert all(float(t.get("y")) > max(float(y.get("y")) for y in years) for t in legend)
    diamonds = [p.get("d") for p in root.iter(f"{svg_ns}path")]
    for d in diamonds[:2]:  # the two targets, then the legend's mark
        x, y = (float(v) for v in d[1:].split(" ")[0].split(","))
        assert y < axis
        assert x + 10 <= WIDTH


# --- kolada hamta keeps grupper and organisationer --------------------------------------

KEPT_PART = """\
grupper:
  kommundel:          # från elevregistret
    Nödinge: {2019: 215.9, 2020: 219.8}
    Nol och Alafors: {2019: 197.2, 2020: 198.5}
organisationer:
  nolskolan: {2019: {T: 197.2}, 2020: {T: 198.5, K: 211.0, M: 186.4}}
"""


def test_merge_keeps_grupper_and_organisationer_and_adds_sections_before_them():
    existing = "indikator: N15505\nkalla: Kolada\nhamtad: 2021-02-15\n" + KEPT_PART
    fetched = Fetched({2020: {"T": 214.9, "K": 230.1, "M": 200.3}}, {"riket": {2020: 229.8}})
    merged = merge(existing, "indikatorer/N15505.yaml", "N15505", fetched, dt.date(2021, 3, 1))
    assert merged.text == (
        "indikator: N15505\nkalla: Kolada\nhamtad: 2021-03-01\n"
        "utfall:\n  2020: {T: 214.9, K: 230.1, M: 200.3}\n"
        "jamforelse:\n  riket: {2020: 229.8}\n" + KEPT_PART
    )
    # Kolada's figures for a group or a unit never reach these sections, nor does a null.
    nothing = merge(
        merged.text, "x.yaml", "N15505", Fetched({2020: {"T": None}}, {}), dt.date(2021, 3, 2)
    )
    assert nothing.text == merged.text


def test_kolada_hamta_keeps_the_examples_groups_and_units(ale, monkeypatch):
    data = {
        ("N15505", "1440"): {2020: {"T": 214.9, "K": 230.1, "M": 200.3}},
        ("N15505", "0000"): {2020: {"T": 229.8}},
    }
    kpis = [{"id": "N15505", "title": "Meritvärde", "is_divided_by_gender": True}]
    monkeypatch.setattr(client, "sleep", lambda _seconds: None)
    server = KoladaServer(data, kpis)
    server.start()
    monkeypatch.setenv(client.ENV_URL, server.url)
    try:
        before = (ale / "indikatorer/N15505.yaml").read_text(encoding="utf-8")
        app = typer.Typer()
        app.add_typer(cli_kolada.app, name="kolada")
        args = ["kolada", "hamta", "-C", str(ale), "--ar", "2020", "-i", "N15505"]
        result = CliRunner().invoke(app, args, catch_exceptions=False)
    finally:
        server.stop()
        monkeypatch.setenv(client.ENV_URL, closed_port_url())
    assert result.exit_code == 0, result.stdout
    after = (ale / "indikatorer/N15505.yaml").read_text(encoding="utf-8")
    assert "  2020: {T: 214.9, K: 230.1, M: 200.3}" in after
    kept = before[before.index("grupper:") :]
    assert after.endswith(kept)
    assert "nolskolan: {2019: {T: 197.2}, 2020: {T: 198.5, K: 211.0, M: 186.4}}" in kept
