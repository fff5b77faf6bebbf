"""The report's view of the legal annual report (issue 14): the förvaltningsberättelse's
figures against hand calculations (the result line and its reconciliation, the
balanskrav with surplus, deficit, earlier deficits and the reserve, an interim's
forecasts), the municipal companies, a strategic goal's own assessment beside the
median, Agenda 2030 by name, the plan's `hur_vi_arbetar`, and what is missing shown.

The fixture is a copy of exempel/ale-2020 with these files of its own (the example's
figures are illustrative and may change)."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from helpers import EXAMPLES
from malkoll.reading.load import load
from malkoll.report import view as v
from malkoll.report.annual_model import Beslutvy, Forvaltningsvy
from malkoll.report.view.agenda2030 import GOALS, agenda, goal

ALE = EXAMPLES / "ale-2020"

EKONOMI = """
namnder:
  - organisation: ks
    budget: 100000
    perioder:
      delar2: {utfall: 66000, periodbudget: 66700, prognos: 1000}
      helar: {utfall: 98000}
  - organisation: un
    budget: 200000
    perioder:
      delar2: {utfall: 136000, periodbudget: 133300, prognos: -4000}
      helar: {utfall: 205000}
"""
"""Nämnder: budget 300 000, outcome 303 000 (deviation −3 000: ks +2 000, un −5 000);
forecast at delår 2 +1 000 − 4 000 = −3 000."""

BOKSLUT = """
poster:
  - post: finansnetto
    budget: -2000
    perioder:
      delar2: {utfall: -1000, prognos: 0}
      helar: {utfall: -1500}
  - post: skatteintakter
    budget: 310000
    perioder:
      delar2: {utfall: 207000, prognos: 1500}
      helar: {utfall: 312000}
  - post: finansforvaltning
    budget: -5000
    perioder:
      delar2: {utfall: -3500, prognos: -500}
      helar: {utfall: -6000}
balanskrav:
  realisationsvinster: 300
  realisationsforluster_undantag: 100
  justeringar:
    - {text: Återförd nedskrivning, belopp: 200}
  fran_resultatutjamningsreserv: 500
  resultatutjamningsreserv: 8000
  underskott: {2018: 1200, 2019: 500}
koncernresultat: {delar2: 2500, helar: 4000}
femarsoversikt:
  - namn: Årets resultat
    enhet: mnkr
    varden: {2015: 9.9, 2016: 58.4, 2017: 50.2, 2018: 20.2, 2019: 33.2, 2020: 1.5, 2021: 7.0}
  - namn: Invånare
    enhet: antal
    varden: {2019: 31402, 2020: 31868}
beslut:
  helar:
    - {organ: Kommunstyrelsen, datum: 2021-03-29, paragraf: § 52, diarienummer: KS.2021.44}
    - {organ: Kommunfullmäktige, datum: 2021-04-26, paragraf: § 48}
"""
"""Result: budget −300 000 + 310 000 − 2 000 − 5 000 = 3 000; outcome −303 000 + 312 000
− 1 500 − 6 000 = 1 500; deviation −1 500 = −3 000 (nämnder) + 2 000 + 500 − 1 000.
Delår 2: outcome −202 000 + 207 000 − 1 000 − 3 500 = 500; forecast deviation −3 000
+ 1 500 + 0 − 500 = −2 000; forecast result 3 000 − 2 000 = 1 000."""

HUSHALLNING = """
finansiella_mal:
  - id: resultat
    namn: Resultatet ska vara minst 1 % av skatteintäkterna
    enhet: procent
    malvarde: 1
    utfall: {delar2: 0.2, helar: 0.5}
    prognos: {delar2: 0.3}
    kommentar: {helar: Resultatet blev lägre än målet.}
  - id: skuld
    namn: Låneskulden ska inte öka
    riktning: lagre
    enhet: mnkr
    malvarde: 500
    utfall: {delar2: 490, helar: 480}
    prognos: {delar2: 510}
  - id: koncern-soliditet
    namn: Koncernens soliditet ska vara minst 30 %
    niva: koncern
    enhet: procent
    malvarde: 30
    utfall: {helar: 31.4}
verksamhetsmal: ["1.1", "9.9"]
kommun:
  delar2: {bedomning: uppfylld}
  helar: {bedomning: delvis, text: Resultatmålet nås inte.}
koncern:
  helar: {bedomning: uppfylld, text: Koncernen når sitt mål.}
