"""The ledger's mapping: figures by hand for a small CSV (rounding half up, once per
entry), MK511 at import (an ansvar without mapping, at its line, and nothing written) and
in `validera` (a mapping to an organisation that does not exist, a nämnd without ansvar)."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from helpers import EXAMPLES, ale_with_mapping, check
from malkoll.cli.root import app

ALE = EXAMPLES / "ale-2020"

MAPPING = """  importera:
    ansvar:
      "100": un
      "110": forskola
      "120": nolskolan
      "200": sektor-utbildning
    ignorera: ["999"]
"""

CSV = """Ansvar;Konto;Period;Belopp;Typ
110;4010;202001;1 500,50;Utfall
110;3110;202001;-1000,00;Utfall
120;5010;2020-01;2499,50;Utfall
100;4010;202002;500;Utfall
200;4010;202002;-0,50;Utfall
999;4010;202001;77777;Utfall
110;8110;202001;-5000;Utfall
110;1930;202001;5000;Utfall
110;4010;202001;12000;Budget
110;4010;201901;3000;Utfall
"""


def make_repo(tmp_path: Path, mapping: str = MAPPING) -> Path:
    return ale_with_mapping(tmp_path, mapping)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["ekonomi", "importera", *args], catch_exceptions=False)
    return result.exit_code, result.output


def un(root: Path) -> dict:
    doc = yaml.safe_load((root / "2020" / "ekonomi.yaml").read_text(encoding="utf-8"))
    return next(e for e in doc["namnder"] if e["organisation"] == "un")


def test_figures_by_hand(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    ledger = tmp_path / "huvudbok.csv"
    ledger.write_text(CSV, encoding="utf-8")
    status, out = run(str(ledger), "-C", str(root))
    assert status == 0, out
    entry = un(root)
    parts = {e["organisation"]: e for e in entry["enheter"]}
    # un's only child is sektor-utbildning, so the split is on its verksamheter; ansvar
    # 200 (the sektor itself) and 100 (the nämnd) are the nämnd's own entry.
    assert list(parts) == ["un", "forskola", "grundskola"]
    # Förskola, January: costs 1 500,50 kr → 1,5005 tkr → 2; income 1 000 kr → 1; net 1.
    # Its budget 12 000 kr → 12; last year's January 3 000 kr → 3.
    assert parts["forskola"]["perioder"]["jan"] == {
        "utfall": 1,
        "periodbudget": 12,
        "kostnader": 2,
        "intakter": 1,
        "fjolar": 3,
    }
    # The file budgets January only: the year's budget is not four weeks' budget, so the
    # example's own stays (see test_a_whole_year_budget_is_the_years).
    assert parts["forskola"]["budget"] == 203420
    # Grundskola (Nolskolan's 2 499,50 kr): 2,4995 tkr → 2, half up only from ,5.
    assert parts["grundskola"]["perioder"]["feb"]["kostnader"] == 2
    # The nämnd's own: February 500 − 0,50 kr on cost accounts → 0,4995 tkr → 0.
    assert parts["un"]["perioder"]["feb"]["kostnader"] == 0
    # The nämnd: the sums of its entries' rounded figures (2 + 2 + 0, 1 + 0 + 0).
    assert entry["perioder"]["feb"]["kostnader"] == 4
    assert entry["perioder"]["feb"]["intakter"] == 1
    assert entry["perioder"]["feb"]["utfall"] == 3
    assert entry["budget"] == 782400
    # The example's March (delar1) and later are untouched: the file ends in February.
    assert entry["perioder"]["delar1"]["utfall"] == 196580


def test_a_whole_year_budget_is_the_years(tmp_path: Path) -> None:
    """Budget rows for all twelve months: the year's budget is their sum, 12 × 1 000 kr =
    12 tkr for Förskola; the period budget to February 2 tkr."""
    root = make_repo(tmp_path)
    ledger = tmp_path / "huvudbok.csv"
    rows = "".join(f"110;4010;2020{m:02};1000;Budget\n" for m in range(1, 13))
    ledger.write_text(CSV.replace("110;4010;202001;12000;Budget\n", rows), encoding="utf-8")
    status, out = run(str(ledger), "-C", str(root))
    assert status == 0, out
    parts = {e["organisation"]: e for e in un(root)["enheter"]}
    assert parts["forskola"]["budget"] == 12
    assert parts["forskola"]["perioder"]["feb"]["periodbudget"] == 2


def test_unmapped_ansvar_is_mk511_and_nothing_is_written(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    target = root / "2020" / "ekonomi.yaml"
    before = target.read_bytes()
    ledger = tmp_path / "huvudbok.csv"
    ledger.write_text(CSV + "130;4010;202001;10;Utfall\n130;4010;202002;10;Utfall\n")
    status, out = run(str(ledger), "-C", str(root))
    assert status == 1
    assert f"{ledger}:12:1: fel MK511 Ansvaret `130` i filen har ingen mappning" in out
    assert out.count("fel MK511") == 1  # one finding per ansvar, at its first row
    assert "varning MK511 Konto `8110`" in out  # a result account in no mapping
    assert "`ekonomi.importera.ansvar`" in out
    assert "Importen avbröts: inget har skrivits." in out
    assert target.read_bytes() == before


SIE = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#RAR 0 20200101 20201231
#DIM 1 Ansvar
#OBJEKT 1 "110" "Förskola"
#OBJEKT 1 "130" "Okänd enhet"
#PSALDO 0 202001 4010 {1 "110"} 1000.00
#PSALDO 0 202001 4010 {} 1500.00
#PSALDO 0 202001 4010 {1 "130"} 500.00
"""


