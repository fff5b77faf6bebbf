"""What each due period asks of the report fullmäktige adopts (MK606–MK609, MK510) and
the references of its files (MK201–MK205): each rule's failing example and its fix,
through the core on the base, whose annual report is complete (repos/bas), and through
the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import build_repo, check, edit_file, heads_at_text, run
from malkoll.rules import annual_periods

LATE = "--idag 2021-03-01"
AUTUMN = "--idag 2020-10-01"
SUMMER = "--idag 2021-08-01"  # after every deadline of 2020
BOLAG = "- {id: bostad, namn: AB Bostäder, typ: bolag}\n"
KONCERN = "koncern:\n  helar: {bedomning: uppfylld, text: Bolaget når sina mål.}\n"
GOAL = "2020/malsattningar/1.yaml"
PLAN = "2020/plan/bun.yaml"


def _repo(tmp_path: Path) -> Path:
    return build_repo(tmp_path / "repo")


def _append(root: Path, rel: str, text: str) -> None:
    with (root / rel).open("a", encoding="utf-8") as out:
        out.write(text)


def _write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def _heads(root: Path, flags: str = LATE) -> list[str]:
    return heads_at_text(root, flags)


def _with_bolag(tmp_path: Path) -> Path:
    """The base with a bolag in organisation.yaml and the koncern's assessment."""
    root = _repo(tmp_path)
    _append(root, "organisation.yaml", BOLAG)
    _append(root, "2020/hushallning.yaml", KONCERN)
    return root


# --- MK606 -------------------------------------------------------------------------------


def test_mk606_a_bolag_without_a_file_points_at_it_in_organisation_yaml(tmp_path):
    """A bolag without a file is one finding at its entry, naming every due period;
    writing the file with each period is the fix."""
    root = _with_bolag(tmp_path)
    found = check(root, LATE).findings
    assert [x.head() for x in found] == [
        "organisation.yaml:14:4: fel MK606 AB Bostäder har ingen uppföljning för 2020 "
        "(Delårsrapport 1, Delårsrapport 2 och Årsredovisning)."
    ]
    assert found[0].hint == (
        "Skapa 2020/bolag/bostad.yaml med organisation: bostad och perioder.helar."
    )
    assert found[0].organisation == "bostad"
    _write(
        root,
        "2020/bolag/bostad.yaml",
        "organisation: bostad\nperioder:\n  delar1: {prognos: 900}\n  delar2: {prognos: 1000}\n",
    )
    found = check(root, LATE).findings
    assert [x.head() for x in found] == [
        "2020/bolag/bostad.yaml:2:1: fel MK606 AB Bostäder saknar uppföljning för perioden "
        "(Årsredovisning)."
    ]
    assert found[0].hint == "Ange resultat och sammanfattning under perioder.helar."
    assert _heads(root, AUTUMN) == []
    _append(root, "2020/bolag/bostad.yaml", "  helar: {resultat: 1500}\n")
    assert _heads(root) == []


def test_a_bolag_file_for_what_is_not_a_bolag_or_twice(tmp_path):
    """MK202 for a bolag file of a nämnd or an unknown id; MK201 for a second file of one
    bolag, at the second."""
    root = _with_bolag(tmp_path)
    complete = "perioder:\n  delar1: {}\n  delar2: {}\n  helar: {resultat: 1}\n"
    _write(root, "2020/bolag/a.yaml", "organisation: bostad\n" + complete)
    _write(root, "2020/bolag/b.yaml", "organisation: bostad\n" + complete)
    _write(root, "2020/bolag/c.yaml", "organisation: bun\n" + complete)
    _write(root, "2020/bolag/d.yaml", "organisation: bostd\n" + complete)
    assert _heads(root) == [
        "2020/bolag/b.yaml:1:1: fel MK201 Uppföljningen av bolaget `bostad` finns redan "
        "(2020/bolag/a.yaml:1).",
        "2020/bolag/c.yaml:1:1: fel MK202 `bun` är inte ett bolag i organisation.yaml (typ namnd).",
        "2020/bolag/d.yaml:1:1: fel MK202 `bostd` är inte en organisation i "
        "organisation.yaml. Menade du `bostad`?",
    ]


