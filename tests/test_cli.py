"""The command line, as a user types it: one test per exit status and format."""

from __future__ import annotations

import json

from helpers import BASE, EXAMPLES, build_repo, run
from malkoll import __version__


def test_clean_repository_exits_0_with_a_summary():
    """`malkoll validera exempel/ale-2020`: no findings, exit 0."""
    status, out, _ = run("validera", str(EXAMPLES / "ale-2020"))
    assert status == 0
    assert out.startswith("Inga fel eller varningar i ")


def test_findings_exit_1_in_the_fixed_line_shape(tmp_path):
    """An error exits 1 and prints `PATH:LINE:COL: SEVERITY CODE message`, hint indented."""
    root = build_repo(tmp_path / "r", files={"2020/plan/x.yaml": "organisation: okand\nar: 2020\n"})
    status, out, _ = run("validera", str(root))
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith("2020/plan/x.yaml:1:1: fel MK202 `okand` är inte en organisation")
    assert lines[-1] == "1 fel och 0 varningar i 1 av 17 filer."


def test_long_messages_stay_on_one_line(tmp_path):
    """The first line of a finding is never wrapped, whatever the terminal width."""
    root = build_repo(
        tmp_path / "r", files={"2020/plan/x.yaml": "organisation: " + "x" * 300 + "\nar: 2020\n"}
    )
    _, out, _ = run("validera", str(root))
    assert out.splitlines()[0].startswith("2020/plan/x.yaml:1:1: fel MK202")
    assert "x" * 60 in out.splitlines()[0]


def test_no_repository_exits_2(tmp_path):
    """Without malkoll.yaml in the folder or above it, exit 2 with one Swedish line."""
    status, _, err = run("validera", str(tmp_path))
    assert status == 2
    assert err.startswith("malkoll: Hittade ingen malkoll.yaml")
    assert len(err.strip().splitlines()) == 1


def test_bad_option_exits_2():
    """An unknown format is a usage error, exit 2."""
    status, _, _ = run("validera", str(BASE), "--format", "xml")
    assert status == 2


def test_repository_is_found_from_a_subfolder():
    """`malkoll validera 2020/plan` walks up to the folder with malkoll.yaml."""
    status, out, _ = run("validera", str(BASE / "2020" / "plan"))
    assert status == 0
    assert "i 16 filer" in out


def test_json_format_shape(tmp_path):
    """`--format json` prints the documented shape to stdout and the summary to stderr."""
    root = build_repo(
        tmp_path / "r",
        files={"2020/plan/x.yaml": "organisation: alafors\nar: 2020\nsammanfattning: {q1: x}\n"},
    )
    status, out, err = run("validera", str(root), "--format", "json")
    assert status == 1
    doc = json.loads(out)
    assert set(doc) == {"format", "malkoll", "rot", "filer", "fel", "varningar", "fynd"}
    assert (doc["format"], doc["malkoll"], doc["filer"], doc["fel"]) == (1, __version__, 17, 2)
    assert doc["fynd"][0] == {
        "fil": "2020/plan/x.yaml",
        "rad": 1,
        "kolumn": 1,
        "kod": "MK202",
        "allvarlighet": "fel",
        "meddelande": "`alafors` är inte en organisation i organisation.yaml. "
        "Menade du `alafors-skola`?",
        "tips": "Rätta id:t, eller lägg till organisationen i organisation.yaml.",
        "organisation": "alafors",
        "period": None,
    }
    assert doc["fynd"][1]["kod"] == "MK205"
    assert doc["fynd"][1]["period"] == "q1"
    assert err.strip() == "2 fel och 0 varningar i 1 av 17 filer."


def test_json_for_a_clean_repository():
    """A clean repository gives an empty list of findings and exit 0."""
    status, out, _ = run("validera", str(BASE), "-f", "json")
    assert status == 0
    assert json.loads(out)["fynd"] == []


def test_version_and_help():
    """`--version` names the version; `--help` lists the commands in Swedish."""
    assert run("--version")[1].strip() == f"malkoll {__version__}"
    status, out, _ = run("--help")
    assert status == 0
    assert "validera" in out
    assert "Kontrollera" in out