"""

PERSONAL = """
sjukfranvaro:
  delar2: {totalt: 7.5, kvinnor: 8.5, man: 4.9, alder_29: 6.0, langtid: 35.0}
  helar:
    {totalt: 8.1, kvinnor: 9.0, man: 5.2, alder_29: 7.0, alder_30_49: 7.9, alder_50: 9.3,
     langtid: 40.2}
foregaende_ar:
  {totalt: 7.0, kvinnor: 8.0, man: 4.0, alder_29: 6.5, alder_30_49: 6.9, alder_50: 8.0,
   langtid: 45.0}
matt:
  - {namn: Tillsvidareanställda, enhet: antal, varden: {helar: 2700}, foregaende_ar: 2650}
kommentar: {helar: Sjukfrånvaron ökade.}
"""

ALEBYGGEN = """
organisation: alebyggen
agarandel: 100
uppdrag: Kommunens allmännyttiga bostadsbolag.
mal:
  - {id: soliditet, namn: Soliditet minst 12 %, enhet: procent, malvarde: 12, utfall: {helar: 14.2}}
  - {id: vakans, namn: Vakansgrad högst 2 %, enhet: procent, riktning: lagre, malvarde: 2,
     utfall: {helar: 2.5}}
perioder:
  helar: {resultat: 11300, omsattning: 196400, soliditet: 14.2, sammanfattning: Ett bra år.}
"""

MALSATTNING_1 = """
malsattning: "1"
ansvarig: Målsättningsansvarig utbildning
team: [Rektor Nolskolan, Verksamhetschef förskola]
uppfoljning:
  delar2: {bedomning: gul, prognos: rod, text: Det går långsamt., av: Teamet}
  helar:
    bedomning: rod
    prognos: gron
    text: Resultaten försämrades.
    av: Målsättningsteamet
    framgangsfaktorer:
      ff1-1: {bedomning: gul, text: Rutinen för skolnärvaro infördes.}
"""

EXTRA_BOLAG = """
- id: alevind
  namn: AB Alevind
  typ: bolag
"""

CHAPTERS = {
    "helar/oversikt.md": "# Året i korthet\n\nPandemin präglade året.\n",
    "helar/hushallning.md": "# God ekonomisk hushållning\n\nKommunstyrelsens text.\n",
    "helar/egna-noter.md": "# Kommunens egna noter\n\nEgen text.\n",
    "delar2/handelser.md": "# Händelser\n\nEn händelse.\n",
}

HOW_WE_WORK = "Nämnden följer meritvärdet i varje skola."


def annual_repo(tmp_path: Path, **replace: str | None) -> Path:
    """The fixture: the example with the files above; ``replace`` maps a file (relative
    to 2020/, `/` written `__`) to new content, or None to remove it."""
    root = tmp_path / "ale"
    shutil.copytree(ALE, root, ignore=shutil.ignore_patterns(".malkoll-cache"))
    year = root / "2020"
    for folder in ("bolag", "malsattningar", "forvaltningsberattelse"):
        shutil.rmtree(year / folder, ignore_errors=True)
    files = {
        "ekonomi.yaml": EKONOMI,
        "bokslut.yaml": BOKSLUT,
        "hushallning.yaml": HUSHALLNING,
        "personal.yaml": PERSONAL,
        "bolag/alebyggen.yaml": ALEBYGGEN,
        "malsattningar/1.yaml": MALSATTNING_1,
        **{f"forvaltningsberattelse/{k}": v for k, v in CHAPTERS.items()},
    }
    for key, content in replace.items():
        files[key.replace("__", "/")] = content  # type: ignore[assignment]
    for rel, content in files.items():
        path = year / rel
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content).lstrip(), encoding="utf-8")
    with (root / "organisation.yaml").open("a", encoding="utf-8") as out:
        out.write(EXTRA_BOLAG)
    plan = year / "plan" / "un" / "un.yaml"
    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    data["delmal"][0]["hur_vi_arbetar"] = HOW_WE_WORK
    data["beslut"] = {"helar": {"organ": "Utbildningsnämnden", "datum": "2021-02-17"}}
    plan.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


DAY = dt.date(2021, 3, 1)


def build(root: Path, period: str = "helar", namnd: str | None = None) -> v.Rapport:
    return v.build(load(root), 2020, period, namnd=namnd, today=DAY)


def fb(report: v.Rapport) -> Forvaltningsvy:
    assert report.forvaltning is not None
    return report.forvaltning


@pytest.fixture(scope="module")
def repo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return annual_repo(tmp_path_factory.mktemp("annual"))


@pytest.fixture(scope="module")
def annual(repo_root: Path) -> v.Rapport:
    """The fixture's annual report."""
    return build(repo_root)


