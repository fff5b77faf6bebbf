"""Financial goals malkoll computes (`matt` in hushallning.yaml): the measures against hand
calculations, MK516 for a written value that disagrees (and its fix), and the report's
computed value where none is written.

The figures are those of repos/bas (tkr): bun's net cost (budget 650 000) and the lines
of bokslut.yaml.

    helar:   result = −658 000 + 21 500 + 597 000 + 47 000 − 2 600 = 4 900
             taxes  = 597 000 + 47 000 = 644 000
             resultatandel = 4 900 / 644 000 = 0,76087 %
             nettokostnad  = 658 000 − 21 500 = 636 500 → 98,83540 %
             with finansnetto 636 500 + 2 600 = 639 100 → 99,23913 %
    delar2:  outcome: result = −431 000 + 13 000 + 400 000 + 30 000 − 2 000 = 10 000,
             taxes 400 000 + 30 000 = 430 000 → 2,32558 %
             forecast (budget + deviation per row): bun −650 000 − 9 000 = −659 000,
             finansförvaltning 20 000 + 1 000 = 21 000, skatt 600 000 − 4 000 = 596 000,
             statsbidrag 45 000 + 1 500 = 46 500, finansnetto −3 000 + 200 = −2 800;
             result 1 700 (= budget 12 000 + deviation −10 300), taxes 642 500 → 0,26459 %;
             nettokostnad 659 000 − 21 000 = 638 000 → 99,29961 %
    delar1:  forecast: bun −653 500, 20 000, 598 000, 45 500, −3 000: result 7 000,
             taxes 643 500 → 1,08780 %
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import get_args

import pytest

from helpers import BASE, EXAMPLES, build_repo, check, edit_file
from malkoll.model.annual import Matt
from malkoll.model.bokslut_calc import Resultat, Resultatrad, result_line
from malkoll.model.financial_goals import MATT, agrees, measure
from malkoll.reading.load import load
from malkoll.report import view as v
from malkoll.report.render import environment, tidy_markdown

ANNUAL = "--idag 2021-03-01"
GOAL = "    malvarde: 1\n"
WITH_MATT = "    malvarde: 1\n    matt: resultatandel\n"


def bas_line(period: str, tmp_path: Path | None = None) -> Resultat:
    repo = load(BASE if tmp_path is None else tmp_path, cache=False)
    year = repo.ar[2020]
    assert year.ekonomi is not None
    assert year.bokslut is not None
    return result_line(year.ekonomi.data, year.bokslut.data, period)


# --- the measures -------------------------------------------------------------------------


def test_every_measure_is_described():
    assert tuple(MATT) == get_args(get_args(Matt)[0])


@pytest.mark.parametrize(
    ("matt", "period", "figure", "expected"),
    [
        ("resultatandel", "helar", "utfall", 100 * 4_900 / 644_000),
        ("nettokostnadsandel", "helar", "utfall", 100 * 636_500 / 644_000),
        ("nettokostnadsandel_finansnetto", "helar", "utfall", 100 * 639_100 / 644_000),
        ("resultatandel", "delar2", "utfall", 100 * 10_000 / 430_000),
        ("resultatandel", "delar2", "prognos", 100 * 1_700 / 642_500),
        ("nettokostnadsandel", "delar2", "prognos", 100 * 638_000 / 642_500),
        ("resultatandel", "delar1", "prognos", 100 * 7_000 / 643_500),
    ],
)
def test_measures_by_hand(matt, period, figure, expected):
    found = measure(matt, bas_line(period), figure)
    assert found.saknas == ()
    assert found.varde == pytest.approx(expected)


def test_hand_figures_rounded():
    """The exact values above, as a report rounds them."""
    assert round(100 * 4_900 / 644_000, 2) == 0.76
    assert round(100 * 1_700 / 642_500, 2) == 0.26
    assert round(100 * 639_100 / 644_000, 2) == 99.24


def test_result_and_net_cost_with_finance_make_100():
    """Without extraordinära poster the result is what the taxes leave over the costs."""
    line = bas_line("helar")
    share = measure("resultatandel", line, "utfall").varde
    cost = measure("nettokostnadsandel_finansnetto", line, "utfall").varde
    assert share is not None
    assert cost is not None
    assert share + cost == pytest.approx(100)


def row(id_: str, budget: float | None, utfall: float | None, prognos: float | None = None):
    return Resultatrad(id_, id_.capitalize(), budget, utfall, prognos)


def line_of(*poster: Resultatrad, namnder: Resultatrad | None = None) -> Resultat:
    first = namnder or row("namnder", -900, -700, -10)
    rows = (first, *poster)
    total = {k: sum(getattr(r, k) or 0 for r in rows) for k in ("budget", "utfall", "prognos")}
    return Resultat("delar2", first, poster, total["budget"], total["utfall"], total["prognos"], {})


def test_own_lines_are_verksamhet_extraordinary_ones_are_not():
    """Nämnder 700 + own line 50 + jämförelsestörande 20 = 770 of taxes 1 000 → 77 %; the
    extraordinary −100 and the finansnetto −30 are below it (with the finansnetto 80 %)."""
    line = line_of(
        row("jamforelsestorande", 0, -20),
        row("skatteintakter", 800, 700),
        row("generella_statsbidrag", 200, 300),
        row("finansnetto", -30, -30),
        row("extraordinara", 0, -100),
        row("pensioner", -50, -50),
    )
    assert measure("nettokostnadsandel", line, "utfall").varde == pytest.approx(77)
    assert measure("nettokostnadsandel_finansnetto", line, "utfall").varde == pytest.approx(80)
    # result −700 − 20 + 700 + 300 − 30 − 100 − 50 = 100 → 10 %
    assert measure("resultatandel", line, "utfall").varde == pytest.approx(10)


def test_forecast_is_budget_plus_deviation():
    """Forecast: nämnder −900 − 10 = −910; taxes 800 − 40 + 200 + 60 = 1 020;
    result −910 + 1 020 = 110 (budget 100 + deviation 10) → 10,784 %; nettokostnad 910 →
    89,216 %."""
    line = line_of(row("skatteintakter", 800, 700, -40), row("generella_statsbidrag", 200, 300, 60))
    assert line.prognos_resultat == 110
    assert measure("resultatandel", line, "prognos").varde == pytest.approx(100 * 110 / 1020)
    assert measure("nettokostnadsandel", line, "prognos").varde == pytest.approx(100 * 910 / 1020)


def test_what_is_lacking_is_said():
    """No statsbidrag row; no finansnetto row; taxes of zero; no file."""
    only_tax = line_of(row("skatteintakter", 800, 700))
    found = measure("resultatandel", only_tax, "utfall")
    assert (found.varde, found.saknas) == (None, ("Generella statsbidrag och utjämning",))
    taxes = (row("skatteintakter", 800, 700), row("generella_statsbidrag", 200, 300))
    found = measure("nettokostnadsandel_finansnetto", line_of(*taxes), "utfall")
    assert (found.varde, found.saknas) == (None, ("Finansnetto",))
    assert measure("nettokostnadsandel", line_of(*taxes), "utfall").varde == pytest.approx(70)
    zero = line_of(row("skatteintakter", 0, 0), row("generella_statsbidrag", 0, 0))
    assert measure("resultatandel", zero, "utfall").saknas == (
        "skatteintäkter och generella statsbidrag större än noll",
    )
    nothing = result_line(None, None, "helar")
    found = measure("resultatandel", nothing, "utfall")
    assert found.varde is None
    assert "ekonomi.yaml" in found.saknas
    assert "bokslut.yaml" in found.saknas


def test_a_period_without_figures_lacks_them():
    """jan: bun has an outcome, the lines of bokslut.yaml none (the taxes neither)."""
    found = measure("nettokostnadsandel", bas_line("jan"), "utfall")
    assert found.varde is None
    assert found.saknas == (
        "Finansförvaltning och gemensamma poster",
        "Skatteintäkter",
        "Generella statsbidrag och utjämning",
    )
    found = measure("resultatandel", bas_line("jan"), "prognos")
    assert found.varde is None
    assert "Skatteintäkter" in found.saknas


def test_tolerance_is_a_twentieth_of_a_point():
    assert agrees(3.9, 3.85)
    assert agrees(3.9, 3.95)
    assert agrees(0.8, 0.76087)
    assert not agrees(3.9, 3.849)
    assert not agrees(1.2, 0.76087)


# --- MK516 ------------------------------------------------------------------------------------


def mk516(root: Path, flags: str = ANNUAL) -> list[tuple[str, int, str, str]]:
    return [
        (x.path, x.line, x.message, x.hint)
        for x in check(root, flags).findings
        if x.code == "MK516"
    ]


def bas_with_matt(tmp_path: Path) -> Path:
    root = build_repo(tmp_path / "r", BASE)
    edit_file(root, "2020/hushallning.yaml", GOAL, WITH_MATT)
    return root


def test_written_values_that_agree_give_nothing(tmp_path):
    """bas writes 0,8 (0,76), 1,1 (1,09) and 0,3 (0,26): each within 0,05."""
    assert mk516(bas_with_matt(tmp_path)) == []


def test_an_outcome_that_disagrees_and_its_fix(tmp_path):
    root = bas_with_matt(tmp_path)
    edit_file(root, "2020/hushallning.yaml", "utfall: {helar: 0.8}", "utfall: {helar: 1.2}")
    assert mk516(root) == [
        (
            "2020/hushallning.yaml",
            7,
            "Det finansiella målet 'resultat' säger att utfallet är 1,2 %, men malkoll räknar "
            "fram 0,76 % (Årsredovisning: årets resultat i procent av skatteintäkter och "
            "generella statsbidrag).",
            "Skriv 0.8 under utfall.helar, eller ta bort det skrivna värdet så räknar malkoll "
            "fram det. Är det framräknade fel: rätta siffrorna i ekonomi.yaml och bokslut.yaml.",
        )
    ]
    edit_file(root, "2020/hushallning.yaml", "utfall: {helar: 1.2}", "utfall: {helar: 0.8}")
    assert mk516(root) == []
    edit_file(root, "2020/hushallning.yaml", "utfall: {helar: 0.8}", "utfall: {}")
    assert mk516(root) == []


def test_a_forecast_that_disagrees(tmp_path):
    """delar2's forecast 0,26 %, written 0,5: at the written value, whatever the day."""
    root = bas_with_matt(tmp_path)
    edit_file(root, "2020/hushallning.yaml", "delar2: 0.3}", "delar2: 0.5}")
    for flags in (ANNUAL, "--idag 2020-09-01"):
        found = mk516(root, flags)
        assert [(line, msg.split(" (")[0]) for _, line, msg, _ in found] == [
            (
                8,
                "Det finansiella målet 'resultat' säger att prognosen för helåret är 0,5 %, "
                "men malkoll räknar fram 0,26 %",
            )
        ]
    assert "Skriv 0.3 under prognos.delar2" in found[0][3]


