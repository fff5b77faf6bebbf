"""Bad input to `malkoll ekonomi importera`: a Swedish message and exit status 2 (or an
MK511 finding and 1), never a traceback, and ekonomi.yaml byte for byte as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import malkoll.ledger
from test_ledger_mapping import CSV, make_repo, run

HEAD = "Ansvar;Konto;Period;Belopp;Typ\n"

BAD_CSV: list[tuple[bytes, str]] = [
    (HEAD.encode() + b"110;4010;202001;1\x00;Utfall\n", "styrtecknet 0x00"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "inte utf-8"),
    (b"PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "styrtecknet"),
    (HEAD.encode() + b"110;4010;202001;1e400;Utfall\n", "inte ett tal"),
    (HEAD.encode() + b"110;4010;202001;9999999999999999;Utfall\n", "orimligt stort"),
    (HEAD.encode() + b'110;4010;202001;"=HYPERLINK(""http://x"")";Utfall\n', "inte ett tal"),
    (HEAD.encode() + b"110;4010;202001;+1;Utfall\n", "inte ett tal"),
    (HEAD.encode() + b"110;4010;202001;-35860.17;Utfall\n", "decimaltecken: '.'"),
    (HEAD.encode() + b"110;4010;202013;1;Utfall\n", "inte en månad"),
    (HEAD.encode() + b"110;4010;202001;1;Prognos\n", "varken"),
    (HEAD.encode() + b";;;;\n" + b"110;;202001;1;Utfall\n", "saknar konto"),
    (b"Konto;Period;Belopp\n4010;202001;1\n", "kolumnen"),
    (HEAD.encode() + b"110;4010;202001;1\n", "raden har 4 kolumner, men rubrikraden ger 5"),
    (b"Ansvar,Konto,Period,Belopp,Typ\n110,4010,202001,1,Utfall\n", "avgransare: ','"),
    (HEAD.encode() + "110;4010;202001;1;Utfall\n".encode("utf-16"), "inte utf-8"),
    (HEAD.encode() + "110;4010;202001;1;Utf\xe4ll\n".encode("latin-1"), "kodning"),
    (b"", "tom"),
    (HEAD.encode() + b"110;4010;201901;1;Utfall\n", "Året 2019 har ingen mapp"),
]


@pytest.mark.parametrize(("data", "words"), BAD_CSV)
def test_bad_csv(tmp_path: Path, data: bytes, words: str) -> None:
    root = make_repo(tmp_path)
    target = root / "2020" / "ekonomi.yaml"
    before = target.read_bytes()
    ledger = tmp_path / "huvudbok.csv"
    ledger.write_bytes(data)
    status, out = run(str(ledger), "-C", str(root))
    assert status == 2, out
    assert words in out
    assert "Inget har ändrats." in out or "inget har ändrats" in out
    assert "Traceback" not in out
    assert target.read_bytes() == before


def test_year_from_the_option(tmp_path: Path) -> None:
    """`--ar 2020` on a file of 2019 alone: nothing to import for 2020."""
    root = make_repo(tmp_path)
    ledger = tmp_path / "huvudbok.csv"
    ledger.write_bytes(HEAD.encode() + b"110;4010;201901;1;Utfall\n")
    status, out = run(str(ledger), "-C", str(root), "--ar", "2020")
    assert status == 2
    assert "filen har inget utfall för 2020" in out


def test_formula_in_ansvar_is_a_finding(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    ledger = tmp_path / "huvudbok.csv"
    ledger.write_text(CSV + "\"=cmd|' /C calc'!A0\";4010;202001;1;Utfall\n", encoding="utf-8")
    status, out = run(str(ledger), "-C", str(root))
    assert status == 1
    assert "MK511 Ansvaret `=cmd|' /C calc'!A0` i filen har ingen mappning" in out


def test_ansvar_with_control_characters_is_shown_escaped(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    ledger = tmp_path / "huvudbok.csv"
    ledger.write_text(CSV + '"a\u202eb";4010;202001;1;Utfall\n', encoding="utf-8")
    status, out = run(str(ledger), "-C", str(root))
    assert status == 1
    assert "\u202e" not in out
    assert "\\u202e" in out


def test_windows_1252_when_told(tmp_path: Path) -> None:
    mapping = '  importera:\n    ansvar: {"110": forskola}\n    csv: {kodning: windows-1252}\n'
    root = make_repo(tmp_path, mapping)
    ledger = tmp_path / "huvudbok.csv"
    ledger.write_bytes(
        "Ansvar;Konto;Period;Belopp;Text\n110;4010;202001;1000;Lön åäö\n".encode("cp1252")
    )
    status, out = run(str(ledger), "-C", str(root))
    assert status == 0, out


def test_too_big(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(malkoll.ledger, "MAX_BYTES", 100)
    root = make_repo(tmp_path)
    ledger = tmp_path / "huvudbok.csv"
    ledger.write_text(CSV, encoding="utf-8")
    status, out = run(str(ledger), "-C", str(root))
    assert status == 2
    assert "större än gränsen" in out


def test_missing_file_and_a_folder(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    status, out = run(str(tmp_path / "saknas.csv"), "-C", str(root))
    assert status == 2
    assert "kan inte läsas" in out
    status, out = run(str(tmp_path), "-C", str(root))
    assert status == 2
    assert "inte en vanlig fil" in out


BAD_SIE = [
    (b'#FLAGGA 0\n#PSALDO 0 202001 4010 {1 "110"} 12,50\n', "2:33", "SIE-belopp"),
    (b"#FLAGGA 0\n#KONTO 4010 A\x00B\n", "2:14", "styrtecknet"),
    (b"#FORMAT UTF8\n", "1:9", "PC8"),
    (b"#RAR 0 20200701 20210630\n", "", "kalenderår"),
    (b" \r\n", "", "filen är tom"),
    (b'#PSALDO 0 202001 4010 {1 "110"} 100000000000000000\n', "1:33", "orimligt stort"),
    # last year's record (−1) with this year's period: it would count as 2020's money
    (
        b"#RAR 0 20200101 20201231\n#RAR -1 20190101 20191231\n"
        b'#PSALDO -1 202001 4010 {1 "110"} 150.00\n',
        "3:24",
        "ligger inte i räkenskapsår -1",
    ),
]


@pytest.mark.parametrize(("data", "where", "words"), BAD_SIE)
def test_bad_sie(tmp_path: Path, data: bytes, where: str, words: str) -> None:
    root = make_repo(tmp_path)
    target = root / "2020" / "ekonomi.yaml"
    before = target.read_bytes()
    ledger = tmp_path / "huvudbok.se"
    ledger.write_bytes(data)
    status, out = run(str(ledger), "-C", str(root))
    assert status == 2, out
    assert words in out
    assert (f"huvudbok.se:{where}:" if where else "huvudbok.se: ") in out, out
    assert target.read_bytes() == before


def _import(tmp_path: Path, root: Path) -> tuple[int, str]:
    ledger = tmp_path / "huvudbok.csv"
    ledger.write_text(CSV, encoding="utf-8")
    return run(str(ledger), "-C", str(root))


def test_economy_with_yaml_errors_is_not_written(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    target = root / "2020" / "ekonomi.yaml"
    target.write_text("namnder:\n  - organisation: un\n    budget: [1,\n", encoding="utf-8")
    before = target.read_bytes()
    status, out = _import(tmp_path, root)
    assert status == 2
    assert "inte giltig YAML" in out
    assert target.read_bytes() == before


@pytest.mark.parametrize("value", ["2020-02-30", "2020-13-01"])
def test_economy_with_a_date_that_does_not_exist_is_not_written(tmp_path: Path, value) -> None:
    """Valid YAML that ruamel cannot construct (a 30 February) is refused, not a traceback."""
    root = make_repo(tmp_path)
    target = root / "2020" / "ekonomi.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("namnder:", f"uppdaterad: {value}\nnamnder:", 1), "utf-8")
    before = target.read_bytes()
    status, out = _import(tmp_path, root)
    assert status == 2
    assert "ett datum som inte finns (2020-02-30); rätta det eller skriv det inom" in out
    assert target.read_bytes() == before


def test_economy_with_an_alias_is_not_written(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    target = root / "2020" / "ekonomi.yaml"
    target.write_text(
        "namnder:\n  - organisation: un\n    budget: 1\n    perioder:\n"
        "      jan: &a {utfall: 1}\n      feb: *a\n",
        encoding="utf-8",
    )
    before = target.read_bytes()
    status, out = _import(tmp_path, root)
    assert status == 2
    assert "alias" in out
    assert target.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_economy_behind_a_link_is_refused(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    target = root / "2020" / "ekonomi.yaml"
    outside = tmp_path / "annan.yaml"
    outside.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(outside)
    before = outside.read_bytes()
    status, out = _import(tmp_path, root)
    assert status == 2
    assert "symbolisk länk" in out
    assert outside.read_bytes() == before
    assert target.is_symlink()


def test_new_file_and_a_new_nämnd(tmp_path: Path) -> None:
    """Without ekonomi.yaml the import writes one; a nämnd missing is added."""
    root = make_repo(tmp_path)
    (root / "2020" / "ekonomi.yaml").unlink()
    status, out = _import(tmp_path, root)
    assert status == 0, out
    assert "un (ny i filen)" in out
    assert "3 enheter ändrade (un, forskola, grundskola)" in out  # which ones, by id
    text = (root / "2020" / "ekonomi.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Budget, utfall och prognos per nämnd, i tkr")
    # January's budget is no year's budget: the new entry has none (validera asks for it)
    assert "  - organisation: un\n    perioder:\n      jan: {utfall: 3, periodbudget: 12," in text
    status, out = _import(tmp_path, root)
    assert "Inget ändrades." in out