@pytest.fixture(scope="module")
def interim(repo_root: Path) -> v.Rapport:
    """The fixture's delår 2 report."""
    return build(repo_root, "delar2")


def rows(report: v.Rapport) -> dict[str, tuple[float | None, ...]]:
    line = fb(report).resultat
    assert line is not None
    return {r.namn: (r.budget, r.utfall, r.avvikelse, r.prognos) for r in line.rader}


# --- the result line ---------------------------------------------------------------------


def test_result_line_at_the_year_end_is_the_hand_calculation(annual):
    """Nämnder and styrelse as a cost, then the lines in the result line's order (not the
    file's), each with budget, outcome and outcome less budget; årets resultat sums them."""
    assert rows(annual) == {
        "Nämnder och styrelse": (-300000, -303000, -3000, None),
        "Finansförvaltning och gemensamma poster": (-5000, -6000, -1000, None),
        "Skatteintäkter": (310000, 312000, 2000, None),
        "Finansnetto": (-2000, -1500, 500, None),
    }
    line = fb(annual).resultat
    assert line is not None
    assert not line.delar
    total = line.resultat
    assert (total.namn, total.budget, total.utfall, total.avvikelse) == (
        "Årets resultat",
        3000,
        1500,
        -1500,
    )
    assert line.prognos_resultat is None
    assert line.saknas == []


def test_the_result_reconciles_with_the_namnders_deviations(annual):
    """The result's deviation is the nämnder's deviations plus the lines' deviations."""
    line = fb(annual).resultat
    assert line is not None
    assert line.avstamning
    assert line.rader[0].avvikelse == -3000 == (100000 - 98000) + (200000 - 205000)
    assert line.poster_avvikelse == 1500 == -1000 + 2000 + 500
    assert line.resultat.avvikelse == line.rader[0].avvikelse + line.poster_avvikelse


def test_interim_result_line_shows_the_forecast_not_a_deviation(interim):
    """Delår 2: the outcome so far against the year's budget is no deviation; the
    forecast column is each line's forecast deviation, and the year's result forecast is
    the budget plus all of them (3 000 − 3 000 + 1 500 + 0 − 500 = 1 000)."""
    assert rows(interim) == {
        "Nämnder och styrelse": (-300000, -202000, None, -3000),
        "Finansförvaltning och gemensamma poster": (-5000, -3500, None, -500),
        "Skatteintäkter": (310000, 207000, None, 1500),
        "Finansnetto": (-2000, -1000, None, 0),
    }
    line = fb(interim).resultat
    assert line is not None
    assert line.delar
    assert (line.resultat.utfall, line.resultat.prognos, line.prognos_resultat) == (
        500,
        -2000,
        1000,
    )
    assert line.avstamning
    assert line.poster_avvikelse == 1000


def test_a_missing_figure_breaks_the_sum_and_says_what_is_missing(tmp_path):
    """A line without its outcome: no result, no reconciliation, and the line named."""
    broken = BOKSLUT.replace("helar: {utfall: -1500}", "helar: {}")
    report = build(annual_repo(tmp_path, **{"bokslut.yaml": broken}))
    line = fb(report).resultat
    assert line is not None
    assert line.resultat.utfall is None
    assert not line.avstamning
    assert line.saknas == ["Utfall saknas för: Finansnetto."]
    assert fb(report).balanskrav.saknas == (
        "Balanskravsutredningen kan inte göras: årets resultat kan inte räknas fram."
    )


def test_without_ekonomi_there_is_no_result_line(tmp_path):
    """No ekonomi.yaml: the result line is None, said in the template."""
    report = build(annual_repo(tmp_path, **{"ekonomi.yaml": None}))
    assert fb(report).resultat is None
    assert fb(report).saknas == ["2020/ekonomi.yaml"]


# --- the balanskrav ------------------------------------------------------------------------


def amounts(report: v.Rapport) -> list[tuple[str, float | None, bool]]:
    return [(r.text, r.belopp, r.summa) for r in fb(report).balanskrav.rader]