# --- MK607 -------------------------------------------------------------------------------


def test_mk607_a_goal_without_its_follow_up_file(tmp_path):
    """Without a file in malsattningar/ the goal is one finding at its mapping in mal/."""
    root = _repo(tmp_path)
    (root / GOAL).unlink()
    found = check(root, AUTUMN).findings
    assert [x.head() for x in found] == [
        "mal/1-utbildning.yaml:1:1: fel MK607 Målsättningen `1` ”God utbildning för alla” "
        "saknar målsättningsansvarigs bedömning: ingen fil i 2020/malsattningar/ följer upp "
        "den (Delårsrapport 1 och Delårsrapport 2)."
    ]
    assert found[0].hint == (
        'Skapa 2020/malsattningar/1.yaml med malsattning: "1", ansvarig och '
        "uppfoljning.delar2.bedomning."
    )


def test_mk607_the_assessment_and_in_an_interim_the_forecast(tmp_path):
    """An interim period asks for the assessment and the forecast, the annual report for
    the assessment; a period without an entry points at `uppfoljning`."""
    root = _repo(tmp_path)
    edit_file(root, GOAL, "delar2: {bedomning: gul, prognos: gul, ", "delar2: {")
    edit_file(
        root, GOAL, "    bedomning: gul\n    text: Meritvärdet ökade", "    text: Meritvärdet ökade"
    )
    assert _heads(root) == [
        "2020/malsattningar/1.yaml:6:11: fel MK607 Målsättningen `1` ”God utbildning för "
        "alla” saknar målsättningsansvarigs bedömning och prognos (Delårsrapport 2).",
        "2020/malsattningar/1.yaml:8:5: fel MK607 Målsättningen `1` ”God utbildning för "
        "alla” saknar målsättningsansvarigs bedömning (Årsredovisning).",
    ]
    edit_file(
        root,
        GOAL,
        "  delar1: {bedomning: gul, prognos: gul, text: Meritvärdet ökar långsamt.}\n",
        "",
    )
    assert _heads(root, "--period delar1") == [
        "2020/malsattningar/1.yaml:4:1: fel MK607 Målsättningen `1` ”God utbildning för "
        "alla” saknar målsättningsansvarigs bedömning och prognos (Delårsrapport 1)."
    ]


def test_references_of_a_goals_follow_up(tmp_path):
    """MK203 for an unknown målsättning or framgångsfaktor; MK201 for a second file of one
    goal; MK205 for an unknown period."""
    root = _repo(tmp_path)
    edit_file(root, GOAL, "      ff1: {", "      ff2: {bedomning: gul, text: x}\n      ff1: {")
    edit_file(root, GOAL, "  delar1:", "  delar3: {bedomning: gul}\n  delar1:")
    _write(root, "2020/malsattningar/2.yaml", 'malsattning: "1"\n')
    _write(root, "2020/malsattningar/3.yaml", 'malsattning: "7"\n')
    assert _heads(root) == [
        "2020/malsattningar/1.yaml:5:3: fel MK205 `delar3` är inte en av årets perioder. "
        "Menade du `delar2`?",
        "2020/malsattningar/1.yaml:12:7: fel MK203 Framgångsfaktorn `ff2` finns inte i "
        "målsättningen `1` (mal/1-utbildning.yaml). Menade du `ff1`?",
        "2020/malsattningar/2.yaml:1:1: fel MK201 Uppföljningen av målsättningen `1` finns "
        "redan (2020/malsattningar/1.yaml:1).",
        "2020/malsattningar/3.yaml:1:1: fel MK203 Målsättningen `7` finns inte i mal/.",
    ]


# --- MK608 -------------------------------------------------------------------------------


