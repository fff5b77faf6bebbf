"""The bundled example's own ledger, exempel/ale-2020/ekonomisystem: `malkoll ekonomi
importera` of its SIE 4 file or its CSV file into the example finds the example's figures
already in 2020/ekonomi.yaml and its result lines already in 2020/bokslut.yaml, so it
changes no byte of either and says so; and the files are what benchmarks/ledger_files.py
writes, so they can be made again."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from helpers import EXAMPLES, check
from malkoll.cli.root import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import ledger_files as gen

ALE = EXAMPLES / "ale-2020"
FILES = {"se": "huvudbok-2020.se", "csv": "huvudbok-2020.csv"}


def copy(tmp_path: Path) -> Path:
    root = tmp_path / "ale"
    shutil.copytree(ALE, root, ignore=shutil.ignore_patterns(".malkoll-cache", "rapporter"))
    return root


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_importing_the_examples_ledger_changes_nothing(tmp_path: Path, fmt: str) -> None:
    root = copy(tmp_path)
    target = root / "2020" / "ekonomi.yaml"
    bokslut = root / "2020" / "bokslut.yaml"
    before, before_bokslut = target.read_bytes(), bokslut.read_bytes()
    ledger = root / "ekonomisystem" / FILES[fmt]
    result = CliRunner().invoke(
        app, ["ekonomi", "importera", str(ledger), "-C", str(root)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert f"från ekonomisystem/{FILES[fmt]} för 2020." in result.output
    assert "Inget ändrades." in result.output
    assert target.read_bytes() == before
    assert bokslut.read_bytes() == before_bokslut
    assert not check(root, "--idag 2021-03-01").findings


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_the_examples_ledger_has_the_result_lines(tmp_path: Path, fmt: str) -> None:
    """With the result lines' figures gone from bokslut.yaml, the import writes them back
    as bokslut.yaml has them (skatteintäkter delår 1: 344 100 tkr, the year's budget
    1 398 000; finansförvaltning on ansvar 9900, a cost: −59 480), and nothing else of
    the file changes: the forecasts, the comments, the balanskrav stay."""
    root = copy(tmp_path)
    bokslut = root / "2020" / "bokslut.yaml"
    before = bokslut.read_text(encoding="utf-8")
    emptied = before.replace("{utfall: 344100, prognos: -42000}", "{prognos: -42000}")
    emptied = emptied.replace("helar:  {utfall: -59480}", "helar:  {utfall: 0}")
    emptied = emptied.replace("budget: 1398000", "budget: 1")
    assert emptied.count("\n") == before.count("\n")
    assert emptied != before
    bokslut.write_text(emptied, encoding="utf-8")
    ekonomi = (root / "2020" / "ekonomi.yaml").read_bytes()
    ledger = root / "ekonomisystem" / FILES[fmt]
    result = CliRunner().invoke(
        app, ["ekonomi", "importera", str(ledger), "-C", str(root)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "finansforvaltning: 1 period uppdaterad (helar utfall 0 → −59\xa0480)" in out
    assert "skatteintakter: 1 period uppdaterad (delar1 utfall – → 344\xa0100), budget 1 → " in out
    assert "Skrev 2020/bokslut.yaml." in out
    assert bokslut.read_text(encoding="utf-8") == before
    assert (root / "2020" / "ekonomi.yaml").read_bytes() == ekonomi


def test_the_examples_figures_are_whole() -> None:
    """What the import wrote: every nämnd has twelve months with all five figures, and
    Utbildningsnämnden's units sum to it (delår 2: 21 140 + 137 380 + 248 340 + 121 520
    = 528 380; the year's budget 31 300 + 203 420 + 367 730 + 179 950 = 782 400)."""
    economy = yaml.safe_load((ALE / "2020" / "ekonomi.yaml").read_text(encoding="utf-8"))
    un = next(n for n in economy["namnder"] if n["organisation"] == "un")
    assert [e["organisation"] for e in un["enheter"]] == [
        "un",
        "forskola",
        "grundskola",
        "gymnasium-vux",
    ]
    assert [e["perioder"]["delar2"]["utfall"] for e in un["enheter"]] == [
        21140,
        137380,
        248340,
        121520,
    ]
    assert un["perioder"]["delar2"]["utfall"] == 528380
    assert sum(e["budget"] for e in un["enheter"]) == un["budget"] == 782400
    for namnd in economy["namnder"]:
        periods = namnd["perioder"]
        assert len(periods) == 12, namnd["organisation"]
        for values in periods.values():
            assert values["utfall"] == values["kostnader"] - values["intakter"]
            assert {"periodbudget", "fjolar"} <= set(values)
        assert periods["helar"]["periodbudget"] == namnd["budget"]


def test_the_files_are_what_the_script_writes(tmp_path: Path) -> None:
    """`python benchmarks/ledger_files.py --exempel` makes the same bytes again."""
    ledger = gen.example_ledger(ALE, 2020)
    gen.write_example_sie(ledger, tmp_path / FILES["se"], 2020)
    gen.write_example_csv(ledger, tmp_path / FILES["csv"])
    for name in FILES.values():
        assert (tmp_path / name).read_bytes() == (ALE / "ekonomisystem" / name).read_bytes()


def test_the_sie_file_is_pc8_with_the_mapped_ansvar() -> None:
    data = (ALE / "ekonomisystem" / FILES["se"]).read_bytes()
    text = data.decode("cp437")
    for record in ("#FORMAT PC8", "#SIETYP 4", '#DIM 1 "Ansvar"', "#ORGNR 212000-1421"):
        assert record in text
    assert '#OBJEKT 1 "3110" "Hemtjänsten"' in text
    assert "Hemtjänsten".encode("cp437") in data  # ä is byte 0x84, not UTF-8
    settings = yaml.safe_load((ALE / "malkoll.yaml").read_text(encoding="utf-8"))
    importera = settings["ekonomi"]["importera"]
    objects = {line.split('"')[1] for line in text.splitlines() if line.startswith("#OBJEKT")}
    assert objects == set(importera["ansvar"]) | set(importera["ansvar_poster"])
    # the finansförvaltning's ansvar has the central costs (a result line, not a nämnd's)
    # and the tax income; the statsbidrag are booked without ansvar
    assert importera["ansvar_poster"] == {"9900": "finansforvaltning"}
    assert '#PSALDO 0 202001 7990 {1 "9900"}' in text
    assert '#PSALDO 0 202001 8010 {1 "9900"}' in text
    assert "#PSALDO 0 202001 8210 {}" in text