def test_balanskrav_with_a_surplus_restores_earlier_deficits(annual):
    """1 500 − 300 + 0 + 100 − 0 + 0 + 200 = 1 500 after the adjustments; − 0 + 500 from
    the reserve = 2 000, which restores 1 700 of the earlier deficits: none left."""
    assert amounts(annual) == [
        ("Årets resultat", 1500, False),
        ("Samtliga realisationsvinster", -300, False),
        ("Realisationsvinster enligt undantagsmöjlighet", 0, False),
        ("Realisationsförluster enligt undantagsmöjlighet", 100, False),
        ("Orealiserade vinster och förluster i värdepapper", 0, False),
        ("Återföring av orealiserade vinster och förluster i värdepapper", 0, False),
        ("Återförd nedskrivning", 200, False),
        ("Årets resultat efter balanskravsjusteringar", 1500, True),
        ("Medel till resultatutjämningsreserv", 0, False),
        ("Medel från resultatutjämningsreserv", 500, False),
        ("Årets balanskravsresultat", 2000, True),
    ]
    bk = fb(annual).balanskrav
    assert (bk.resultat, bk.aterstallt, bk.kvar) == (2000, 1700, 0)
    assert bk.underskott == [(2018, 1200), (2019, 500)]
    assert bk.resultatutjamningsreserv == 8000
    assert bk.uppfyllt is not None
    assert bk.uppfyllt.namn == "Balanskravet är uppfyllt"
    assert not bk.prognos
    assert bk.saknas is None


def test_balanskrav_with_a_deficit_adds_it_to_what_is_left(tmp_path):
    """Realisationsvinster 4 000 and 300 to the reserve: 1 500 − 4 000 + 100 + 200 = −2 200,
    − 300 = −2 500; with 500 left from 2019 there are 3 000 to restore, and no plan."""
    text = BOKSLUT.replace("realisationsvinster: 300", "realisationsvinster: 4000")
    text = text.replace("fran_resultatutjamningsreserv: 500", "till_resultatutjamningsreserv: 300")
    text = text.replace("underskott: {2018: 1200, 2019: 500}", "underskott: {2019: 500}")
    report = build(annual_repo(tmp_path, **{"bokslut.yaml": text}))
    bk = fb(report).balanskrav
    assert bk.rader[7].belopp == -2200
    assert (bk.rader[8].text, bk.rader[8].belopp) == ("Medel till resultatutjämningsreserv", -300)
    assert (bk.resultat, bk.aterstallt, bk.kvar) == (-2500, 0, 3000)
    assert bk.uppfyllt is not None
    assert bk.uppfyllt.id == "ej_uppfyllt"
    assert bk.atgardsplan is None


def test_interim_balanskrav_is_made_on_the_forecast(interim):
    """Delår 2: 1 000 (the forecast) − 300 + 100 + 200 + 500 = 1 500, which restores
    1 500 of 1 700: 200 left."""
    bk = fb(interim).balanskrav
    assert bk.prognos
    assert bk.rader[0].text == "Årets resultat enligt prognosen"
    assert (bk.rader[0].belopp, bk.resultat, bk.kvar) == (1000, 1500, 200)
    assert bk.uppfyllt is not None
    assert bk.uppfyllt.namn == "Balanskravet väntas uppfyllas"


def test_balanskrav_cannot_be_made_without_the_result_lines(tmp_path):
    """No bokslut.yaml, or one without poster: said, nothing invented."""
    gone = build(annual_repo(tmp_path / "a", **{"bokslut.yaml": None}))
    assert fb(gone).balanskrav.saknas == (
        "Balanskravsutredningen kan inte göras: 2020/bokslut.yaml saknas."
    )
    assert "2020/bokslut.yaml" in fb(gone).saknas
    empty = build(annual_repo(tmp_path / "b", **{"bokslut.yaml": "koncernresultat: {helar: 1}\n"}))
    bk = fb(empty).balanskrav
    assert bk.rader == []
    assert bk.resultat is None
    assert bk.saknas is not None
    assert "inga resultatrader" in bk.saknas


def test_balanskrav_without_adjustments_says_it_assumes_none(tmp_path):
    """Poster but no `balanskrav`: the utredning is the result as it is, and says so."""
    text = BOKSLUT.split("balanskrav:")[0] + "koncernresultat: {helar: 4000}\n"
    bk = fb(build(annual_repo(tmp_path, **{"bokslut.yaml": text}))).balanskrav
    assert bk.utan_justeringar
    assert bk.resultat == 1500
    assert bk.kvar == 0


# --- god ekonomisk hushållning -----------------------------------------------------------