def test_mk608_an_interim_without_the_result_forecast(tmp_path):
    """In an interim period each line of bokslut.yaml has its forecast; without the file
    the finding points at `kommun:` in malkoll.yaml and names the file to create, once for
    the interim periods due."""
    root = _repo(tmp_path)
    edit_file(
        root,
        "2020/bokslut.yaml",
        "delar2: {utfall: 400000, prognos: -4000}",
        "delar2: {utfall: 400000}",
    )
    assert _heads(root, AUTUMN) == [
        "2020/bokslut.yaml:12:15: fel MK608 Resultatposten `skatteintakter` saknar prognos: "
        "prognosen för årets resultat kan inte räknas ut (Delårsrapport 2)."
    ]
    edit_file(
        root,
        "2020/bokslut.yaml",
        "delar2: {utfall: 400000}",
        "delar2: {utfall: 400000, prognos: 0}",
    )
    assert _heads(root, AUTUMN) == []
    (root / "2020/bokslut.yaml").write_text("balanskrav: {}\n", encoding="utf-8")
    assert _heads(root, AUTUMN) == [
        "2020/bokslut.yaml:1:1: fel MK608 Prognosen för årets resultat kan inte räknas ut: "
        "2020/bokslut.yaml saknar poster (Delårsrapport 1 och Delårsrapport 2)."
    ]
    (root / "2020/bokslut.yaml").unlink()
    assert _heads(root, AUTUMN) == [
        "malkoll.yaml:1:1: fel MK608 Prognosen för årets resultat kan inte räknas ut: "
        "2020/bokslut.yaml finns inte (Delårsrapport 1 och Delårsrapport 2)."
    ]


# --- MK609 -------------------------------------------------------------------------------


def test_mk609_a_nämnds_decision_later_than_two_months(tmp_path):
    """A decision in the plan more than two months after the period (delår 2: after
    31 October) is a warning at its date; in time it is none."""
    root = _repo(tmp_path)
    _append(
        root,
        PLAN,
        "beslut:\n  delar2: {organ: Barn- och ungdomsnämnden, datum: 2020-11-25, paragraf: § 88}\n",
    )
    found = check(root, LATE).findings
    assert [x.head() for x in found] == [
        "2020/plan/bun.yaml:15:45: varning MK609 Beslutet kom senare än två månader efter "
        "periodens slut (2020-10-31): Barn- och ungdomsnämnden 2020-11-25, Delårsrapport 2 "
        "2020."
    ]
    assert found[0].organisation == "bun"
    edit_file(root, PLAN, "2020-11-25", "2020-10-31")
    assert _heads(root) == []
    edit_file(root, PLAN, "2020-10-31", "2020-08-15")
    assert _heads(root) == [
        "2020/plan/bun.yaml:15:45: varning MK609 Beslutet är daterat före periodens slut "
        "(2020-08-31): Barn- och ungdomsnämnden 2020-08-15, Delårsrapport 2 2020."
    ]


def test_mk609_the_annual_report_by_the_laws_dates(tmp_path):
    """The municipality's annual report: kommunfullmäktige by 30 June of the next year,
    kommunstyrelsen by 15 April; the annual report of a nämnd by two months (end of
    February). Checked in the summer after, so that no date is in the future."""
    root = _repo(tmp_path)
    _append(
        root,
        "2020/bokslut.yaml",
        "beslut:\n  helar:\n"
        "    - {organ: Kommunstyrelsen, datum: 2021-04-20}\n"
        "    - {organ: Kommunfullmäktige, datum: 2021-06-28}\n",
    )
    assert _heads(root, SUMMER) == [
        "2020/bokslut.yaml:30:32: varning MK609 Beslutet kom senare än den 15 april året efter "
        "(2021-04-15): Kommunstyrelsen 2021-04-20, Årsredovisning 2020."
    ]
    edit_file(root, "2020/bokslut.yaml", "2021-04-20", "2021-04-14")
    edit_file(root, "2020/bokslut.yaml", "2021-06-28", "2021-07-01")
    assert _heads(root, SUMMER) == [
        "2020/bokslut.yaml:31:34: varning MK609 Beslutet kom senare än den 30 juni året efter "
        "(2021-06-30): Kommunfullmäktige 2021-07-01, Årsredovisning 2020."
    ]
    edit_file(root, "2020/bokslut.yaml", "2021-07-01", "2021-06-30")
    assert _heads(root, SUMMER) == []
    _append(root, PLAN, "beslut:\n  helar: {organ: BUN, datum: 2021-03-01}\n")
    assert _heads(root, SUMMER) == [
        "2020/plan/bun.yaml:15:23: varning MK609 Beslutet kom senare än två månader efter "
        "periodens slut (2021-02-28): BUN 2021-03-01, Årsredovisning 2020."
    ]


