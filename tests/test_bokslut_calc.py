"""The municipality's result line and balanskravsutredning (`model.bokslut_calc`), checked
against calculations done by hand."""

from __future__ import annotations

from typing import Any

import pytest

from malkoll.model import files as m
from malkoll.model.annual import Balanskrav
from malkoll.model.bokslut_calc import NAMNDER, balanskrav, result_line

ECONOMY: dict[str, Any] = {
    "namnder": [
        {
            "organisation": "bun",
            "budget": 650000,
            "perioder": {
                "delar2": {"utfall": 431000, "prognos": -9000},
                "helar": {"utfall": 658000},
            },
        },
        {
            "organisation": "ks",
            "budget": 50000,
            "perioder": {
                "delar2": {"utfall": 30000, "prognos": 1000},
                "helar": {"utfall": 49000},
            },
        },
        {"organisation": "alebyggen", "budget": -999, "perioder": {"helar": {"utfall": -999}}},
    ]
}
BOKSLUT: dict[str, Any] = {
    "poster": [
        {
            "post": "finansnetto",
            "budget": -3000,
            "perioder": {"delar2": {"utfall": -2000, "prognos": 200}, "helar": {"utfall": -2600}},
        },
        {
            "post": "exploatering",
            "namn": "Exploateringsvinster",
            "budget": 0,
            "perioder": {"delar2": {"utfall": 800, "prognos": 800}, "helar": {"utfall": 900}},
        },
        {
            "post": "skatteintakter",
            "budget": 650000,
            "perioder": {
                "delar2": {"utfall": 430000, "prognos": -4000},
                "helar": {"utfall": 647000},
            },
        },
        {
            "post": "finansforvaltning",
            "budget": 20000,
            "perioder": {"delar2": {"utfall": 13000, "prognos": 1000}, "helar": {"utfall": 21500}},
        },
        {
            "post": "generella_statsbidrag",
            "budget": 45000,
            "perioder": {"delar2": {"utfall": 30000, "prognos": 1500}, "helar": {"utfall": 47000}},
        },
    ]
}


def _economy(data: dict[str, Any] = ECONOMY) -> m.Ekonomi:
    return m.Ekonomi.model_validate(data)


def _bokslut(data: dict[str, Any] = BOKSLUT) -> m.Bokslut:
    return m.Bokslut.model_validate(data)


def test_the_years_result_by_hand():
    """Årets resultat = −(658 000 + 49 000) + (21 500 + 647 000 + 47 000 − 2 600 + 900)
    = −707 000 + 713 800 = 6 800; budgeted −700 000 + 712 000 = 12 000; the bolag's line
    in ekonomi.yaml is not the municipality's."""
    line = result_line(_economy(), _bokslut(), "helar", bolag={"alebyggen"})
    assert line.namnder.id == NAMNDER
    assert line.namnder.budget == -700000
    assert line.namnder.utfall == -707000
    assert line.utfall == 6800
    assert line.budget == 12000
    assert line.avvikelse == -5200
    assert line.saknas.get("utfall") is None
    assert line.saknas.get("budget") is None


def test_the_nämnders_deviations_reconcile_with_the_result():
    """The result's deviation (−5 200) is the nämnder's (650 000 − 658 000 + 50 000 −
    49 000 = −7 000) and the lines' (1 500 − 3 000 + 2 000 + 400 + 900 = 1 800)."""
    line = result_line(_economy(), _bokslut(), "helar", bolag={"alebyggen"})
    assert line.namnder.avvikelse == -7000
    assert sum(r.avvikelse for r in line.poster if r.avvikelse is not None) == 1800
    assert sum(r.avvikelse for r in line.rader if r.avvikelse is not None) == line.avvikelse


def test_the_forecast_of_the_years_result_by_hand():
    """Delår 2: the forecast deviation is −9 000 + 1 000 (nämnder) + 1 000 − 4 000 + 1 500
    + 200 + 800 (lines) = −8 500, so the year's result is forecast at 12 000 − 8 500 =
    3 500; the period's own result is −461 000 + 471 800 = 10 800."""
    line = result_line(_economy(), _bokslut(), "delar2", bolag={"alebyggen"})
    assert line.prognos == -8500
    assert line.prognos_resultat == 3500
    assert line.utfall == 10800