def verdicts(goals: list) -> dict[str, tuple]:
    return {
        g.id: (
            g.utfall,
            g.uppfyllt.namn if g.uppfyllt else None,
            g.prognos,
            g.prognos_uppfylls.namn if g.prognos_uppfylls else None,
        )
        for g in goals
    }


def test_financial_goals_are_met_in_their_direction(annual):
    """Higher is better: 0,5 < 1 is not met; lower is better: 480 ≤ 500 is met; the
    koncern's goals are apart. No forecast at the year's end."""
    geh = fb(annual).geh
    assert geh.finns
    assert verdicts(geh.finansiella_mal) == {
        "resultat": (0.5, "Ej uppfyllt", None, None),
        "skuld": (480, "Uppfyllt", None, None),
    }
    assert verdicts(geh.koncernens_mal) == {"koncern-soliditet": (31.4, "Uppfyllt", None, None)}
    assert geh.finansiella_mal[1].riktning == "lägre är bättre"
    assert geh.finansiella_mal[0].kommentar == "Resultatet blev lägre än målet."


def test_interim_financial_goals_carry_their_forecast(interim):
    """Delår 2: 0,3 will not reach 1; 510 will exceed 500; the forecast counts them."""
    geh = fb(interim).geh
    assert verdicts(geh.finansiella_mal) == {
        "resultat": (0.2, "Ej uppfyllt", 0.3, "Väntas inte uppfyllas"),
        "skuld": (490, "Uppfyllt", 510, "Väntas inte uppfyllas"),
    }
    forecast = fb(interim).prognos
    assert forecast is not None
    assert (forecast.resultat, forecast.budgeterat, forecast.avvikelse) == (1000, 3000, -2000)
    assert forecast.balanskrav == 1500
    assert (forecast.mal_uppfylls, forecast.mal_antal) == (0, 2)
    assert fb(interim).delar


def test_the_annual_report_has_no_forecast(annual):
    """At the year's end the outcome stands: no forecast part."""
    assert fb(annual).prognos is None
    assert not fb(annual).delar


def test_geh_assessments_for_kommun_and_koncern(annual, interim):
    """The overall assessments with their words and text; a period without one is None."""
    geh = fb(annual).geh
    assert (geh.kommun.rubrik, geh.kommun.bedomning.namn, geh.kommun.text) == (
        "Kommunen",
        "Delvis uppfylld",
        "Resultatmålet nås inte.",
    )
    assert geh.kommun.bedomning.symbol == "🟡"
    assert (geh.koncern.bedomning.namn, geh.koncern.text) == ("Uppfylld", "Koncernen når sitt mål.")
    assert fb(interim).geh.koncern.bedomning is None


def test_verksamhetsmal_of_importance_carry_both_assessments(annual):
    """A delmål of importance: its summarised assessment and its goal's own; an id of no
    delmål is shown as it is, not as a link."""
    first, unknown = fb(annual).geh.verksamhetsmal
    goal = next(g for g in annual.mal if g.id == "1")
    delmal = next(d for d in goal.delmal if d.id == "1.1")
    assert (first.delmal_id, first.namn, first.mal) == ("1.1", delmal.namn, f"1. {goal.namn}")
    assert first.bedomning == delmal.bedomning
    assert first.malsattning is not None
    assert first.malsattning.id == "rod"
    assert first.finns
    assert first.anchor == delmal.anchor
    assert (unknown.delmal_id, unknown.namn, unknown.finns, unknown.bedomning) == (
        "9.9",
        "9.9",
        False,
        None,
    )


def test_without_hushallning_the_part_says_so(tmp_path):
    """No hushallning.yaml: no goals, no assessment, the file named as missing."""
    report = build(annual_repo(tmp_path, **{"hushallning.yaml": None}))
    geh = fb(report).geh
    assert not geh.finns
    assert geh.finansiella_mal == []
    assert geh.kommun.bedomning is None
    assert "2020/hushallning.yaml" in fb(report).saknas


# --- personnel ------------------------------------------------------------------------------


def test_sick_leave_with_the_statutory_breakdown_and_last_year(annual):
    """Every figure the law asks for, in its order, with last year's beside it."""
    pv = fb(annual).personal
    assert [(r.namn, r.varde, r.foregaende) for r in pv.sjukfranvaro] == [
        ("Total sjukfrånvaro", 8.1, 7.0),
        ("Kvinnor", 9.0, 8.0),
        ("Män", 5.2, 4.0),
        ("29 år eller yngre", 7.0, 6.5),
        ("30–49 år", 7.9, 6.9),
        ("50 år eller äldre", 9.3, 8.0),
        ("Andel långtidssjukfrånvaro (60 dagar eller mer)", 40.2, 45.0),
    ]
    assert pv.finns
    assert pv.saknas == []
    assert pv.foregaende_ar == 2019
    assert [(x.namn, x.varde, x.foregaende) for x in pv.matt] == [
        ("Tillsvidareanställda", 2700, 2650)
    ]
    assert pv.kommentar == "Sjukfrånvaron ökade."


