"""Prognossäkerhet: each nämnd's forecasts through the year against the outcome (or, in an
interim, the latest forecast), the verdict's wording, the chart's figures and escaping,
and the report's section, checked against hand calculations."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from typing import Any

import pytest

from helpers import BASE, EXAMPLES, build_repo
from malkoll.analysis.forecasts import (
    Prognossakerhet,
    accuracy,
    deviation_of,
    forecast_points,
    forecasts,
)
from malkoll.model import files as m
from malkoll.reading.load import load
from malkoll.report import view
from malkoll.report.forecast_chart import forecast_chart
from malkoll.report.render import render
from malkoll.report.view.source import Source

ALE = EXAMPLES / "ale-2020"


def settings(**extra: Any) -> m.Installningar:
    return m.Installningar.model_validate({"kommun": "X", "prognoser": ["feb", "apr"], **extra})


def namnd(budget: float, **perioder: dict[str, float]) -> m.EkonomiNamnd:
    return m.EkonomiNamnd.model_validate(
        {"organisation": "a", "budget": budget, "perioder": perioder}
    )


def held(
    n: m.EkonomiNamnd, period: str = "helar", s: m.Installningar | None = None
) -> Prognossakerhet:
    s = s or settings()
    eco = m.Ekonomi.model_validate({"namnder": [n.model_dump()]})
    points = forecast_points(s, 2020, period, eco)
    found = accuracy(s, 2020, n, points, period == "helar", "Nämnden")
    assert found is not None
    return found


DEFICIT = namnd(
    160000,
    feb={"prognos": -800},
    delar1={"prognos": -1500},
    apr={"prognos": -3500},
    delar2={"prognos": -4200},
    helar={"utfall": 164000},
)
"""Budget 160 000, outcome 164 000: a deficit of 4 000 (budget − utfall = −4 000)."""


def test_the_forecasts_against_the_outcome():
    """Differences (forecast − (−4 000)) and their share of 160 000: feb 3 200 (2,0 %),
    delår 1 2 500 (1,5625 %), april 500 (0,3125 %), delår 2 −200 (−0,125 %); within 1 %
    from april. The months in date order, periods and months mixed."""
    found = held(DEFICIT)
    assert found.utfall == -4000
    assert found.mot_utfall
    assert [
        (p.nyckel, p.namn, p.prognos, p.skillnad, p.skillnad_procent, p.inom, p.manad)
        for p in found.punkter
    ] == [
        ("feb", "Februari", -800, 3200, 0.02, False, 2),
        ("delar1", "Delårsrapport 1", -1500, 2500, 0.015625, False, 3),
        ("apr", "April", -3500, 500, 0.003125, True, 4),
        ("delar2", "Delårsrapport 2", -4200, -200, -0.00125, True, 8),
    ]
    assert found.storsta is found.punkter[0]
    assert found.omdome == (
        "Prognoserna från april och framåt låg inom 1 % av budgeten. Februariprognosen "
        "underskattade "
        "underskottet med 3\u00a0200 tkr (2,0\u00a0% av budgeten)."
    )


def test_only_the_last_forecast_within():
    """Budget 100 000, outcome 101 000: −1 000. Feb −2 500 is 1 500 too dark (1,5 %),
    delår 1 −3 000 2 000 (2,0 %), delår 2 −1 200 200 (0,2 %): only the last within,
    "Först". With feb −1 500 (500, 0,5 %) an earlier one was within too: 2 of 3."""
    late = namnd(
        100000,
        feb={"prognos": -2500},
        delar1={"prognos": -3000},
        delar2={"prognos": -1200},
        helar={"utfall": 101000},
    )
    assert held(late).omdome == (
        "Först prognosen i delårsrapport 2 låg inom 1 % av budgeten. Prognosen i "
        "delårsrapport 1 överskattade underskottet med 2\u00a0000 tkr (2,0\u00a0% av budgeten)."
    )
    mixed = namnd(
        100000,
        feb={"prognos": -1500},
        delar1={"prognos": -3000},
        delar2={"prognos": -1200},
        helar={"utfall": 101000},
    )
    assert held(mixed).omdome == (
        "2 av 3 prognoser låg inom 1 % av budgeten. Prognosen i delårsrapport 1 "
        "överskattade underskottet med 2\u00a0000 tkr (2,0\u00a0% av budgeten)."
    )
    # the last one missed: no run of forecasts within up to the end
    ended = namnd(
        100000, feb={"prognos": -1500}, delar2={"prognos": -3000}, helar={"utfall": 101000}
    )
    assert held(ended).omdome.startswith("1 av 2 prognoser låg inom 1 % av budgeten. ")


def test_the_within_threshold_is_ekonomi_avvikelse_procent():
    """With 2,5 % every difference (at most 2,0 %) is within."""
    found = held(DEFICIT, s=settings(ekonomi={"avvikelse_procent": 2.5}))
    assert found.omdome == "Prognoserna låg inom 2,5 % av budgeten hela året."


@pytest.mark.parametrize(
    ("perioder", "verdict"),
    [
        # surplus 500 (99 500 of 100 000), forecast 3 000: 2 500 too bright, 2,5 %
        (
            {"feb": {"prognos": 3000}, "helar": {"utfall": 99500}},
            "Februariprognosen överskattade överskottet med 2\u00a0500 tkr "
            "(2,5\u00a0% av budgeten).",
        ),
        # surplus 4 000, forecast 1 000: 3 000 too dark
        (
            {"feb": {"prognos": 1000}, "helar": {"utfall": 96000}},
            "Februariprognosen underskattade överskottet med 3\u00a0000 tkr "
            "(3,0\u00a0% av budgeten).",
        ),
        # deficit 2 000, forecast −6 000 at delår 1: 4 000 too dark
        (
            {"delar1": {"prognos": -6000}, "helar": {"utfall": 102000}},
            "Prognosen i delårsrapport 1 överskattade underskottet med 4\u00a0000 tkr (4,0\u00a0% "
            "av budgeten).",
        ),
        # a surplus forecast, a deficit of 2 000: 2 500 above it
        (
            {"feb": {"prognos": 500}, "helar": {"utfall": 102000}},
            "Februariprognosen (500 tkr) låg 2\u00a0500 tkr (2,5\u00a0% av budgeten) över utfallet "
            "(\u22122\u00a0000 tkr).",
        ),
        # in balance at the year's end, a deficit forecast: below it
        (
            {"feb": {"prognos": -1500}, "helar": {"utfall": 100000}},
            "Februariprognosen (\u22121\u00a0500 tkr) låg 1\u00a0500 tkr (1,5\u00a0% av "
            "budgeten) under utfallet (0 tkr).",
        ),
    ],
)
def test_the_verdicts_words(perioder, verdict):
    """Under- or overestimated, surplus or deficit; a miss across the sign in figures."""
    assert held(namnd(100000, **perioder)).omdome == verdict


def test_an_interim_compares_with_the_latest_forecast():
    """Delår 2 of Utbildningsnämnden 2020 (budget 782 400): feb −2 000, delår 1 −4 500, maj
    −9 000, delår 2 −11 500. Against −11 500: 9 500 (1,21 %), 7 000 (0,89 %), 2 500
    (0,32 %), 0; the forecast has worsened by 9 500 since February; within from delår 1."""
    n = namnd(
        782400,
        feb={"prognos": -2000},
        delar1={"prognos": -4500},
        maj={"prognos": -9000},
        delar2={"prognos": -11500},
        helar={"utfall": 789200},
    )
    found = held(n, "delar2", settings(prognoser=["feb", "maj"]))
    assert (found.mot_utfall, found.utfall, found.jamfort_med) == (False, None, -11500)
    assert [p.skillnad for p in found.punkter] == [9500, 7000, 2500, 0]
    assert [round(p.skillnad_procent or 0, 4) for p in found.punkter] == [
        round(9500 / 782400, 4),
        round(7000 / 782400, 4),
        round(2500 / 782400, 4),
        0,
    ]
    assert found.omdome == (
        "Sedan delårsrapport 1 har prognoserna skilt sig högst 1 % av budgeten från den "
        "senaste. Prognosen har försämrats med 9\u00a0500 tkr (1,2\u00a0% av budgeten) sedan "
        "februariprognosen."
    )


def test_an_interim_with_one_forecast_or_all_close():
    one = held(namnd(100000, feb={"prognos": -300}), "delar1")
    assert one.omdome == "Bara en prognos hittills: inget att jämföra den med ännu."
    close = held(namnd(100000, feb={"prognos": -300}, delar1={"prognos": -900}), "delar1")
    assert close.omdome == (
        "Årets prognoser har hittills skilt sig högst 1 % av budgeten från den senaste."
    )


def test_a_missing_outcome_at_the_years_end_compares_with_the_latest_forecast():
    found = held(namnd(100000, feb={"prognos": 3000}, delar2={"prognos": 500}))
    assert (found.mot_utfall, found.utfall, found.jamfort_med) == (False, None, 500)
    assert found.omdome == (
        "Prognosen har försämrats med 2\u00a0500 tkr (2,5\u00a0% av budgeten) sedan "
        "februariprognosen."
    )


def test_a_zero_budget_has_no_share():
    """Budget 0, outcome 300 (a deficit of 300), forecast 0: 300 off, no per cent."""
    found = held(namnd(0, feb={"prognos": 0}, helar={"utfall": 300}))
    assert found.punkter[0].skillnad_procent is None
    assert found.omdome == "Februariprognosen underskattade underskottet med 300 tkr."
    assert deviation_of(0, 300) == (-300, None)


def test_no_forecast_no_nämnd():
    s = settings()
    assert accuracy(s, 2020, namnd(100, helar={"utfall": 90}), ["feb"], True, "A") is None


def test_the_largest_numbers_stay_finite_in_the_chart():
    """±10^15 (the model's limit): the figures and the chart stay finite."""
    n = namnd(1e15, feb={"prognos": -1e15}, delar2={"prognos": 1e15}, helar={"utfall": -1e15})
    found = held(n)
    assert found.utfall == 2e15
    svg = forecast_chart(found, "tkr")
    assert svg.startswith("<svg")
    assert "nan" not in svg.lower()
    assert "inf" not in svg.lower()


# --- the chart ---------------------------------------------------------------------------


def test_the_chart_draws_the_forecasts_and_the_outcome():
    """Utbildningsnämnden 2020: values −2 000 … −11 500, the outcome −6 800 and the budget
    line 0: low −11 500, high 0, padded by 1 150 to −12 650 … 1 150. y(v) = 14 + 148 ×
    (1 150 − v) / 13 800: y(−2 000) = 47,8, y(0) = 26,3, y(−6 800) = 99,3. x(month) = 64 +
    260 × (month − 1) / 11: February 87,6, March 111,3, May 158,5, August 229,5."""
    repo = load(ALE, cache=False)
    (found,) = forecasts(repo, 2020, "helar", namnd="un")
    svg = forecast_chart(found, "tkr")
    assert '<polyline points="87.6,47.8 111.3,74.6 158.5,122.9 229.5,149.7"' in svg
    assert (
        'y1="99.3" x2="324" y2="99.3" stroke="#cf222e" stroke-width="2" stroke-dasharray="6 3"'
        in svg
    )
    assert 'y1="26.3" x2="324" y2="26.3" stroke="#57606a"' in svg
    assert "<title>Prognoser för helårets avvikelse, Utbildningsnämnden</title>" in svg
    assert (
        "<desc>Prognos för helårets avvikelse: Februari \u22122\u00a0000 tkr, Delårsrapport 1 "
        "\u22124\u00a0500 tkr, Maj \u22129\u00a0000 tkr, Delårsrapport 2 \u221211\u00a0500 tkr. "
        "Utfall: \u22126\u00a0800 tkr.</desc>"
    ) in svg
    assert "<script" not in svg


def test_the_chart_escapes_names_and_has_no_outcome_line_in_an_interim():
    found = held(namnd(100000, feb={"prognos": -300}, delar1={"prognos": -900}), "delar1")
    found.namn = '<script>alert("x")</script> & \x1b'
    svg = forecast_chart(found, "<b>")
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; \\x1b" in svg
    assert "&lt;b&gt;" in svg
    assert "Utfall" not in svg
    assert "#cf222e" not in svg


# --- the report ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ale() -> Any:
    return load(ALE, cache=False)


def test_the_annual_report_shows_every_namnds_forecast_accuracy(ale):
    """Kommunstyrelsen: budget 118 500, outcome 115 600, a surplus of 2 900; February's 500
    is 2 400 too dark (2 400 / 118 500 = 2,0 %), delår 2's 1 900 1 000 (0,8 %). Omsorgs-
    och arbetsmarknadsnämnden: 601 300 − 605 400 = −4 100; May's −12 000 is 7 900 too dark
    (1,3 %), February (1 100, 0,2 %), delår 1 (−3 900, 0,6 %) and delår 2 (−3 400, 0,6 %)
    within: 3 of 4."""
    model = view.build(ale, 2020, "helar")
    assert model.ekonomi is not None
    shown = model.ekonomi.prognossakerhet
    assert [p.sakerhet.organisation for p in shown] == ["ks", "un", "oan", "sbn", "kfn", "sn"]
    assert [p.sakerhet.omdome for p in shown[:3]] == [
        "Först prognosen i delårsrapport 2 låg inom 1 % av budgeten. Februariprognosen "
        "underskattade överskottet med 2\u00a0400 tkr (2,0\u00a0% av budgeten).",
        "Prognoserna låg inom 1 % av budgeten hela året.",
        "3 av 4 prognoser låg inom 1 % av budgeten. Majprognosen "
        "överskattade underskottet med 7\u00a0900 tkr (1,3\u00a0% av budgeten).",
    ]
    md = render(model, "md", [])
    section = md.split("### Prognossäkerhet", 1)[1]
    assert "| Prognos | Prognos helår, avvikelse | Skillnad | Skillnad (% av budgeten) |" in section
    assert "| Februari | 500 | \u22122\u00a0400 | \u22122,0\u00a0% |" in section
    assert "| Utfall | 2\u00a0900 | | |" in section
    html = render(model, "html", [])
    assert '<h3 id="prognossakerhet">Prognossäkerhet</h3>' in html
    assert html.count('<div class="prognossakerhet"') == 6
    assert html.count("<title>Prognoser för helårets avvikelse, ") == 6


def test_a_namnds_report_shows_its_own_forecasts(ale):
    model = view.build(ale, 2020, "delar2", namnd="sn")
    assert model.ekonomi is not None
    (only,) = model.ekonomi.prognossakerhet
    assert only.sakerhet.organisation == "sn"
    assert only.sakerhet.omdome == (
        "Prognosen har försämrats med 500 tkr (5,1\u00a0% av budgeten) sedan februariprognosen."
    )
    assert "jämförda med den senaste prognosen" in render(model, "md", [])


def test_the_economy_table_and_the_accuracy_share_the_forecast_points(ale):
    """The report's forecast columns are the points `analysis.forecasts` orders."""
    src = Source(ale, ale.ar[2020], "delar2")
    assert view.forecast_points(src) == ["feb", "delar1", "maj", "delar2"]
    eco = ale.ar[2020].ekonomi
    assert eco is not None
    assert forecast_points(ale.installningar, 2020, "delar2", eco.data) == view.forecast_points(src)


def test_absurd_values_and_a_missing_outcome_build_a_report(tmp_path):
    """A budget of 1e300 is cut away when read (MK105), a budget of 0 and a missing
    outcome give figures without a share: no traceback, no NaN or infinity."""
    text = (BASE / "2020/ekonomi.yaml").read_text(encoding="utf-8")
    text = text.replace("budget: 650000", "budget: 0").replace(
        "helar: {utfall: 658000}", "helar: {}"
    )
    text += "  - id: I-x\n    namn: X\n    organisation: bun\n    budget: 1e300\n"
    root = build_repo(tmp_path / "r", files={"2020/ekonomi.yaml": text})
    repo = load(root, cache=False)
    model = view.build(repo, 2020, "helar", today=dt.date(2021, 3, 1))
    assert model.ekonomi is not None
    (p,) = model.ekonomi.prognossakerhet
    assert not p.sakerhet.mot_utfall
    assert all(x.skillnad_procent is None for x in p.sakerhet.punkter)
    for fmt in ("md", "html"):
        out = render(model, fmt, [])
        assert "nan" not in out.lower().replace("finans", "")
        assert "inf" not in p.diagram.lower()
    assert all(math.isfinite(x.prognos) for x in p.sakerhet.punkter)


def test_the_charts_months_are_the_forecasts_and_do_not_overlap(ale):
    """Kommunstyrelsen's forecasts in February, March (delår 1), May and August (delår 2):
    those months named under the axis with January and December, each centred on its
    point: x = 64 + 260 × (month − 1) / 11, so February 87,6 and March 111,3, 23,6 apart:
    room for three letters at font size 11 (about 19 units)."""
    model = view.build(ale, 2020, "helar")
    assert model.ekonomi is not None
    svg = model.ekonomi.prognossakerhet[0].diagram
    labels = re.findall(r'<text x="([0-9.]+)" y="178" text-anchor="middle"[^>]*>([a-zåäö]+)<', svg)
    assert labels == [
        ("64.0", "jan"),
        ("87.6", "feb"),
        ("111.3", "mar"),
        ("158.5", "maj"),
        ("229.5", "aug"),
        ("324.0", "dec"),
    ]
    points = re.findall(r'<circle cx="([0-9.]+)"', svg)
    assert points == ["87.6", "111.3", "158.5", "229.5"]
    xs = [float(x) for x, _ in labels]
    assert min(b - a for a, b in itertools.pairwise(xs)) > 23