def test_mk609_a_decision_dated_in_the_future(tmp_path, monkeypatch):
    """A decision dated after the computer's day is a warning, even within the deadline (a
    draft must not print a decision not yet taken); on that day or later it is none. The
    day is the computer's, not the check's (`--idag`): a check of an earlier day may meet
    decisions made since."""
    root = _repo(tmp_path)
    _append(
        root,
        "2020/bokslut.yaml",
        "beslut:\n  helar:\n    - {organ: Kommunfullmäktige, datum: 2021-06-14}\n",
    )
    monkeypatch.setattr(annual_periods, "computers_day", lambda: dt.date(2021, 3, 1))
    found = check(root, LATE).findings
    assert [x.head() for x in found] == [
        "2020/bokslut.yaml:30:34: varning MK609 Beslutet är daterat i framtiden (efter "
        "2021-03-01): Kommunfullmäktige 2021-06-14, Årsredovisning 2020."
    ]
    assert "ta bort beslutet tills det är fattat" in found[0].hint
    monkeypatch.setattr(annual_periods, "computers_day", lambda: dt.date(2021, 6, 14))
    assert _heads(root, LATE) == []
    assert _heads(root, "--idag 2021-03-01") == []  # the check's day does not count


# --- MK510 -------------------------------------------------------------------------------


def test_mk510_the_nämnds_overall_judgement_of_internal_control(tmp_path):
    """A period in which controls are reported asks for the nämnd's overall judgement; a
    period without reported controls does not."""
    root = _repo(tmp_path)
    ik = "2020/internkontroll/bun.yaml"
    edit_file(root, ik, "  helar: Den interna kontrollen är tillräcklig.\n", "")
    found = check(root, LATE).findings
    assert [x.head() for x in found] == [
        "2020/internkontroll/bun.yaml:3:1: varning MK510 Nämndens samlade bedömning av den "
        "interna kontrollen saknas (Barn- och ungdomsnämnden, Årsredovisning)."
    ]
    assert found[0].hint == "Skriv nämndens samlade bedömning under bedomning.helar."
    assert _heads(root, "--period delar1") == []
    edit_file(root, ik, "bedomning:\n", "bedomning:\n  helar: Tillräcklig.\n")
    assert _heads(root) == []


# --- MK205, MK201, MK203 in the other files ---------------------------------------------


def test_unknown_periods_in_every_new_mapping(tmp_path):
    """MK205 for a period key malkoll.yaml does not name, in bokslut, hushållning,
    personal, a plan's decisions and internal control's judgements."""
    root = _repo(tmp_path)
    _append(root, "2020/bokslut.yaml", "koncernresultat: {delar4: 1}\n")
    edit_file(root, "2020/hushallning.yaml", "utfall: {helar: 0.8}", "utfall: {helar: 0.8, hel: 1}")
    _append(root, "2020/personal.yaml", "kommentar: {helår: Bra.}\n")
    _append(root, PLAN, "beslut:\n  delar5: {organ: BUN, datum: 2020-09-20}\n")
    edit_file(root, "2020/internkontroll/bun.yaml", "bedomning:\n", "bedomning:\n  q3: Bra.\n")
    assert [h.split(" är ")[0] for h in _heads(root)] == [
        "2020/bokslut.yaml:28:19: fel MK205 `delar4`",
        "2020/hushallning.yaml:6:26: fel MK205 `hel`",
        "2020/internkontroll/bun.yaml:4:3: fel MK205 `q3`",
        "2020/personal.yaml:3:13: fel MK205 `helår`",
        "2020/plan/bun.yaml:15:3: fel MK205 `delar5`",
    ]