def test_a_missing_sick_leave_figure_is_named_unless_explained(interim, tmp_path):
    """Delår 2 lacks two age groups: named; with `ej_redovisat` they are explained."""
    assert fb(interim).personal.saknas == ["30–49 år", "50 år eller äldre"]
    explained = PERSONAL.replace("langtid: 35.0}", "langtid: 35.0, ej_redovisat: Färre än tio.}")
    pv = fb(build(annual_repo(tmp_path, **{"personal.yaml": explained}), "delar2")).personal
    assert pv.saknas == []
    assert pv.ej_redovisat == "Färre än tio."


def test_last_year_comes_from_last_years_file_when_not_given(tmp_path):
    """Without `foregaende_ar`, last year's personal.yaml for the same period."""
    text = PERSONAL.split("foregaende_ar:")[0] + "kommentar: {helar: x}\n"
    root = annual_repo(tmp_path, **{"personal.yaml": text})
    before = root / "2019" / "personal.yaml"
    before.parent.mkdir(exist_ok=True)
    before.write_text("sjukfranvaro:\n  helar: {totalt: 6.6}\n", encoding="utf-8")
    pv = fb(build(root)).personal
    assert [r.foregaende for r in pv.sjukfranvaro][:2] == [6.6, None]


def test_without_personal_the_part_says_so(tmp_path):
    """No personal.yaml: no figures, said."""
    pv = fb(build(annual_repo(tmp_path, **{"personal.yaml": None}))).personal
    assert not pv.finns
    assert all(r.varde is None for r in pv.sjukfranvaro)


# --- bolag and koncern ---------------------------------------------------------------------


def test_every_bolag_is_in_the_report_followed_up_or_not(annual):
    """AB Alebyggen with its goals and figures; AB Alevind, without a file, shown as not
    followed up."""
    alebyggen, alevind = annual.bolag
    assert (alebyggen.namn, alebyggen.uppfoljd, alebyggen.resultat, alebyggen.soliditet) == (
        "AB Alebyggen",
        True,
        11300,
        14.2,
    )
    assert alebyggen.prognos is None
    assert alebyggen.fil == "2020/bolag/alebyggen.yaml"
    assert [(g.namn, g.uppfyllt.namn) for g in alebyggen.mal if g.uppfyllt] == [
        ("Soliditet minst 12 %", "Uppfyllt"),
        ("Vakansgrad högst 2 %", "Ej uppfyllt"),
    ]
    assert (alevind.namn, alevind.uppfoljd, alevind.fil, alevind.mal) == (
        "AB Alevind",
        False,
        None,
        [],
    )


def test_a_bolag_without_the_periods_entry_is_not_followed_up(interim):
    """Alebyggen's file has no delår 2: not followed up, its file named."""
    alebyggen = interim.bolag[0]
    assert not alebyggen.uppfoljd
    assert alebyggen.fil == "2020/bolag/alebyggen.yaml"


def test_koncern_result_per_period(annual, interim):
    """The koncern's result; a forecast in the interim report; its companies listed."""
    assert (fb(annual).koncern.resultat, fb(annual).koncern.prognos) == (4000, False)
    assert (fb(interim).koncern.resultat, fb(interim).koncern.prognos) == (2500, True)
    assert [b.org_id for b in fb(annual).koncern.bolag] == ["alebyggen", "alevind"]


def test_a_namnds_report_has_no_forvaltningsberattelse(repo_root):
    """A nämnd's report: no förvaltningsberättelse, no bolag; the nämnd's own decision
    (in its plan) for the title page."""
    report = build(repo_root, namnd="un")
    assert report.forvaltning is None
    assert report.bolag == []
    assert report.beslut == [
        Beslutvy("Utbildningsnämnden", dt.date(2021, 2, 17), None, None, arsredovisning=True)
    ]
    assert build(repo_root, "delar2", namnd="un").beslut == []