def test_other_measures_and_the_koncern(tmp_path):
    """nettokostnadsandel at the year's end is 98,84 %: 0,8 disagrees; a koncern's goal is
    not computed, and its `matt` is a warning of its own at the key."""
    root = build_repo(tmp_path / "r", BASE)
    edit_file(
        root, "2020/hushallning.yaml", GOAL, "    malvarde: 1\n    matt: Nettokostnadsandel\n"
    )
    found = mk516(root)
    assert len(found) == 3  # helar 0,8; delar1 1,1; delar2 0,3
    assert "malkoll räknar fram 98,84 %" in found[0][2]
    edit_file(
        root, "2020/hushallning.yaml", "    malvarde: 1\n", "    malvarde: 1\n    niva: koncern\n"
    )
    (only,) = mk516(root)
    assert "har `matt: nettokostnadsandel`, men malkoll räknar bara fram kommunens mål" in only[2]


def test_without_the_economy_nothing_is_judged(tmp_path):
    root = bas_with_matt(tmp_path)
    edit_file(root, "2020/hushallning.yaml", "utfall: {helar: 0.8}", "utfall: {helar: 9}")
    (root / "2020" / "bokslut.yaml").unlink()
    assert mk516(root) == []


def test_the_example_agrees():
    """exempel/ale-2020 writes 1,3; 3,9; 4,6 (computed 1,32; 3,85; 4,60) and forecasts 1,2;
    3,2 (1,24; 3,19) for its result goal with `matt: resultatandel`."""
    assert mk516(EXAMPLES / "ale-2020") == []
    repo = load(EXAMPLES / "ale-2020", cache=False)
    hushallning = repo.ar[2020].hushallning
    assert hushallning is not None
    assert hushallning.data.finansiella_mal[0].matt == "resultatandel"


