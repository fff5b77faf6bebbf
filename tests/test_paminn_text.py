"""`malkoll paminn`'s text, for the person who writes the follow-up: the README's command
on the bundled example writes drafts that name the file to open, the delmål by id and
name, the activity and verksamhetsmål by name, the line and what to write, exactly where
`malkoll validera FIL` points; a unit that marked the period done is told; a value that
is written wrong is named as such; an explicit `--ut` or `--csv` folder must be there."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLES, REPOS
from helpers import run as malkoll
from test_paminn import (
    ALAFORS,
    ANNA,
    GRON_1_10,
    GRUNDSKOLA,
    SEPT_5,
    make_repo,
    parsed,
    run,
    text_of,
)

HEMTJANST = "enhetschef.hemtjanst@ale.example"
HEMTJANST_PLAN = "2020/plan/oan/hemtjansten.yaml"


@pytest.fixture
def utkast(tmp_path: Path) -> Path:
    """A copy of exempel/ale-2020-utkast, so that nothing is written in the example."""
    target = tmp_path / "ale-2020-utkast"
    ignored = shutil.ignore_patterns(".malkoll-cache", "rapporter")
    shutil.copytree(EXAMPLES / "ale-2020-utkast", target, ignore=ignored)
    return target


def test_the_readme_command_writes_drafts_on_the_example(utkast):
    """`malkoll paminn 2020 --idag 2020-09-05` as the README has it, in the example that is
    in the middle of delår 2: six chefs with an address get a draft in the default folder."""
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert "malkoll paminn 2020 -C exempel/ale-2020-utkast --idag 2020-09-05" in readme
    code, stdout, _ = run("2020", "-C", str(utkast), "--idag", SEPT_5)
    folder = utkast / "rapporter" / "paminnelser-2020-delar2"
    assert code == 0
    assert stdout.splitlines()[1] == "6 personer att påminna:"
    assert stdout.splitlines()[-1] == f"Skrev 6 utkast i {folder}"
    assert len(list(folder.glob("*.eml"))) == 6
    assert (folder / f"{HEMTJANST}.eml").is_file()


def test_the_text_names_what_to_write_where_validera_points(utkast, monkeypatch):
    """Hemtjänsten's draft: the file to open, delmål 8.1 by id and name, the activity and
    the verksamhetsmål by name with their ids, each line with what to write there; the
    lines are those `malkoll validera FIL` (the command the text gives) reports; no
    command that shows the whole repository."""
    out = utkast / "utkast"
    assert run("2020", "-C", str(utkast), "--idag", SEPT_5, "--ut", str(out))[0] == 0
    text = text_of(parsed(out / f"{HEMTJANST}.eml"))
    part = text.split("Hemtjänsten:\n", 1)[1].split("\n\nHar du frågor", 1)[0]
    assert part.splitlines() == [
        f"  Öppna {HEMTJANST_PLAN} i målrepot och skriv in:",
        "",
        "  Delmål 8.1 Äldre ska kunna leva ett tryggt och självständigt liv med god omsorg:",
        "  – uppföljning av aktiviteten ”Mindre arbetsgrupper med fast omsorgskontakt” "
        "(sma-grupper), rad 14.",
        "    Ange status under uppfoljning.delar2.status (ej_paborjad, pagar, genomford, "
        "forsenad eller avbruten).",
        "  – utfall för verksamhetsmålet ”En brukare med minst två besök per dag ska möta "
        "högst 12 olika personal under 14 dagar” (vm-kontinuitet), rad 30.",
        "    Ange utfallet under uppfoljning.delar2.utfall.",
        "  – analys av delmål 8.1, rad 32.",
        "    Skriv analysen under uppfoljning.delar2.analys: varför resultatet blev som det "
        "blev och de bakomliggande orsakerna.",
        "  – bedömning av delmål 8.1, rad 32.",
        "    Ange under uppfoljning.delar2.bedomning om delmålet nås till 2030: `gron`, `gul` "
        "eller `rod`.",
    ]
    assert "Svara på det här mejlet." in text
    assert f"  malkoll validera {HEMTJANST_PLAN}\n" in text
    assert "--period" not in text
    assert "malkoll status" not in text
    assert "har markerat" not in text  # Hemtjänsten has not marked delår 2 done
    monkeypatch.chdir(utkast)
    code, stdout, _ = malkoll("validera", HEMTJANST_PLAN, "--idag", SEPT_5)
    assert code == 0  # before the deadline: warnings
    reported = {
        int(line)
        for line, code in re.findall(
            r"^2020/plan/oan/hemtjansten\.yaml:(\d+):\d+: \w+ (MK\d+)", stdout, re.M
        )
        if code in ("MK301", "MK302", "MK305", "MK307")
    }
    assert reported == {14, 30, 32}


def test_a_unit_marked_done_while_something_is_missing_is_told(tmp_path):
    """Alafors skola marks delår 2 klar (MK311) though its assessment of 1.1 is missing:
    its part of Anna's text says so, with who marked it and how to undo it; Grundskola's,
    not marked, does not."""
    repo = make_repo(tmp_path / "repo")
    marked = REPOS / "fel" / "mk311-klar-men-ofullstandig" / ALAFORS
    shutil.copyfile(marked, repo / ALAFORS)
    out = tmp_path / "utkast"
    assert run("2020", "-C", str(repo), "--idag", SEPT_5, "--ut", str(out))[0] == 0
    text = text_of(parsed(out / f"{ANNA}.eml"))
    alafors, grundskola = text.split("Alafors skola:\n", 1)[1].split("Grundskola:\n", 1)
    assert alafors.startswith(
        "  Alafors skola har markerat Delårsrapport 2 som klar (klarmarkering av Rektor "
        "2020-09-08), men det som står nedan saknas fortfarande. Skriv in det, eller ändra "
        "till klar: false under klarmarkering.delar2 tills allt är på plats.\n\n"
        "  Öppna 2020/plan/alafors-skola.yaml i målrepot och skriv in:\n"
    )
    assert "  – bedömning av delmål 1.1, rad 41.\n" in alafors
    assert "markerat" not in grundskola


def test_a_value_written_wrong_is_named_without_a_line(tmp_path):
    """Grundskola's assessment of 1.10 is `blå`, not on the scale: the reading reports it;
    the reminder names the assessment as written wrong, not as a hint to write it anew."""
    repo = make_repo(tmp_path / "repo")
    plan = (repo / GRUNDSKOLA).read_text(encoding="utf-8")
    no_assessment = GRON_1_10.replace(", bedomning: gron}", "}")
    (repo / GRUNDSKOLA).write_text(
        plan.replace(no_assessment, GRON_1_10.replace("gron", "blå")), encoding="utf-8"
    )
    out = tmp_path / "utkast"
    assert run("2020", "-C", str(repo), "--idag", SEPT_5, "--ut", str(out))[0] == 0
    text = text_of(parsed(out / f"{ANNA}.eml"))
    assert (
        "  – bedömning av delmål 1.10.\n    Det som står där nu är felskrivet: rätta det.\n"
    ) in text


@pytest.mark.parametrize("option", ["--ut", "--csv"])
def test_an_explicit_place_in_a_folder_that_is_not_there_is_an_error(repo, tmp_path, option):
    """`--ut` and `--csv` make no folders above what they name: exit 2, one Swedish line
    naming the folder, nothing created; `--ut` makes the folder it names when its parent is
    there, and the default folder is made as reports make theirs."""
    missing = tmp_path / "finns" / "inte"
    code, _, err = run("2020", "-C", str(repo), "--idag", SEPT_5, option, str(missing / "x"))
    assert code == 2
    assert err == (
        f"malkoll: Mappen {missing} finns inte. Skapa den först, eller ange en annan plats "
        f"med {option}.\n"
    )
    assert not (tmp_path / "finns").exists()
    a_file = tmp_path / "fil"
    a_file.write_text("", encoding="utf-8")
    code, _, err = run("2020", "-C", str(repo), "--idag", SEPT_5, option, str(a_file / "x"))
    assert (code, f"Mappen {a_file} är ingen mapp." in err) == (2, True)
    if option == "--ut":
        assert run("2020", "-C", str(repo), "--idag", SEPT_5, "--ut", str(tmp_path / "ny"))[0] == 0
        assert (tmp_path / "ny" / f"{ANNA}.eml").is_file()
        assert run("2020", "-C", str(repo), "--idag", SEPT_5)[0] == 0
        assert (repo / "rapporter" / "paminnelser-2020-delar2" / f"{ANNA}.eml").is_file()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")
