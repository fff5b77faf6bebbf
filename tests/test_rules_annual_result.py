"""The municipality's result line and its balanskrav (MK613, and the nämnder's part of
MK608 and MK610): each rule's failing example and its fix, through the core on the base
(repos/bas: årets resultat 4 900 tkr, 5 400 before the realisation gains of 500; the
forecast in delår 2 1 700) and through the CLI. Amounts written as positive ones are
MK105 when negative."""

from __future__ import annotations

from pathlib import Path

from helpers import build_repo, check, edit_file, heads_at_text, run

LATE = "--idag 2021-03-01"  # every period of 2020 due, the annual report the latest
AUTUMN = "--idag 2020-10-01"  # delår 2 the latest due period
BOKSLUT = "2020/bokslut.yaml"
EKONOMI = "2020/ekonomi.yaml"
REALISATION = "  realisationsvinster: 500\n"


def _repo(tmp_path: Path) -> Path:
    return build_repo(tmp_path / "repo")


def _heads(root: Path, flags: str = LATE) -> list[str]:
    return heads_at_text(root, flags)


def _mk613(root: Path, flags: str = LATE) -> list[str]:
    return [h for h in _heads(root, flags) if " MK613 " in h]


def _hints(root: Path, flags: str = LATE) -> list[str]:
    """The findings' hints, a no-break space in an amount printed as a space."""
    return [x.hint.replace("\u00a0", " ") for x in check(root, flags).findings]


# --- MK613 -------------------------------------------------------------------------------


def test_mk613_more_from_the_reserve_than_it_holds_and_than_the_deficit(tmp_path):
    """The trial's case: realisation gains of 38 100 turn 4 900 into −33 200 after the
    adjustments; 50 000 from a reserve of 20 000 would have made it +16 800 and the
    balanskrav met. Both misuses are errors at the key; taking what the reserve holds
    leaves a deficit, which MK604 then asks a plan for."""
    root = _repo(tmp_path)
    edit_file(
        root,
        BOKSLUT,
        REALISATION,
        "  realisationsvinster: 38100\n  resultatutjamningsreserv: 20000\n"
        "  fran_resultatutjamningsreserv: 50000\n",
    )
    assert _heads(root) == [
        "2020/bokslut.yaml:29:3: fel MK613 Medel från resultatutjämningsreserven (50 000 tkr) "
        "är mer än reserven vid årets början (20 000 tkr) (Årsredovisning).",
        "2020/bokslut.yaml:29:3: fel MK613 Medel från resultatutjämningsreserven (50 000 tkr) "
        "är mer än underskottet de får täcka: årets resultat efter balanskravsjusteringar är "
        "−33 200 tkr (Årsredovisning).",
    ]
    assert _hints(root) == [
        "Ta högst 20 000 tkr från reserven, eller rätta balanskrav.resultatutjamningsreserv "
        "(reservens storlek vid årets början).",
        "Ta högst 33 200 tkr från reserven, så att balanskravsresultatet blir noll: reserven "
        "får bara täcka ett underskott.",
    ]
    edit_file(
        root,
        BOKSLUT,
        "fran_resultatutjamningsreserv: 50000",
        "fran_resultatutjamningsreserv: 20000",
    )
    assert [h.split(" MK")[1][:3] for h in _heads(root)] == ["604"]
    edit_file(root, BOKSLUT, "38100\n", "38100\n  atgardsplan: Återställs 2022.\n")
    assert _heads(root) == []


def test_mk613_taking_from_the_reserve_asks_for_its_size(tmp_path):
    """Medel från the reserve without `resultatutjamningsreserv` (its size at the year's
    start) is an error asking for it; given, and enough, it is none."""
    root = _repo(tmp_path)
    edit_file(
        root,
        BOKSLUT,
        REALISATION,
        "  realisationsvinster: 6000\n  fran_resultatutjamningsreserv: 1100\n",
    )
    assert _heads(root) == [
        "2020/bokslut.yaml:28:3: fel MK613 Medel från resultatutjämningsreserven (1 100 tkr) "
        "anges, men inte reservens storlek vid årets början (Årsredovisning)."
    ]
    assert _hints(root)[0].startswith(
        "Ange reservens storlek vid årets början under balanskrav.resultatutjamningsreserv"
    )
    edit_file(root, BOKSLUT, "fran_", "resultatutjamningsreserv: 1100\n  fran_")
    assert _heads(root) == []