# --- the report -------------------------------------------------------------------------------

DAY = dt.date(2021, 3, 1)


def report(root: Path, period: str) -> v.Rapport:
    return v.build(load(root, cache=False), 2020, period, today=DAY)


def goal_row(rep: v.Rapport):
    assert rep.forvaltning is not None
    (found,) = rep.forvaltning.geh.finansiella_mal
    return found


def markdown(rep: v.Rapport) -> str:
    source = '{% include "_forvaltningsberattelse.md.j2" %}'
    return tidy_markdown(environment("md", []).from_string(source).render(r=rep))


def test_report_shows_the_computed_outcome(tmp_path):
    """No written outcome at the year's end: 0,76 % shown as 0,8 %, below the target 1."""
    root = bas_with_matt(tmp_path)
    edit_file(root, "2020/hushallning.yaml", "utfall: {helar: 0.8}", "utfall: {}")
    rep = report(root, "helar")
    found = goal_row(rep)
    assert (found.utfall, found.utfall_beraknat) == (0.8, True)
    assert found.uppfyllt is not None
    assert found.uppfyllt.namn == "Ej uppfyllt"
    assert (
        "| Resultatet ska vara minst 1 % av skatteintäkter och statsbidrag | 1\xa0% | 0,8\xa0% "
        "| 🔴 Ej uppfyllt |"
    ) in markdown(rep)


