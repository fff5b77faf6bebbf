"""`malkoll nytt-ar` and the annual report's files (issue 14): what goes on to the new
year (goals, targets, ids, the deficit left to restore, the reserve, last year's figures)
and what stays behind (outcomes, assessments, results per period, decisions)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from helpers import EXAMPLES, check, run
from malkoll.writers.rollover import nytt_ar


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", root, ignore=shutil.ignore_patterns("rapporter"))
    return root


def read(root: Path, rel: str):
    return yaml.safe_load((root / rel).read_text(encoding="utf-8"))


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_hushallning_keeps_the_goals_without_outcomes_and_assessments(repo):
    nytt_ar(repo, 2021)
    new, old = read(repo, "2021/hushallning.yaml"), read(repo, "2020/hushallning.yaml")
    assert set(new) == {"finansiella_mal", "verksamhetsmal"}
    assert new["verksamhetsmal"] == old["verksamhetsmal"] == ["6.1", "6.2", "7.1"]
    kept = ("id", "namn", "niva", "enhet", "riktning", "malvarde", "matt")
    assert new["finansiella_mal"] == [
        {k: g[k] for k in kept if k in g} for g in old["finansiella_mal"]
    ]
    assert new["finansiella_mal"][3]["niva"] == "koncern"
    assert new["finansiella_mal"][0]["matt"] == "resultatandel"  # computed next year too
    text = (repo / "2021/hushallning.yaml").read_text(encoding="utf-8")
    assert text.startswith("# God ekonomisk hushållning 2021, förd över från 2020")
    assert 'verksamhetsmal: ["6.1", "6.2", "7.1"]' in text  # ids stay text


def test_bolag_keeps_its_mandate_and_goals_without_results(repo):
    nytt_ar(repo, 2021)
    new, old = read(repo, "2021/bolag/alebyggen.yaml"), read(repo, "2020/bolag/alebyggen.yaml")
    assert set(new) == {"organisation", "agarandel", "uppdrag", "mal"}
    assert (new["organisation"], new["agarandel"], new["uppdrag"]) == (
        "alebyggen",
        100,
        old["uppdrag"],
    )
    assert [g["id"] for g in new["mal"]] == [g["id"] for g in old["mal"]]
    assert all("utfall" not in g and "kommentar" not in g for g in new["mal"])
    assert new["mal"][0]["malvarde"] == 12
    head = (repo / "2021/bolag/alebyggen.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith("# AB Alebyggen 2021, fört över från 2020")


def test_a_goals_follow_up_keeps_its_ansvarig_and_team(repo):
    nytt_ar(repo, 2021)
    old_files = sorted(p.name for p in (repo / "2020/malsattningar").iterdir())
    assert sorted(p.name for p in (repo / "2021/malsattningar").iterdir()) == old_files
    for name in old_files:
        new, old = (
            read(repo, f"2021/malsattningar/{name}"),
            read(repo, f"2020/malsattningar/{name}"),
        )
        assert new == {k: v for k, v in old.items() if k != "uppfoljning"}
    text = (repo / "2021/malsattningar/1.yaml").read_text(encoding="utf-8")
    assert 'malsattning: "1"\n' in text


def test_personal_carries_the_last_periods_figures_as_the_year_before(repo):
    nytt_ar(repo, 2021)
    new, old = read(repo, "2021/personal.yaml"), read(repo, "2020/personal.yaml")
    assert set(new) == {"foregaende_ar", "matt"}
    assert new["foregaende_ar"] == old["sjukfranvaro"]["helar"]
    assert new["matt"] == [
        {"namn": x["namn"], "enhet": x["enhet"], "foregaende_ar": x["varden"]["helar"]}
        for x in old["matt"]
    ]
    assert new["matt"][0] == {
        "namn": "Tillsvidareanställda",
        "enhet": "antal",
        "foregaende_ar": 2745,
    }


def test_bokslut_keeps_the_lines_the_reserve_and_four_years_of_the_overview(repo):
    """The example: årets resultat 84 000, − realisationsvinster 1 200 − 10 000 to the
    reserve = 72 800, no deficit; the reserve 42 000 + 10 000 = 52 000 at 2021's start."""
    code, out, _ = run("nytt-ar", "2021", "-C", str(repo))
    assert code == 0
    new = read(repo, "2021/bokslut.yaml")
    assert set(new) == {"poster", "balanskrav", "femarsoversikt"}
    assert new["poster"] == [
        {"post": p} for p in ("finansforvaltning", "skatteintakter", "generella_statsbidrag",
                              "finansnetto")
    ]  # fmt: skip
    assert new["balanskrav"] == {"resultatutjamningsreserv": 52000}
    assert [row["namn"] for row in new["femarsoversikt"]][:2] == [
        "Årets resultat",
        "Nettokostnadsandel",
    ]
    first = new["femarsoversikt"][0]
    assert first == {"namn": "Årets resultat", "enhet": "mnkr",
                     "varden": {2017: 50.2, 2018: 20.2, 2019: 33.2, 2020: 84}}  # fmt: skip
    assert "2021/bokslut.yaml har resultatposterna utan budget" in out
    assert "underskott" not in out