def test_mk613_the_reserve_covers_only_a_deficit(tmp_path):
    """With a positive result after the adjustments there is nothing to cover: anything
    taken from the reserve is an error."""
    root = _repo(tmp_path)
    edit_file(
        root,
        BOKSLUT,
        REALISATION,
        REALISATION + "  resultatutjamningsreserv: 9000\n  fran_resultatutjamningsreserv: 2000\n",
    )
    assert _heads(root) == [
        "2020/bokslut.yaml:29:3: fel MK613 Medel från resultatutjämningsreserven (2 000 tkr) "
        "är mer än underskottet de får täcka: årets resultat efter balanskravsjusteringar är "
        "4 400 tkr (Årsredovisning)."
    ]
    assert _hints(root) == ["Ta inget från reserven: det finns inget underskott att täcka."]
    edit_file(
        root, BOKSLUT, "fran_resultatutjamningsreserv: 2000", "fran_resultatutjamningsreserv: 0"
    )
    assert _heads(root) == []


def test_mk613_reserving_may_not_create_a_deficit(tmp_path):
    """Medel till the reserve beyond the positive result after the adjustments (4 400; in
    delår 2 the forecast, 1 200) is an error; the forecast is judged in an interim. (The
    deficit it makes is MK604's.)"""
    root = _repo(tmp_path)
    edit_file(root, BOKSLUT, REALISATION, REALISATION + "  till_resultatutjamningsreserv: 3000\n")
    assert _heads(root) == []
    assert _mk613(root, AUTUMN) == [
        "2020/bokslut.yaml:28:3: fel MK613 Medel till resultatutjämningsreserven (3 000 tkr) "
        "är mer än överskottet: prognosen för årets resultat efter balanskravsjusteringar är "
        "1 200 tkr (Delårsrapport 2)."
    ]
    assert _hints(root, AUTUMN)[-1:] == [
        "Reservera högst 1 200 tkr: en reservering får inte skapa ett underskott mot balanskravet."
    ]
    edit_file(
        root, BOKSLUT, "till_resultatutjamningsreserv: 3000", "till_resultatutjamningsreserv: 6000"
    )
    assert _mk613(root) == [
        "2020/bokslut.yaml:28:3: fel MK613 Medel till resultatutjämningsreserven (6 000 tkr) "
        "är mer än överskottet: årets resultat efter balanskravsjusteringar är 4 400 tkr "
        "(Årsredovisning)."
    ]
    edit_file(
        root, BOKSLUT, "till_resultatutjamningsreserv: 6000", "till_resultatutjamningsreserv: 4400"
    )
    assert _heads(root) == []


def test_cli_mk613_exits_1(tmp_path):
    root = _repo(tmp_path)
    edit_file(root, BOKSLUT, REALISATION, REALISATION + "  till_resultatutjamningsreserv: 6000\n")
    status, out, _ = run("validera", str(root), "--idag", "2021-03-01")
    assert status == 1
    assert "fel MK613 Medel till resultatutjämningsreserven (6\u00a0000 tkr)" in out
    assert "    Reservera högst 4\u00a0400 tkr: en reservering får inte skapa" in out


# --- MK105 amounts written as positive ----------------------------------------------------