def test_report_interim_computes_what_is_missing_and_keeps_what_is_written(tmp_path):
    """Delår 2: the outcome 2,33 % is computed (2,3, met); the written forecast 0,3 wins;
    without it the computed 0,26 % is shown as 0,3, not expected to be met."""
    root = bas_with_matt(tmp_path)
    found = goal_row(report(root, "delar2"))
    assert (found.utfall, found.utfall_beraknat) == (2.3, True)
    assert found.uppfyllt is not None
    assert found.uppfyllt.namn == "Uppfyllt"
    assert (found.prognos, found.prognos_beraknad) == (0.3, False)
    edit_file(root, "2020/hushallning.yaml", ", delar2: 0.3}", "}")
    found = goal_row(report(root, "delar2"))
    assert (found.prognos, found.prognos_beraknad) == (0.3, True)
    assert found.prognos_uppfylls is not None
    assert found.prognos_uppfylls.namn == "Väntas inte uppfyllas"


def test_report_without_matt_or_figures_shows_nothing_computed(tmp_path):
    """Without `matt` a missing outcome stays missing; so it does without bokslut.yaml."""
    root = build_repo(tmp_path / "r", BASE)
    edit_file(root, "2020/hushallning.yaml", "utfall: {helar: 0.8}", "utfall: {}")
    found = goal_row(report(root, "helar"))
    assert (found.utfall, found.utfall_beraknat, found.uppfyllt) == (None, False, None)
    edit_file(root, "2020/hushallning.yaml", GOAL, WITH_MATT)
    (root / "2020" / "bokslut.yaml").unlink()
    found = goal_row(report(root, "helar"))
    assert (found.utfall, found.utfall_beraknat) == (None, False)
    assert "Utfall saknas" in markdown(report(root, "helar"))


def test_mk602_asks_no_written_outcome_that_malkoll_computes(tmp_path):
    """The annual report: with `matt` and the figures, a missing outcome is computed (no
    MK602); without `matt`, MK602 asks for it."""

    def mk602(root: Path) -> list[str]:
        return [x.message for x in check(root, ANNUAL).findings if x.code == "MK602"]

    root = bas_with_matt(tmp_path)
    edit_file(root, "2020/hushallning.yaml", "utfall: {helar: 0.8}", "utfall: {}")
    assert mk602(root) == []
    edit_file(root, "2020/hushallning.yaml", "    matt: resultatandel\n", "")
    assert mk602(root) == [
        "Det finansiella målet ”Resultatet ska vara minst 1 % av skatteintäkter och "
        "statsbidrag” saknar utfall (Årsredovisning)."
    ]