def test_the_municipalitys_decisions_come_from_bokslut(annual, interim):
    """The municipality's report: bokslut.yaml's decisions for the period, in order."""
    assert [(b.organ, b.datum, b.paragraf, b.diarienummer) for b in annual.beslut] == [
        ("Kommunstyrelsen", dt.date(2021, 3, 29), "§ 52", "KS.2021.44"),
        ("Kommunfullmäktige", dt.date(2021, 4, 26), "§ 48", None),
    ]
    assert interim.beslut == []


# --- the chapters and the five-year overview -----------------------------------------------


def test_chapters_in_r15_order_with_the_missing_required_ones_marked(annual):
    """At the annual report every R15 chapter, in its order, then the municipality's own;
    a required chapter without a file is marked with the file to write; a computed one
    carries its file's text."""
    shown = [(k.id, k.rubrik, k.saknas, k.beraknad) for k in fb(annual).kapitel]
    assert shown == [
        ("oversikt", "Året i korthet", False, False),
        ("koncernen", "Den kommunala koncernen", False, True),
        (
            "viktiga-forhallanden",
            "Viktiga förhållanden för resultat och ekonomisk ställning",
            True,
            False,
        ),
        ("handelser", "Händelser av väsentlig betydelse", True, False),
        ("styrning", "Styrning och uppföljning av den kommunala verksamheten", True, True),
        ("hushallning", "God ekonomisk hushållning", False, True),
        ("balanskrav", "Balanskravsresultat", False, True),
        ("personal", "Väsentliga personalförhållanden", False, True),
        ("forvantad-utveckling", "Förväntad utveckling", True, False),
        ("egna-noter", "Kommunens egna noter", False, False),
    ]
    chapters = {k.id: k for k in fb(annual).kapitel}
    assert chapters["oversikt"].text == "Pandemin präglade året."
    assert chapters["hushallning"].text == "Kommunstyrelsens text."
    assert chapters["handelser"].text is None
    assert chapters["handelser"].fil == "2020/forvaltningsberattelse/helar/handelser.md"
    assert chapters["oversikt"].fil == "2020/forvaltningsberattelse/helar/oversikt.md"


def test_interim_chapters_are_the_computed_and_the_written(interim):
    """An interim report requires no chapter: the computed parts (styrning has the goals'
    forecasts) and what was written."""
    assert [(k.id, k.saknas) for k in fb(interim).kapitel] == [
        ("koncernen", False),
        ("handelser", False),
        ("styrning", False),
        ("hushallning", False),
        ("balanskrav", False),
        ("personal", False),
    ]


def test_five_year_overview_is_the_last_five_years_up_to_the_report(annual):
    """2016–2020 (2015 is too old, 2021 after the report); a row's decimals fit its
    figures and a missing year is None."""
    femar = fb(annual).femar
    assert femar is not None
    assert femar.ar == [2016, 2017, 2018, 2019, 2020]
    result, people = femar.rader
    assert (result.namn, result.enhet, result.varden, result.decimaler) == (
        "Årets resultat",
        "mnkr",
        [58.4, 50.2, 20.2, 33.2, 1.5],
        1,
    )
    assert (people.enhet, people.varden, people.decimaler) == (
        None,
        [None, None, None, 31402, 31868],
        0,
    )


# --- a strategic goal's own follow-up ---------------------------------------------------


def test_the_ansvarigs_assessment_is_the_goals_with_the_median_as_support(annual):
    """Goal 1: the målsättningsansvarig's `rod` is the goal's assessment; the median of
    its delmål's summarised assessments stands beside it as support, computed apart."""
    goal = next(g for g in annual.mal if g.id == "1")
    assert goal.bedomning is not None
    assert goal.bedomning.id == "rod"
    assert goal.stod == v.summarise(d.bedomning for d in goal.delmal)
    assert goal.stod is not None
    assert goal.stod.id != "rod"
    assert (goal.ansvarig, goal.team, goal.text, goal.av) == (
        "Målsättningsansvarig utbildning",
        ["Rektor Nolskolan", "Verksamhetschef förskola"],
        "Resultaten försämrades.",
        "Målsättningsteamet",
    )
    assert goal.uppfoljd
    assert goal.fil == "2020/malsattningar/1.yaml"
    assert goal.prognos is None  # a forecast belongs to an interim report


def test_each_framgangsfaktor_with_its_follow_up(annual):
    """Every success factor of mal/, in its order; one the follow-up leaves out has none."""
    goal = next(g for g in annual.mal if g.id == "1")
    factors = [(f.id, f.bedomning.id if f.bedomning else None, f.text) for f in goal.faktorer]
    assert factors[0] == ("ff1-1", "gul", "Rutinen för skolnärvaro infördes.")
    assert all(b is None and t is None for _, b, t in factors[1:])
    assert [f.namn for f in goal.faktorer] == [n for n, _ in goal.framgangsfaktorer]


