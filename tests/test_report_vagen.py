"""The report's Vägen till 2030 (`report.view.vagen`, `_vagen2030.*`): the figures of each
delmål's indicators on exempel/ale-2020, worked out by hand, and what the report shows."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from helpers import EXAMPLES, build_repo
from malkoll.model.pace import FOR_LANGSAMT, Takt
from malkoll.reading.load import load
from malkoll.report import view as v
from malkoll.report.model import Delmalvy, Rapport
from malkoll.report.render import render
from malkoll.report.view.vagen import difference, explanation, reached
from test_report_defects import table_problems

ALE = EXAMPLES / "ale-2020"
DAY = dt.date(2021, 3, 1)


@pytest.fixture(scope="module")
def report() -> Rapport:
    return v.build(load(ALE, cache=False), 2020, "helar", today=DAY)


def delmal(report: Rapport, delmal_id: str) -> Delmalvy:
    return next(d for g in report.mal for d in g.delmal if d.id == delmal_id)


def test_the_figures_of_delmal_1_1(report):
    """N15505: 205,1, 208,3, 211,0, 214,6 in 2017–2020, target 235 for 2030. Needed
    (235 − 214,6) / 10 = 2,04; recent (214,6 − 205,1) / 3 = 3,1667; reached 2020 +
    ⌈20,4 / 3,1667⌉ = 2020 + ⌈6,44⌉ = 2027: on pace, grön. N15436: 80,9 … 81,5, target 95.
    Needed (95 − 81,5) / 10 = 1,35; recent (81,5 − 80,9) / 3 = 0,2; reached 2020 +
    ⌈13,5 / 0,2⌉ = 2020 + 68 = 2088: too slow, gul. The median of 0 and 1 is the worse,
    gul (as the summarised assessment takes the worse of two middles); the nämnd's
    summarised assessment is gul too: no sentence."""
    road = delmal(report, "1.1").vagen
    assert road is not None
    merit, behoriga = road.rader
    assert (merit.id, merit.senaste, merit.senaste_ar, merit.malvarde, merit.malar) == (
        "N15505",
        214.6,
        2020,
        235,
        2030,
    )
    assert merit.behovd_takt == pytest.approx(2.04)
    assert merit.takt == pytest.approx(9.5 / 3)
    assert (merit.nas_ar, merit.nas, merit.forslag.id, merit.skal) == (
        2027,
        "2027",
        "gron",
        "i takt",
    )
    assert (merit.decimaler, merit.takt_decimaler) == (1, 2)
    assert behoriga.behovd_takt == pytest.approx(1.35)
    assert behoriga.takt == pytest.approx(0.2)
    assert (behoriga.nas_ar, behoriga.forslag.id, behoriga.skal) == (2088, "gul", "för långsamt")
    assert road.forslag is not None
    assert road.forslag.id == "gul"
    assert road.bedomning is not None
    assert road.bedomning.id == "gul"
    assert road.skillnad is None


def test_met_wrong_way_and_no_target(report):
    """6.1: ALE-EKO-01 4,6 in 2020 meets 2,0 (higher is better): reached in 2020, grön.
    2.1: ALE-SYS-01 (lower is better) 5,6 → 6,8 in 2017–2020: recent +0,4 a year against
    the needed (3,5 − 6,8) / 10 = −0,33: wrong way, röd, as the nämnd assesses it (no
    sentence). 1.2 has no indicator: no table."""
    met = delmal(report, "6.1").vagen
    assert met is not None
    (row,) = met.rader
    assert (row.skal, row.nas, row.forslag.id) == ("nått", "nått 2020", "gron")
    wrong = delmal(report, "2.1").vagen
    assert wrong is not None
    (row,) = wrong.rader
    assert row.behovd_takt == pytest.approx(-0.33)
    assert row.takt == pytest.approx(0.4)
    assert (row.nas_ar, row.nas, row.skal, row.forslag.id) == (
        None,
        "inte i dagens takt",
        "fel håll",
        "rod",
    )
    assert wrong.forslag is not None
    assert wrong.forslag.id == "rod"
    assert wrong.skillnad is None
    assert delmal(report, "1.2").vagen is None


def test_the_rendered_table(report):
    md = render(report, "md", [])
    assert (
        "| Elever i åk 9, genomsnittligt meritvärde, kommunala skolor | 214,6 (2020) | "
        "235,0 (2030) | 2,04 | 3,17 | 2027 | 🟢 Grön (i takt) |"
    ) in md
    assert "| Arbetslöshet 16–64 år, öppet arbetslösa och sökande i program, andel (%) | " in md
    assert (
        "| 6,8 (2020) | 3,5 (2030) | −0,33 | 0,40 | inte i dagens takt | 🔴 Röd (fel håll) |" in md
    )
    assert "Förslag från indikatorernas takt: 🟡 Gul. Sammanvägd bedömning: 🟡 Gul.\n" in md
    with_targets = [d.id for g in report.mal for d in g.delmal if d.vagen]
    assert with_targets == [
        "1.1",
        "2.1",
        "2.2",
        "3.2",
        "4.1",
        "5.1",
        "5.2",
        "6.1",
        "6.2",
        "7.1",
        "8.1",
    ]
    assert md.count("**Vägen till 2030.**") == 11
    said = explanation(list(report.skala))
    assert md.count(said) == 1  # the method once, at the first table (1.1)
    assert md.index(said) < md.index("| Elever i åk 9, genomsnittligt meritvärde")
    assert table_problems(md) == []
    html = render(report, "html", [])
    assert html.count("<caption>Vägen till 2030</caption>") == 11
    assert html.count(said) == 1
    firsts = [d.id for g in report.mal for d in g.delmal if d.vagen and d.vagen.forklaring_forst]
    assert firsts == ["1.1"]
    assert (
        '<th scope="row">Elever i åk 9, genomsnittligt meritvärde, kommunala skolor</th>'
        '<td class="tal">214,6 (2020)</td><td class="tal">235,0 (2030)</td>'
        '<td class="tal">2,04</td><td class="tal">3,17</td><td>2027</td>'
    ) in html


def test_the_caption_names_the_scale():
    """The caption says how the suggestion is computed with the scale's own names."""
    steps = [v.Steg(f"s{i}", name, "", "", "#000000", i) for i, name in enumerate("ABCD")]
    text = explanation(steps)
    assert "nått eller i takt ger A, rätt håll men för långsamt B, " in text
    assert "för lite data D, och delmålets förslag är medianen" in text
    assert text.count(".") == 1  # one sentence
    assert difference(steps[0], steps[3]) == (
        "Den sammanvägda bedömningen (A) är tre steg bättre än förslaget från "
        "indikatorernas takt (D)."
    )
    assert difference(steps[1], steps[1]) is None
    assert difference(None, steps[1]) is None


