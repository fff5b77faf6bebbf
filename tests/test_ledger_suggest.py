"""`malkoll ekonomi mappning`: the draft of `ekonomi.importera.ansvar` from the ledger
file's names. On the example without its mapping, most of the real mapping is proposed
and nothing wrongly; ties, a bolag, an organisation outside a nämnd and hostile names
give no proposal or a safe one; mapped and ignored codes are shown as they are; the
printed block is YAML that reads back as the proposals."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from helpers import EXAMPLES, ale_with_mapping, edit_file
from malkoll.cli.root import app
from malkoll.ledger.suggest import normalise

ALE = EXAMPLES / "ale-2020"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["ekonomi", "mappning", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def draft(out: str) -> dict:
    """The printed block as YAML; it must parse."""
    doc = yaml.safe_load(out)
    assert isinstance(doc, dict), out
    return doc


def sie(names: dict[str, str], account: str = "4010") -> bytes:
    """A small SIE 4 file: each ansvar with its `#OBJEKT` name and one amount."""

    def quoted(text: str) -> str:
        return '"' + text.replace('"', '\\"') + '"'  # SIE escapes only the quote

    lines = ["#FLAGGA 0", "#SIETYP 4", "#RAR 0 20200101 20201231"]
    lines += [f"#OBJEKT 1 {quoted(code)} {quoted(name)}" for code, name in names.items()]
    lines += [f"#PSALDO 0 202001 {account} {{1 {quoted(code)}}} 100.00" for code in names]
    return ("\n".join(lines) + "\n").encode("utf-8")


def repo(tmp_path: Path, mapping: str = "") -> Path:
    return ale_with_mapping(tmp_path, mapping)


def the_example_mapping() -> dict[str, str]:
    settings = yaml.safe_load((ALE / "malkoll.yaml").read_text(encoding="utf-8"))
    mapping: dict[str, str] = settings["ekonomi"]["importera"]["ansvar"]
    return mapping


@pytest.mark.parametrize("name", ["huvudbok-2020.se", "huvudbok-2020.csv"])
def test_the_example_without_its_mapping(tmp_path: Path, name: str) -> None:
    root = repo(tmp_path)
    settings_before = (root / "malkoll.yaml").read_bytes()
    status, out, _ = run(str(root / "ekonomisystem" / name), "-C", str(root))
    assert status == 0, out
    first = out.splitlines()[0]
    assert first.lstrip().startswith("# Utkast")
    assert "inget har skrivits" in first
    proposed = draft(out)["ansvar"]
    real = the_example_mapping()
    right = [code for code, org in proposed.items() if real.get(code) == org]
    # none is wrong: every proposal is the example's own mapping
    assert sorted(right) == sorted(proposed), {c: (o, real.get(c)) for c, o in proposed.items()}
    # 35 of the 36 mapped ansvar: the exact names (Nolskolan), the near ones ("Sektorsledning
    # omsorg och arbetsmarknad" ~ "Sektor omsorg och arbetsmarknad", ratio 0.886), those
    # whose every word begins a word of the name ("Sektor utbildning" in "Sektorsledning
    # utbildning", and sektor-ks, not ks, for "Sektorsledning kommunstyrelsen") and the
    # contained ones ("Grundskola, gemensamt" holds Grundskola). Left without a proposal:
    # 2020 (Skolskjuts) and 9900, which is no organisation's.
    assert len(real) == 36
    assert len(right) == 35
    unproposed = ["2020", "9900"]
    for code in unproposed:
        assert f'# "{code}": ?   # ' in out
    assert '      "1010": sektor-ks   # Sektorsledning kommunstyrelsen\n' in out
    assert '      "2210": nolskolan   # Nolskolan\n' in out
    assert out.splitlines()[-1].strip() == (
        "# 35 föreslagna, 2 utan förslag, 0 redan mappade, 0 ignorerade."
    )
    # in code order
    codes = [line.split('"')[1] for line in out.splitlines() if '"' in line.split(":")[0]]
    assert codes == sorted(codes, key=int)
    # nothing is written
    assert (root / "malkoll.yaml").read_bytes() == settings_before
    assert (root / "2020" / "ekonomi.yaml").read_bytes() == (
        ALE / "2020" / "ekonomi.yaml"
    ).read_bytes()


def test_the_example_with_its_mapping_shows_it_as_it_is() -> None:
    status, out, _ = run(str(ALE / "ekonomisystem" / "huvudbok-2020.se"), "-C", str(ALE))
    assert status == 0, out
    assert draft(out)["ansvar"] == the_example_mapping()
    assert '"1010": sektor-ks   # redan mappad – Sektorsledning kommunstyrelsen' in out
    assert '# "9900": står under ansvar_poster (finansforvaltning)   # Finansförvaltning' in out
    assert out.splitlines()[-1].strip() == (
        "# 0 föreslagna, 0 utan förslag, 36 redan mappade, 0 ignorerade."
    )


MAPPING = """  importera:
    ansvar:
      "2210": aroseniusskolan
      "7777": finns-inte
    ignorera: ["2240", "8888"]