def test_ids_and_delmål_in_hushallning_and_bokslut(tmp_path):
    """MK201 for a financial goal or a result line given twice, at the second; MK203 for a
    verksamhetsmål that is no delmål in mal/ (ids are text: `1.10` is not `1.1`)."""
    root = _repo(tmp_path)
    edit_file(
        root, "2020/hushallning.yaml", 'verksamhetsmal: ["1.1"]', 'verksamhetsmal: ["1.1", "1.2"]'
    )
    edit_file(
        root,
        "2020/hushallning.yaml",
        "verksamhetsmal:",
        "  - {id: resultat, namn: Igen, utfall: {helar: 1}}\nverksamhetsmal:",
    )
    edit_file(
        root,
        "2020/bokslut.yaml",
        "balanskrav:",
        "  - {post: finansnetto, budget: 0, perioder: {delar1: {prognos: 0}, "
        "delar2: {prognos: 0}, helar: {utfall: 0}}}\nbalanskrav:",
    )
    assert _heads(root) == [
        "2020/bokslut.yaml:26:6: fel MK201 Resultatposten `finansnetto` finns redan "
        "(2020/bokslut.yaml:20).",
        "2020/hushallning.yaml:8:6: fel MK201 Det finansiella målet `resultat` finns redan "
        "(2020/hushallning.yaml:2).",
        "2020/hushallning.yaml:9:25: fel MK203 Delmålet `1.2` finns inte i mal/. Menade du `1.1`?",
    ]


def test_a_chapter_written_twice(tmp_path):
    """Two files of one chapter in a period's folder (`Handelser.md` and `handelser.md`)
    are MK201 at the second in path order."""
    root = _repo(tmp_path)
    folder = root / "2020/forvaltningsberattelse/helar"
    (folder / "Händelser.md").write_text("# Händelser\n\nIgen.\n", encoding="utf-8")
    assert _heads(root) == [
        "2020/forvaltningsberattelse/helar/handelser.md:1:1: fel MK201 Kapitlet `handelser` "
        "finns redan (2020/forvaltningsberattelse/helar/Händelser.md)."
    ]


# --- through the CLI ---------------------------------------------------------------------


def test_cli_a_late_decision_is_a_warning_and_strikt_fails(tmp_path):
    """`malkoll validera`: a late decision alone exits 0 with its warning; `--strikt`
    exits 1."""
    root = _repo(tmp_path)
    _append(root, PLAN, "beslut:\n  delar2: {organ: BUN, datum: 2020-12-01}\n")
    status, out, _ = run("validera", str(root), "--idag", "2021-03-01")
    assert status == 0
    assert out.splitlines()[0] == (
        "2020/plan/bun.yaml:15:24: varning MK609 Beslutet kom senare än två månader efter "
        "periodens slut (2020-10-31): BUN 2020-12-01, Delårsrapport 2 2020."
    )
    assert run("validera", str(root), "--idag", "2021-03-01", "--strikt")[0] == 1


def test_cli_json_carries_the_bolag_and_its_period(tmp_path):
    """`--format json`: a bolag's missing period is MK606 with its organisation and
    period, within the grace window a warning."""
    import json

    root = _with_bolag(tmp_path)
    _write(root, "2020/bolag/bostad.yaml", "organisation: bostad\nperioder:\n  delar1: {}\n")
    status, out, _ = run("validera", str(root), "--idag", "2020-09-05", "--format", "json")
    assert status == 0
    found = [x for x in json.loads(out)["fynd"] if x["kod"] == "MK606"]
    assert [(x["fil"], x["rad"], x["kolumn"], x["allvarlighet"]) for x in found] == [
        ("2020/bolag/bostad.yaml", 2, 1, "varning")
    ]


def test_an_unreadable_follow_up_file_is_not_a_missing_one(tmp_path):
    """A bolag's or a goal's file that cannot be read is its MK101; the bolag and the goal
    are not reported as without a file (what it holds is unknown)."""
    root = _with_bolag(tmp_path)
    _write(root, "2020/bolag/bostad.yaml", "organisation: [bostad\n")
    (root / GOAL).write_text("malsattning: [1\n", encoding="utf-8")
    assert sorted({x.code for x in check(root, LATE).findings}) == ["MK101"]