def test_a_deficit_of_the_year_goes_on_with_the_earlier_ones_and_the_plan(repo):
    """72 800 − 100 000 (an adjustment) = −27 200: the year's own deficit, on top of the
    earlier ones (5 000 from 2018, 8 000 from 2019), 40 200 in all; the plan goes on."""
    edit(
        repo,
        "2020/bokslut.yaml",
        "  resultatutjamningsreserv: 42000    # reserven vid årets början\n",
        "  resultatutjamningsreserv: 42000\n"
        "  justeringar: [{text: Prov, belopp: -100000}]\n"
        "  underskott: {2018: 5000, 2019: 8000}\n"
        "  atgardsplan: Underskotten återställs 2021 och 2022 (KF 2020-06-15 § 80).\n",
    )
    code, out, _ = run("nytt-ar", "2021", "-C", str(repo))
    assert code == 0
    carried = read(repo, "2021/bokslut.yaml")["balanskrav"]
    assert carried == {
        "underskott": {2018: 5000, 2019: 8000, 2020: 27200},
        "atgardsplan": "Underskotten återställs 2021 och 2022 (KF 2020-06-15 § 80).",
        "resultatutjamningsreserv": 52000,
    }
    said = out.replace("\xa0", " ")  # amounts are grouped with a no-break space
    assert "Balanskravsresultatet 2020 blev −27 200 tkr: 40 200 tkr återstår" in said
    assert "Åtgärdsplanen för underskottet förs över till 2021" in out


def test_a_surplus_restores_the_oldest_deficit_first(repo):
    """72 800 restores 2017's 50 000 whole and 22 800 of 2019's 30 000: 7 200 is left, and
    2017's deficit was due to be restored by 2020, which the account says."""
    edit(
        repo,
        "2020/bokslut.yaml",
        "  resultatutjamningsreserv: 42000    # reserven vid årets början\n",
        "  resultatutjamningsreserv: 42000\n  underskott: {2019: 30000, 2017: 50000}\n"
        "  atgardsplan: Återställs 2020.\n",
    )
    done = nytt_ar(repo, 2021)
    assert read(repo, "2021/bokslut.yaml")["balanskrav"]["underskott"] == {2019: 7200}
    assert not any("2017" in note for note in done.notes)
    edit(repo, "2020/bokslut.yaml", "{2019: 30000, 2017: 50000}", "{2017: 80000}")
    shutil.rmtree(repo / "2021")
    done = nytt_ar(repo, 2021)
    assert read(repo, "2021/bokslut.yaml")["balanskrav"]["underskott"] == {2017: 7200}
    assert any(
        n.startswith("Underskottet från 2017 skulle ha återställts senast 2020") for n in done.notes
    )


def test_without_the_years_result_the_earlier_deficits_go_on_as_they_were(repo):
    """No ekonomi.yaml: the year's result cannot be computed, so neither the year's own
    deficit nor what it restored: the earlier deficits go on, and a person is told."""
    (repo / "2020/ekonomi.yaml").unlink()
    edit(
        repo,
        "2020/bokslut.yaml",
        "  resultatutjamningsreserv: 42000    # reserven vid årets början\n",
        "  underskott: {2019: 8000}\n",
    )
    code, out, _ = run("nytt-ar", "2021", "-C", str(repo))
    assert code == 0
    assert read(repo, "2021/bokslut.yaml")["balanskrav"] == {"underskott": {2019: 8000}}
    assert (
        "Balanskravsresultatet för 2020 kunde inte räknas ut (utfallet saknas för: ekonomi.yaml)"
        in out
    )
    assert "för in underskottet för hand under balanskrav.underskott" in out
    assert "Resultatutjämningsreservens storlek vid början av 2020 saknas" in out


def test_a_reserve_that_cannot_pay_what_was_taken_from_it_is_left_to_a_person(repo):
    edit(repo, "2020/bokslut.yaml", "till_resultatutjamningsreserv: 10000",
         "fran_resultatutjamningsreserv: 50000")  # fmt: skip
    done = nytt_ar(repo, 2021)
    assert "resultatutjamningsreserv" not in read(repo, "2021/bokslut.yaml")["balanskrav"]
    assert any("räcker inte" in n and "för in reserven vid början av 2021" in n for n in done.notes)