"""


def test_mapped_and_ignored_codes_are_kept(tmp_path: Path) -> None:
    root = repo(tmp_path, MAPPING)
    ledger = tmp_path / "bok.se"
    names = {"2210": "Nolskolan", "2230": "Surteskolan", "2240": "Himlaskolan"}
    ledger.write_bytes(sie(names))
    status, out, _ = run(str(ledger), "-C", str(root))
    assert status == 0, out
    doc = draft(out)
    # the mapping stays as malkoll.yaml has it, even where the name says otherwise
    assert doc["ansvar"] == {
        "2210": "aroseniusskolan",
        "2230": "surteskolan",
        "7777": "finns-inte",
    }
    assert doc["ignorera"] == ["2240", "8888"]
    assert '"2210": aroseniusskolan   # redan mappad – Nolskolan' in out
    assert (
        '"7777": finns-inte   # redan mappad, till en organisation som inte finns i '
        "organisation.yaml – inte i filen" in out
    )
    assert '- "2240"   # Himlaskolan' in out
    assert '- "8888"   # inte i filen' in out
    assert out.splitlines()[-1].strip() == (
        "# 1 föreslagna, 0 utan förslag, 2 redan mappade, 2 ignorerade."
    )


def beside_lokalvard(root: Path, *entries: str) -> None:
    """Organisations added to organisation.yaml next to Lokalvård, in the same nämnd."""
    line = "        - {id: lokalvard, namn: Lokalvård, typ: verksamhet}\n"
    edit_file(root, "organisation.yaml", line, line + "".join(f"        - {e}\n" for e in entries))


ORGS = """
- {id: fristaende, namn: Fristående enhet, typ: enhet}
"""


def test_ties_a_bolag_and_an_organisation_outside_a_namnd(tmp_path: Path) -> None:
    root = repo(tmp_path)
    beside_lokalvard(
        root,
        "{id: sn-ekonomi, namn: Ekonomi, typ: verksamhet}",
        "{id: sn-skola-a, namn: Skola norr, typ: verksamhet}",
        "{id: sn-skola-b, namn: Skola söder, typ: verksamhet}",
    )
    with (root / "organisation.yaml").open("a", encoding="utf-8") as fh:
        fh.write(ORGS)
    ledger = tmp_path / "bok.se"
    names = {
        "1100": "Ekonomi",  # ks-ekonomi and sn-ekonomi: two with the same name
        "1500": "Skola västra",  # as like sn-skola-a as sn-skola-b
        "1600": "Skola",  # held by both
        "7000": "AB Alebyggen",  # the bolag: never proposed
        "7100": "Fristående enhet",  # under no nämnd: never proposed
        "7200": "",
    }
    ledger.write_bytes(sie(names))
    status, out, _ = run(str(ledger), "-C", str(root))
    assert status == 0, out
    assert draft(out)["ansvar"] == {}
    assert "ansvar: {}" in out
    lines = [line.strip() for line in out.splitlines()]
    assert (
        '# "1100": ?   # Ekonomi – flera organisationer heter så: ks-ekonomi, sn-ekonomi' in lines
    )
    assert any(line.startswith('# "1500": ?   # Skola västra – ') for line in lines)
    assert '# "1600": ?   # Skola – flera organisationer passar: sn-skola-a, sn-skola-b' in lines
    assert (
        '# "7000": ?   # AB Alebyggen – liknar alebyggen, som är ett bolag; '
        "bolagen finns inte i kommunens ekonomisystem" in lines
    )
    assert (
        '# "7100": ?   # Fristående enhet – liknar fristaende, som inte ligger under någon '
        "nämnd i organisation.yaml" in lines
    )
    assert '# "7200": ?   # (inget namn i filen) – filen har inget namn för ansvaret' in lines
    assert lines[-1] == "# 0 föreslagna, 6 utan förslag, 0 redan mappade, 0 ignorerade."


def test_hostile_names_and_codes(tmp_path: Path) -> None:
    root = repo(tmp_path)
    ledger = tmp_path / "bok.se"
    evil_code = 'x"#\\ \u2028y\u202e'
    names = {
        evil_code: "Nolskolan\u202e",  # a hostile code with a name that matches
        "2999": 'Ond "citat" # inte en kommentar\u2028\x85ny rad\u202eevil\tflik',
        "3000": "Å" * 5000,  # very long
        "yes": "Surteskolan",
    }
    ledger.write_bytes(sie(names))
    status, out, _ = run(str(ledger), "-C", str(root))
    assert status == 0, out
    # nothing that a terminal or YAML takes as a line break or a direction
    for bad in ("\u2028", "\x85", "\u202e", "\t"):
        assert bad not in out
    assert draft(out)["ansvar"] == {evil_code: "nolskolan", "yes": "surteskolan"}
    assert '"x\\"#\\\\ \\u2028y\\u202e": nolskolan   # Nolskolan\\u202e' in out
    assert '# "2999": ?   # Ond "citat" # inte en kommentar ny rad\\u202eevil flik' in out
    long_line = next(line for line in out.splitlines() if '"3000"' in line)
    assert len(long_line) < 200
    assert "…" in long_line


def test_organisation_ids_that_yaml_would_read_otherwise_are_quoted(tmp_path: Path) -> None:
    root = repo(tmp_path)
    beside_lokalvard(
        root,
        '{id: "on", namn: Städ, typ: verksamhet}',
        '{id: "0123", namn: Vaktmästeri, typ: verksamhet}',
    )
    ledger = tmp_path / "bok.se"
    ledger.write_bytes(sie({"6500": "Städ", "6600": "Vaktmästeri"}))
    status, out, _ = run(str(ledger), "-C", str(root))
    assert status == 0, out
    assert draft(out)["ansvar"] == {"6500": "on", "6600": "0123"}
    assert '"6500": "on"   # Städ' in out


def test_csv_names_from_the_configured_column_or_none(tmp_path: Path) -> None:
    root = repo(tmp_path, "  importera:\n    csv:\n      kolumner: {ansvarsnamn: Namn}\n")
    ledger = tmp_path / "bok.csv"
    ledger.write_text(
        "Ansvar;Namn;Konto;Period;Belopp\n"
        "2210;;4010;202001;100\n"  # the first row's name is blank: a later one is used
        "2210;Nolskolan;4010;202002;100\n"
        "2230;Surteskolan;8010;202001;100\n"  # not an account of the nämnder: not listed
        "2240;Himlaskolan;4010;202001;100\n",
        encoding="utf-8",
    )
    status, out, _ = run(str(ledger), "-C", str(root))
    assert status == 0, out
    assert draft(out)["ansvar"] == {"2210": "nolskolan", "2240": "himlaskolan"}
    assert '"2230"' not in out
    # without the column, no names and no proposals; the import reads the file as before
    ledger.write_text("Ansvar;Konto;Period;Belopp\n2210;4010;202001;100\n", encoding="utf-8")
    status, out, _ = run(str(ledger), "-C", str(root))
    assert status == 0, out
    assert '# "2210": ?   # (inget namn i filen) – filen har inget namn för ansvaret' in out


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"#FLAGGA 0\n#KONTO 4010 A\x00B\n", "styrtecknet"),
        (b"", "filen är tom"),
    ],
)
def test_unreadable_file(tmp_path: Path, data: bytes, words: str) -> None:
    root = repo(tmp_path)
    ledger = tmp_path / "bok.se"
    ledger.write_bytes(data)
    status, out, err = run(str(ledger), "-C", str(root))
    assert status == 2
    assert words in err
    assert "Traceback" not in out + err
    status, _, err = run(str(tmp_path / "saknas.se"), "-C", str(root))
    assert status == 2
    assert "filen kan inte läsas" in err


def test_normalise() -> None:
    assert normalise("  Individ-  och Familje--omsorg, GEMENSAMT ") == (
        "individ och familje omsorg gemensamt"
    )
    assert normalise("ÄLDREOMSORG") == "äldreomsorg"


def test_every_word_beginning_a_word_of_the_name_takes_the_most_words() -> None:
    """ "Sektor utbildning" begins both words of "Sektorsledning utbildning"; a one-word
    name never matches so (Skola is no prefix match of Skolskjuts anyway); two alike are a
    tie."""
    from malkoll.ledger.suggest import _prefixed

    orgs = [("sektor-u", "sektor utbildning"), ("u", "utbildning"), ("s", "skola")]
    assert _prefixed("sektorsledning utbildning", orgs) == ["sektor-u"]
    assert _prefixed("skolskjuts", orgs) == []
    both = [*orgs, ("sektor-u2", "sektor utbildningen")]
    assert _prefixed("sektorsledning utbildningens kansli", both) == ["sektor-u", "sektor-u2"]