def test_lines_come_in_the_order_of_the_result_line():
    """Known lines in R15's order whatever order they are written in, the municipality's
    own after them with their own name."""
    line = result_line(_economy(), _bokslut(), "helar")
    assert [r.id for r in line.poster] == [
        "finansforvaltning",
        "skatteintakter",
        "generella_statsbidrag",
        "finansnetto",
        "exploatering",
    ]
    assert line.poster[1].namn == "Skatteintäkter"
    assert line.poster[-1].namn == "Exploateringsvinster"


def test_what_is_missing_is_said_not_invented():
    """Without bokslut.yaml, or with a nämnd or line lacking a figure, the figure is None
    and `saknas` names what it lacks."""
    line = result_line(_economy(), None, "helar")
    assert line.utfall is None
    assert line.budget is None
    assert line.saknas["utfall"] == ("bokslut.yaml",)
    empty = result_line(_economy(), m.Bokslut.model_validate({}), "helar")
    assert empty.saknas["budget"] == ("poster i bokslut.yaml",)
    no_eco = result_line(None, _bokslut(), "helar")
    assert no_eco.utfall is None
    assert no_eco.saknas["utfall"] == ("ekonomi.yaml",)
    line = result_line(_economy(), _bokslut(), "delar1", bolag={"alebyggen"})
    assert line.utfall is None
    assert line.prognos is None
    assert line.saknas["utfall"][:2] == ("bun", "ks")
    assert "Finansnetto" in line.saknas["prognos"]
    assert line.saknas.get("budget") is None


def test_balanskrav_with_every_adjustment_by_hand():
    """4 900 − 500 + 200 + 300 − 1 000 + (−400) + 150 = 3 650 after the adjustments;
    − 2 000 to the reserve = 1 650, which restores 1 650 of the earlier 4 000: 2 350 left."""
    model = Balanskrav.model_validate(
        {
            "realisationsvinster": 500,
            "realisationsvinster_undantag": 200,
            "realisationsforluster_undantag": 300,
            "orealiserade_vardepapper": 1000,
            "aterforing_vardepapper": -400,
            "justeringar": [{"text": "Pensionsmedel", "belopp": 150}],
            "till_resultatutjamningsreserv": 2000,
            "underskott": {2018: 3000, 2019: 1000},
        }
    )
    found = balanskrav(4900, model)
    assert [r.belopp for r in found.justeringar] == [-500, 200, 300, -1000, -400, 150]
    assert found.justeringar[-1].text == "Pensionsmedel"
    assert found.efter_justeringar == 3650
    assert [r.belopp for r in found.reserv] == [-2000, 0]
    assert found.balanskravsresultat == 1650
    assert found.uppfyllt
    assert found.underskott_tidigare == 4000
    assert found.aterstallt == 1650
    assert found.kvar == 2350


@pytest.mark.parametrize(
    ("result", "model", "bkr", "kvar"),
    [
        # −3 000 − 500 + 1 000 from the reserve = −2 500, all of it to restore
        (-3000, {"realisationsvinster": 500, "fran_resultatutjamningsreserv": 1000}, -2500, 2500),
        # a surplus of 10 000 restores the earlier 3 000 whole
        (10000, {"underskott": {2019: 3000}}, 10000, 0),
        # a deficit of its own on top of earlier ones: 1 000 + 2 000
        (-2000, {"underskott": {2019: 1000}}, -2000, 3000),
        (0, {}, 0, 0),
    ],
)
def test_balanskrav_deficits_to_restore(result, model, bkr, kvar):
    """kvar = max(0, Σ underskott − max(0, bkr)) + max(0, −bkr)."""
    found = balanskrav(result, Balanskrav.model_validate(model))
    assert found.balanskravsresultat == bkr
    assert found.kvar == kvar
    assert found.uppfyllt == (bkr >= 0)
