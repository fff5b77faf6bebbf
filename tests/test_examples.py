"""The bundled examples: the complete one is clean, the draft shows the rules at work."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import EXAMPLES, check, places, run

GOLDEN = Path(__file__).parent / "golden"
DRAFT = EXAMPLES / "ale-2020-utkast"


def test_complete_example_is_clean_when_the_annual_report_is_due():
    """exempel/ale-2020 gives no findings on 2021-03-01, after every 2020 deadline."""
    assert places(check(EXAMPLES / "ale-2020", "--idag 2021-03-01").findings) == []


def test_draft_gives_exactly_its_findings_after_the_deadline():
    """On 2020-09-20 the draft gives the findings listed in golden/ (28 errors, 10 warnings)."""
    result = check(DRAFT, "--idag 2020-09-20")
    expected = (GOLDEN / "ale-2020-utkast-2020-09-20.txt").read_text(encoding="utf-8").split()
    assert [" ".join(x.split()) for x in places(result.findings)] == [
        " ".join(line) for line in zip(expected[::3], expected[1::3], expected[2::3], strict=True)
    ]
    assert (result.errors, result.warnings) == (28, 10)


def test_draft_before_the_deadline_gives_warnings():
    """Before the submission date (2020-09-11) the same gaps are warnings, except the
    May forecast, the late internal-control plan and the missing result forecast of delår 1."""
    result = check(DRAFT, "--idag 2020-09-05")
    assert (result.errors, result.warnings) == (3, 35)
    assert sorted(x.code for x in result.findings if x.severity == "fel") == [
        "MK500",
        "MK506",
        "MK608",
    ]


def test_draft_reads_like_a_to_do_list():
    """Each finding names the organisation and the period, and says what to write where."""
    status, out, _ = run("validera", str(DRAFT), "--idag", "2020-09-20")
    assert status == 1
    assert (
        "2020/plan/oan/sektor-oan.yaml:30:9: fel MK304 Bedömningen är röd men analysen saknar "
        "åtgärder (Sektor omsorg och arbetsmarknad, delmål 2.2, Delårsrapport 2)." in out
    )
    assert "    Beskriv vilka åtgärder som kan leda till förbättring under analys.atgarder." in out
    assert out.rstrip().endswith("28 fel och 10 varningar i 17 av 65 filer.")


def test_draft_in_every_machine_format(tmp_path, monkeypatch):
    """json, gitlab and sarif parse; github gives one annotation per finding and, with
    GITHUB_STEP_SUMMARY set, a table of all findings."""
    args = ("validera", str(DRAFT), "--idag", "2020-09-20")
    assert len(json.loads(run(*args, "-f", "json")[1])["fynd"]) == 38
    assert len(json.loads(run(*args, "-f", "gitlab")[1])) == 38
    sarif = json.loads(run(*args, "-f", "sarif")[1])
    assert len(sarif["runs"][0]["results"]) == 38
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    status, out, err = run(*args)
    assert status == 1
    assert out.count("::error ") == 28
    assert out.count("::warning ") == 10
    assert "28 fel och 10 varningar" in err
    assert summary.read_text(encoding="utf-8").count("| MK") == 38