def test_too_few_years_and_hostile_names(tmp_path):
    """The base repository's N15505 has 2019 and 2020: no pace (`inga data (för få år)`),
    no suggestion. A name with markup and a pipe stays text in both formats."""
    root = build_repo(tmp_path / "r")
    goal = root / "mal/1-utbildning.yaml"
    goal.write_text(
        goal.read_text(encoding="utf-8").replace(
            "namn: Genomsnittligt meritvärde i årskurs 9",
            'namn: "Meritvärde <script>x</script> | *åk 9*"',
        ),
        encoding="utf-8",
    )
    report = v.build(load(root, cache=False), 2020, "helar", today=DAY)
    road = delmal(report, "1.1").vagen
    assert road is not None
    (row,) = road.rader
    assert (row.skal, row.takt, row.nas, row.forslag.id) == (
        "inga data (för få år)",
        None,
        "inte i dagens takt",
        "rod",
    )
    assert row.behovd_takt == pytest.approx((240 - 219.8) / 10)
    assert road.forslag is None
    md = render(report, "md", [])
    assert "Förslag från indikatorernas takt: inga data." in md
    assert "<script>" not in md
    assert table_problems(md) == []
    html = render(report, "html", [])
    assert "<script>x" not in html
    assert "Meritvärde &lt;script&gt;x&lt;/script&gt; | *åk 9*" in html


def test_a_met_target_needs_no_pace(report):
    """6.1: ALE-EKO-01 4,6 meets 2,0 in 2020: the needed (2,0 − 4,6) / 10 = −0,26 says
    nothing about a target already met, so the column shows a dash."""
    met = delmal(report, "6.1").vagen
    assert met is not None
    (row,) = met.rader
    assert row.behovd_takt is None
    md = render(report, "md", [])
    assert "| 4,6 (2020) | 2,0 (2030) | – | 0,50 | nått 2020 | 🟢 Grön (nått) |" in md
    assert "−0,26" not in md


def test_the_paces_of_a_table_share_one_number_of_decimals(tmp_path):
    """With N15436's outcomes whole numbers (80, 79, 82, 81) its own figures need no
    decimals, N15505's one: every pace of 1.1's table gets two, one more than the most
    any row's indicator needs. N15436: needed (95 − 81) / 10 = 1,40; recent
    (81 − 80) / 3 = 0,33."""
    root = tmp_path / "ale"
    shutil.copytree(ALE, root)
    path = root / "indikatorer/N15436.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("{T: 80.9, K: 83.2, M: 78.8}", "{T: 80}"),
        ("{T: 79.4, K: 82.6, M: 76.5}", "{T: 79}"),
        ("{T: 82.3, K: 85.0, M: 79.8}", "{T: 82}"),
        ("{T: 81.5, K: 84.9, M: 78.3}", "{T: 81}"),
    ):
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    report = v.build(load(root, cache=False), 2020, "helar", today=DAY)
    road = delmal(report, "1.1").vagen
    assert road is not None
    assert [r.takt_decimaler for r in road.rader] == [2, 2]
    md = render(report, "md", [])
    assert "| 81 (2020) | 95 (2030) | 1,40 | 0,33 |" in md


def test_a_year_reached_far_after_the_target_year():
    """More than 50 years after the target year is `långt efter 2030`; 2080 is a year."""

    def slow(year: int) -> Takt:
        return Takt(
            "X", "hogre", 2030, 100.0, 2020, 50.0, 5.0, 2017, 49.0, 4, 0.3, year, FOR_LANGSAMT
        )

    assert reached(slow(2080)) == "2080"
    assert reached(slow(2081)) == "långt efter 2030"
    assert reached(slow(200000002008)) == "långt efter 2030"