def test_chapters_decisions_and_judgements_stay_behind(repo):
    """No chapter file is made (an empty one is noise until the report); a nämnd's
    decision and klarmarkering, internal control's judgement and the koncern's result are
    per period and stay behind."""
    code, out, _ = run("nytt-ar", "2021", "-C", str(repo))
    assert code == 0
    assert not (repo / "2021/forvaltningsberattelse").exists()
    assert "Förvaltningsberättelsens kapitel förs inte över: skriv kapitlen för 2021 i " in out
    assert "2021/forvaltningsberattelse/helar/" in out
    assert "beslut" in read(repo, "2020/plan/un/un.yaml")
    plan = read(repo, "2021/plan/un/un.yaml")
    assert not {"beslut", "klarmarkering", "sammanfattning"} & set(plan)
    assert "bedomning" in read(repo, "2020/internkontroll/un.yaml")
    assert "bedomning" not in read(repo, "2021/internkontroll/un.yaml")
    bokslut = read(repo, "2021/bokslut.yaml")
    assert "koncernresultat" not in bokslut
    assert "beslut" not in bokslut


def test_a_bolag_without_a_file_gets_one_and_a_goal_without_one_too(repo):
    """A bolag in organisation.yaml with no file the year before gets one with its id; a
    goal in mal/ without a follow-up file gets one with its id and ansvarig from mal/."""
    edit(
        repo,
        "organisation.yaml",
        "- id: alebyggen\n",
        "- id: aleenergi\n  namn: Ale Energi AB\n  typ: bolag\n- id: alebyggen\n",
    )
    (repo / "2020/malsattningar/8.yaml").unlink()
    nytt_ar(repo, 2021)
    assert read(repo, "2021/bolag/aleenergi.yaml") == {"organisation": "aleenergi"}
    goal = read(repo, "mal/8-vardag.yaml")
    made = read(repo, "2021/malsattningar/8.yaml")
    assert made["malsattning"] == "8"
    assert made.get("ansvarig") == goal.get("ansvarig")
    text = (repo / "2021/malsattningar/8.yaml").read_text(encoding="utf-8")
    assert text.startswith(f"# Målsättning 8, {goal['namn']}: ")


def test_a_file_the_year_has_is_left_and_no_second_file_is_made(repo):
    """An existing bokslut.yaml stays as it is; a bolag or goal that has its file for the
    year under another name gets no second one."""
    (repo / "2021/bolag").mkdir(parents=True)
    (repo / "2021/malsattningar").mkdir()
    (repo / "2021/bokslut.yaml").write_text("# eget\nposter: []\n", encoding="utf-8")
    (repo / "2021/bolag/ab-alebyggen.yaml").write_text("organisation: alebyggen\n", "utf-8")
    (repo / "2021/malsattningar/mal-1.yaml").write_text('malsattning: "1"\n', "utf-8")
    code, out, _ = run("nytt-ar", "2021", "-C", str(repo))
    assert code == 0
    assert (repo / "2021/bokslut.yaml").read_text(encoding="utf-8") == "# eget\nposter: []\n"
    assert "Fanns redan: 2021/bokslut.yaml (filen finns)" in out
    assert not (repo / "2021/bolag/alebyggen.yaml").exists()
    assert "Fanns redan: 2021/bolag/alebyggen.yaml (alebyggen har redan en fil: " in out
    assert not (repo / "2021/malsattningar/1.yaml").exists()
    assert "(målsättning 1 har redan en fil: 2021/malsattningar/mal-1.yaml)" in out
    assert (repo / "2021/malsattningar/2.yaml").exists()


def test_the_new_year_asks_only_for_the_years_own_figures(repo):
    """On 1 January the new year has no findings; once the first interim period is due,
    what it asks of the carried files is the year's own: the bolag's results, the goals'
    assessments, the result lines' budget and forecast; nothing of reading or references."""
    nytt_ar(repo, 2021)
    assert check(repo, "--ar 2021 --idag 2021-01-01").findings == []
    found = check(repo, "--ar 2021 --idag 2021-04-20").findings
    annual = {"2021/bokslut.yaml", "2021/hushallning.yaml", "2021/personal.yaml"}
    codes = {
        x.code
        for x in found
        if x.path in annual or x.path.startswith(("2021/bolag/", "2021/malsattningar/"))
    }
    assert codes == {"MK606", "MK607", "MK608"}
    assert not [x for x in found if x.code.startswith(("MK1", "MK2"))]


def test_a_second_run_changes_nothing(repo):
    nytt_ar(repo, 2021)
    before = {p: p.read_bytes() for p in (repo / "2021").rglob("*.yaml")}
    done = nytt_ar(repo, 2021)
    assert done.created == []
    # What a person must do about a file was said when it was made; what is still to make
    # (ekonomi.yaml, the chapters) is said again.
    assert [n.split(" ", 1)[0] for n in done.notes] == [
        "2021/ekonomi.yaml",
        "Förvaltningsberättelsens",
    ]
    assert {p: p.read_bytes() for p in (repo / "2021").rglob("*.yaml")} == before