def test_unmapped_ansvar_in_sie_at_its_record(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    ledger = tmp_path / "huvudbok.se"
    ledger.write_bytes(SIE.encode("cp437"))
    status, out = run(str(ledger), "-C", str(root))
    assert status == 1
    assert f"{ledger}:10:23: fel MK511 Ansvaret `130` (Okänd enhet) i filen" in out


def test_sie_written_in_utf8_reads_its_names(tmp_path: Path) -> None:
    """Some systems write UTF-8 while saying PC8: the names come out right, not as
    `Ok├ñnd`, since cp437's å, ä and ö are never valid UTF-8."""
    root = make_repo(tmp_path)
    ledger = tmp_path / "huvudbok.se"
    ledger.write_bytes(SIE.encode("utf-8"))
    status, out = run(str(ledger), "-C", str(root))
    assert status == 1
    assert "Ansvaret `130` (Okänd enhet) i filen" in out


def test_mapping_to_unknown_organisation_at_import(tmp_path: Path) -> None:
    root = make_repo(tmp_path, MAPPING.replace('"110": forskola', '"110": un-forskola'))
    ledger = tmp_path / "huvudbok.csv"
    ledger.write_text(CSV, encoding="utf-8")
    status, out = run(str(ledger), "-C", str(root))
    assert status == 1
    assert f"{ledger}:2:1: fel MK511 Ansvaret `110` i filen mappas till `un-forskola`, som " in out
    assert "inte finns i organisation.yaml" in out


def _mk511(root: Path) -> list[tuple[str, int, str, str]]:
    return [
        (x.path, x.line, x.severity, x.message) for x in check(root).findings if x.code == "MK511"
    ]


def test_static_mapping_wrong_and_right(tmp_path: Path) -> None:
    """Wrong: a code mapped to an organisation that does not exist, and to a bolag."""
    wrong = MAPPING.replace('"120": nolskolan', '"120": un-grund\n      "300": alebyggen')
    root = make_repo(tmp_path, wrong)
    text = (root / "malkoll.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, x in enumerate(text, start=1) if '"120": un-grund' in x)
    found = _mk511(root)
    errors = [x for x in found if x[2] == "fel"]
    assert errors == [
        (
            "malkoll.yaml",
            line,
            "fel",
            "Ansvaret `120` mappas till `un-grund`, som inte finns i organisation.yaml.",
        ),
        (
            "malkoll.yaml",
            line + 1,
            "fel",
            "Ansvaret `300` mappas till `alebyggen`, som är ett bolag; bolagen "
            "finns inte i kommunens ekonomisystem.",
        ),
    ]
    # Right: every code on an organisation under a nämnd; no errors remain.
    fixed = tmp_path / "fixed"
    fixed.mkdir()
    root = make_repo(fixed)
    assert [x for x in _mk511(root) if x[2] == "fel"] == []


def test_static_nämnd_without_ansvar_is_a_warning(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    warnings = [x for x in _mk511(root) if x[2] == "varning"]
    named = sorted(x[3].split("nämnden ")[1].split(" ")[0] for x in warnings)
    assert named == ["kfn", "ks", "oan", "sbn", "sn"]  # un has ansvar; alebyggen is a bolag
    everyone = MAPPING + "".join(
        f'      "{n}": {org}\n'
        for n, org in enumerate(("ks", "oan", "sbn", "kfn", "sn"), start=500)
    )
    fixed = tmp_path / "fixed"
    fixed.mkdir()
    root = make_repo(
        fixed, everyone.replace('    ignorera: ["999"]\n', "") + '    ignorera: ["999"]\n'
    )
    assert _mk511(root) == []


def test_no_mapping_no_finding(tmp_path: Path) -> None:
    root = make_repo(tmp_path, "")
    assert _mk511(root) == []
    ledger = tmp_path / "huvudbok.csv"
    ledger.write_text(CSV, encoding="utf-8")
    status, out = run(str(ledger), "-C", str(root))
    assert status == 2
    assert "ingen mappning" in out


def test_many_unmapped_ansvar_are_named_up_to_ten_and_then_counted(tmp_path: Path) -> None:
    """A first import with fifteen unmapped ansvar: ten named at their rows, then one error
    that counts the other five and points at `malkoll ekonomi mappning`."""
    root = make_repo(tmp_path)
    ledger = tmp_path / "huvudbok.csv"
    rows = "".join(f"{code};4010;202001;10;Utfall\n" for code in range(500, 515))
    ledger.write_text(CSV + rows, encoding="utf-8")
    status, out = run(str(ledger), "-C", str(root))
    assert status == 1
    assert out.count("fel MK511 Ansvaret `5") == 10
    assert "fel MK511 Ytterligare 5 ansvar i filen har ingen mappning i malkoll.yaml." in out
    assert "`malkoll ekonomi mappning FIL` skriver ut ett utkast till hela mappningen" in out