def test_a_negative_realisation_gain_is_mk105_not_added(tmp_path):
    """`realisationsvinster: -800` was added as +800: an amount written as a positive one
    is MK105 at its value when negative, and left out of the balanskrav."""
    root = _repo(tmp_path)
    for name in (
        "realisationsvinster",
        "realisationsvinster_undantag",
        "realisationsforluster_undantag",
        "till_resultatutjamningsreserv",
    ):
        edit_file(root, BOKSLUT, REALISATION, f"  {name}: -800\n")
        assert _heads(root) == [
            "2020/bokslut.yaml:27:3: fel MK105 Förväntade ett värde på minst 0, fann `-800`."
        ], name
        edit_file(root, BOKSLUT, f"  {name}: -800\n", REALISATION)
    assert _heads(root) == []


# --- MK608, MK610 the nämnder's net cost --------------------------------------------------


def test_without_ekonomi_yaml_the_result_cannot_be_computed(tmp_path):
    """Without ekonomi.yaml (or with no nämnder in it) neither the result nor its forecast
    can be computed: MK610 at the annual report and MK608 for the interims, at `kommun:`
    in malkoll.yaml, naming the file (MK500 says each nämnd's forecast months)."""
    root = _repo(tmp_path)
    text = (root / EKONOMI).read_text(encoding="utf-8")
    (root / EKONOMI).unlink()
    found = [h for h in _heads(root) if " MK500 " not in h]
    assert found == [
        "malkoll.yaml:1:1: fel MK608 Prognosen för årets resultat kan inte räknas ut: "
        "nämndernas nettokostnad saknas, 2020/ekonomi.yaml finns inte (Delårsrapport 1 och "
        "Delårsrapport 2).",
        "malkoll.yaml:1:1: fel MK610 Kommunens resultat kan inte räknas ut: nämndernas "
        "nettokostnad saknas, 2020/ekonomi.yaml finns inte (Årsredovisning).",
    ]
    assert [h for h in _hints(root) if h.startswith("Skapa")] == [
        "Skapa 2020/ekonomi.yaml med nämnderna under namnder, var och en med budget och "
        "perioder.delar2.prognos.",
        "Skapa 2020/ekonomi.yaml med nämnderna under namnder, var och en med budget och "
        "perioder.helar.utfall.",
    ]
    (root / EKONOMI).write_text("namnder: []\n", encoding="utf-8")
    assert [h for h in _heads(root, AUTUMN) if " MK500 " not in h] == [
        "malkoll.yaml:1:1: fel MK608 Prognosen för årets resultat kan inte räknas ut: "
        "nämndernas nettokostnad saknas, 2020/ekonomi.yaml har inga nämnder (Delårsrapport 1 "
        "och Delårsrapport 2)."
    ]
    (root / EKONOMI).write_text(text, encoding="utf-8")
    assert _heads(root) == []


def test_a_nämnd_without_the_periods_figure(tmp_path):
    """A nämnd without the year's `utfall` leaves the result uncomputed (MK610 at its
    period), one without an interim period's `prognos` the forecast (MK608); no other rule
    says so."""
    root = _repo(tmp_path)
    edit_file(root, EKONOMI, "helar: {utfall: 658000}", "helar: {}")
    found = check(root, LATE).findings
    assert [x.head() for x in found] == [
        "2020/ekonomi.yaml:10:14: fel MK610 Barn- och ungdomsnämnden saknar utfall: kommunens "
        "resultat kan inte räknas ut (Årsredovisning)."
    ]
    assert found[0].hint == "Ange nämndens nettokostnad under perioder.helar.utfall."
    assert found[0].organisation is None  # the municipality's report's finding
    edit_file(root, EKONOMI, "helar: {}", "helar: {utfall: 658000}")
    edit_file(root, EKONOMI, "periodbudget: 433000, prognos: -9000", "periodbudget: 433000")
    assert _heads(root, AUTUMN) == [
        "2020/ekonomi.yaml:9:15: fel MK608 Barn- och ungdomsnämnden saknar prognos: prognosen "
        "för årets resultat kan inte räknas ut (Delårsrapport 2)."
    ]
    edit_file(root, EKONOMI, "periodbudget: 433000", "periodbudget: 433000, prognos: -9000")
    assert _heads(root, AUTUMN) == []