def test_interim_goal_carries_its_forecast(interim):
    """Delår 2: the ansvarig's assessment and the forecast for the year's end."""
    goal = next(g for g in interim.mal if g.id == "1")
    assert (goal.bedomning.id, goal.prognos.id) == ("gul", "rod")


def test_a_goal_without_its_own_follow_up_has_no_assessment(annual):
    """Goal 2 has no file: no assessment (the template says none came in), the median
    still computed, the ansvarig from mal/."""
    goal = next(g for g in annual.mal if g.id == "2")
    assert goal.bedomning is None
    assert not goal.uppfoljd
    assert goal.fil is None
    assert goal.stod == v.summarise(d.bedomning for d in goal.delmal)
    assert goal.ansvarig == "Sektorchef omsorg och arbetsmarknad"


def test_the_plans_hur_vi_arbetar_is_in_the_follow_up(annual):
    """Utbildningsnämnden's follow-up of 1.1 reads against its plan's `hur_vi_arbetar`."""
    delmal = next(d for g in annual.mal for d in g.delmal if d.id == "1.1")
    un = next(u for u in delmal.uppfoljningar if u.org_id == "un")
    assert un.hur_vi_arbetar == HOW_WE_WORK


# --- Agenda 2030 -----------------------------------------------------------------------------


def test_agenda_2030_goals_by_their_swedish_names():
    """A goal as `Mål 4 God utbildning för alla`, its targets grouped under it (`Mål 4
    God utbildning för alla: 4.3, 4.4`, the goal's name once); all 17 goals named; an id
    of no goal kept as it is."""
    assert len(GOALS) == 17
    assert GOALS["17"] == "Genomförande och globalt partnerskap"
    assert str(goal("4")) == "Mål 4 God utbildning för alla"
    assert str(goal("4.1")) == "Mål 4 God utbildning för alla: 4.1"
    assert str(goal("12.a")) == "Mål 12 Hållbar konsumtion och produktion: 12.a"
    assert (goal("16.7").mal, goal("16.7").namn) == ("16", "Fredliga och inkluderande samhällen")
    assert str(goal("18")) == "18"
    assert goal("18").namn is None
    assert [a.text for a in agenda(["3", "10.2"])] == [
        "Mål 3 God hälsa och välbefinnande",
        "Mål 10 Minskad ojämlikhet: 10.2",
    ]
    grouped = agenda(["4.3", "4", "4.4", "4.3", "18"])
    assert [a.text for a in grouped] == ["Mål 4 God utbildning för alla: 4.3, 4.4", "18"]
    assert grouped[0].delmal == ["4.3", "4.4"]


def test_the_report_names_agenda_2030_goals(annual):
    """The goals and delmål in the report carry the names, not bare numbers."""
    goal1 = next(g for g in annual.mal if g.id == "1")
    assert [str(a) for a in goal1.agenda2030][:1] == ["Mål 4 God utbildning för alla"]
    delmal = next(d for d in goal1.delmal if d.id == "1.1")
    assert [str(a) for a in delmal.agenda2030] == ["Mål 4 God utbildning för alla: 4.1"]


# --- the example's annual report (issue 14, done when) ----------------------------------------


def test_the_examples_reports_carry_the_forvaltningsberattelse():
    """exempel/ale-2020: the annual report has GEH for kommun and koncern, a computed
    balanskrav, the statutory sick leave, the bolag and each goal's own assessment; delår
    2 has the result forecast and the goals' forecasts."""
    repo = load(ALE)
    report = v.build(repo, 2020, "helar", today=DAY)
    f = fb(report)
    assert f.geh.kommun.bedomning is not None
    assert f.geh.koncern.bedomning is not None
    assert f.balanskrav.saknas is None
    assert f.balanskrav.resultat is not None
    assert f.personal.finns
    assert f.personal.saknas == []
    assert [b.namn for b in report.bolag] == ["AB Alebyggen"]
    assert report.bolag[0].uppfoljd
    assert all(g.bedomning is not None for g in report.mal)
    interim = v.build(repo, 2020, "delar2", today=DAY)
    forecast = fb(interim).prognos
    assert forecast is not None
    assert forecast.resultat is not None
    assert all(g.prognos is not None for g in interim.mal)
