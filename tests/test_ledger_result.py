"""`malkoll ekonomi importera` and the result lines below the nämnder: the accounts of
`ekonomi.importera.poster` and the ansvar of `ekonomi.importera.ansvar_poster` into
`ÅÅÅÅ/bokslut.yaml` `poster`, figures by hand for a small CSV (signs, one rounding,
accumulation to delår 1 = March); what a person wrote in bokslut.yaml untouched; a line
added, the file created; MK511 for an unknown line (failing and fixed); ekonomi.yaml and
bokslut.yaml both written or neither; a second import a no-op."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from helpers import EXAMPLES, ale_with_mapping, check
from malkoll.cli.root import app

ALE = EXAMPLES / "ale-2020"

MAPPING = """  importera:
    ansvar:
      "100": un
    ansvar_poster:
      "990": finansforvaltning
    poster:
      "80": skatteintakter
      "84": finansnetto
      "85": finansnetto
      "859": jamforelsestorande
"""

BUDGET = "".join(f"990;8010;2020{m:02};-100 000,04;Budget\n" for m in range(1, 13))
CSV = (
    """Ansvar;Konto;Period;Belopp;Typ
100;4010;202001;1000;Utfall
990;7990;202001;1 500,00;Utfall
990;7990;202002;1 500,00;Utfall
990;3110;202003;-200,00;Utfall
990;7990;202004;9 000,00;Utfall
;8010;202001;-100 000,40;Utfall
100;8010;202002;-100 000,20;Utfall
777;8010;202003;-100 499,40;Utfall
990;8010;202004;-50 000;Utfall
990;8410;202003;-300,49;Utfall
990;8510;202003;1 800,00;Utfall
990;8590;202002;1 000,00;Utfall
990;8010;201903;-99 999;Utfall
990;1930;202001;5000;Utfall
"""
    + BUDGET
)
"""By hand, in tkr, signs as in the resultaträkning (the file's income negative turned
positive), January to March (delar1; the file reaches April, not August):

- finansforvaltning (ansvar 990 on konton 3–7): costs 1 500,00 + 1 500,00, income 200,00:
  −2 800,00 kr = −2,8 tkr → −3 (each month rounded first would give −2 − 2 + 0 = −4);
  April's 9 000 is after March;
- skatteintakter (80xx on any ansvar: none, a nämnd's, an unmapped one, 990):
  100 000,40 + 100 000,20 + 100 499,40 = 300 500,00 kr = 300,5 tkr → 301 (half up);
  the year's budget 12 × 100 000,04 = 1 200 000,48 kr → 1 200; 2019 left out;
- finansnetto (84 and 85): 300,49 − 1 800,00 = −1 499,51 kr → −1;
- jamforelsestorande (859, the longest prefix, not 85): −1 000,00 kr → −1, a new line;
- 1930 (a balance account, in no mapping): left out.
"""


def make_repo(tmp_path: Path, mapping: str = MAPPING) -> Path:
    return ale_with_mapping(tmp_path, mapping)


def write_csv(root: Path, text: str = CSV) -> Path:
    path = root / "huvudbok.csv"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["ekonomi", "importera", *args], catch_exceptions=False)
    return result.exit_code, result.output


def posts(root: Path) -> dict[str, dict]:
    doc = yaml.safe_load((root / "2020" / "bokslut.yaml").read_text(encoding="utf-8"))
    return {p["post"]: p for p in doc["poster"]}


def test_figures_by_hand(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    code, out = run(str(write_csv(root)), "-C", str(root))
    assert code == 0, out
    got = posts(root)
    assert got["finansforvaltning"]["perioder"]["delar1"] == {"utfall": -3, "prognos": 5500}
    assert got["skatteintakter"]["perioder"]["delar1"] == {"utfall": 301, "prognos": -42000}
    assert got["skatteintakter"]["budget"] == 1200
    assert got["finansnetto"]["perioder"]["delar1"]["utfall"] == -1
    assert got["jamforelsestorande"] == {
        "post": "jamforelsestorande",
        "perioder": {"delar1": {"utfall": -1}},
    }
    # the file reaches April: delar2 and helar are as they were, and the lines without a
    # whole year's budget in the file keep theirs
    assert got["skatteintakter"]["perioder"]["delar2"]["utfall"] == 913800
    assert got["finansforvaltning"]["budget"] == -74800
    assert got["generella_statsbidrag"]["perioder"]["delar1"]["utfall"] == 101900
    assert "skatteintakter: 1 period uppdaterad (delar1 utfall 344\xa0100 → 301), budget " in out
    assert "jamforelsestorande (ny i filen): 1 period uppdaterad (delar1 utfall – → −1)" in out
    assert "Skrev 2020/ekonomi.yaml och 2020/bokslut.yaml." in out


def test_what_a_person_wrote_stays(tmp_path: Path) -> None:
    """The forecasts, the comments, the alignment (`helar:  {`), balanskrav and beslut
    are byte for byte as they were: the only changes are the figures, and the new line
    at the end of `poster`."""
    root = make_repo(tmp_path)
    target = root / "2020" / "bokslut.yaml"
    before = target.read_text(encoding="utf-8")
    code, out = run(str(write_csv(root)), "-C", str(root))
    assert code == 0, out
    after = target.read_text(encoding="utf-8")
    expected = (
        before.replace(
            "delar1: {utfall: -17900, prognos: 5500}", "delar1: {utfall: -3, prognos: 5500}"
        )
        .replace("budget: 1398000", "budget: 1200")
        .replace(
            "delar1: {utfall: 344100, prognos: -42000}", "delar1: {utfall: 301, prognos: -42000}"
        )
        .replace("delar1: {utfall: -2800, prognos: 750}", "delar1: {utfall: -1, prognos: 750}")
        .replace(
            "      helar:  {utfall: -10900}\n",
            "      helar:  {utfall: -10900}\n"
            "  - post: jamforelsestorande\n"
            "    perioder:\n"
            "      delar1: {utfall: -1}\n",
        )
    )
    assert after == expected


def test_a_second_import_changes_no_byte(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    ledger = write_csv(root)
    assert run(str(ledger), "-C", str(root))[0] == 0
    files = [root / "2020" / "ekonomi.yaml", root / "2020" / "bokslut.yaml"]
    before = [f.read_bytes() for f in files]
    code, out = run(str(ledger), "-C", str(root))
    assert code == 0, out
    assert out.endswith("Inget ändrades.\n")
    assert [f.read_bytes() for f in files] == before


def test_a_dry_run_writes_neither(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    files = [root / "2020" / "ekonomi.yaml", root / "2020" / "bokslut.yaml"]
    before = [f.read_bytes() for f in files]
    code, out = run(str(write_csv(root)), "-C", str(root), "--torrkorning")
    assert code == 0, out
    assert "Torrkörning: 2020/ekonomi.yaml och 2020/bokslut.yaml skrevs inte." in out
    assert [f.read_bytes() for f in files] == before


def test_bokslut_is_created(tmp_path: Path) -> None:
    """Without bokslut.yaml the import makes one with `poster:` alone, in the order of
    the result line."""
    root = make_repo(tmp_path)
    target = root / "2020" / "bokslut.yaml"
    target.unlink()
    code, out = run(str(write_csv(root)), "-C", str(root))
    assert code == 0, out
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Kommunens resultat under nämndernas nettokostnad, i tkr,")
    doc = yaml.safe_load(text)
    assert list(doc) == ["poster"]
    assert [p["post"] for p in doc["poster"]] == [
        "finansforvaltning",
        "jamforelsestorande",
        "skatteintakter",
        "finansnetto",
    ]
    assert doc["poster"][2] == {
        "post": "skatteintakter",
        "budget": 1200,
        "perioder": {"delar1": {"utfall": 301}},
    }
    # a file malkoll reads: no finding of its format (MK1xx)
    assert not [x for x in check(root).findings if x.path == "2020/bokslut.yaml" and x.code < "MK2"]


def test_unknown_result_line_is_mk511(tmp_path: Path) -> None:
    """A line malkoll does not know, without a `namn` in bokslut.yaml: MK511 in validera at
    the mapping's key, and the import writes nothing; fixed by naming it in bokslut.yaml."""
    mapping = MAPPING.replace('"84": finansnetto', '"84": finans')
    root = make_repo(tmp_path, mapping)
    lines = (root / "malkoll.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, x in enumerate(lines, start=1) if '"84": finans' in x)
    errors = [x for x in check(root).findings if x.code == "MK511" and x.severity == "fel"]
    assert [(x.path, x.line) for x in errors] == [("malkoll.yaml", line)]
    message = errors[0].message
    assert message == (
        "Kontot `84` under `ekonomi.importera.poster` förs till resultatposten `finans`, som "
        "malkoll inte känner till."
    )
    files = [root / "2020" / "ekonomi.yaml", root / "2020" / "bokslut.yaml"]
    before = [f.read_bytes() for f in files]
    code, out = run(str(write_csv(root)), "-C", str(root))
    assert code == 1
    assert f"malkoll.yaml:{line}:" in out
    assert "Importen avbröts: inget har skrivits." in out
    assert [f.read_bytes() for f in files] == before
    # fixed: the municipality's own line, with its name
    bokslut = root / "2020" / "bokslut.yaml"
    bokslut.write_text(
        bokslut.read_text(encoding="utf-8").replace(
            "\nposter:\n", "\nposter:\n  - post: finans\n    namn: Finansiella poster\n"
        ),
        encoding="utf-8",
    )
    assert not [x for x in check(root).findings if x.code == "MK511" and x.severity == "fel"]
    code, out = run(str(write_csv(root)), "-C", str(root))
    assert code == 0, out
    assert posts(root)["finans"]["perioder"]["delar1"] == {"utfall": 0}  # 8410: 300,49


def test_a_mapping_that_cannot_work_is_mk511(tmp_path: Path) -> None:
    """An account of `poster` inside `konton`, and an ansvar that is both a nämnd's and a
    result line's: MK511 at each key; fixed by taking them out."""
    mapping = MAPPING.replace(
        '"80": skatteintakter', '"80": skatteintakter\n      "79": finansforvaltning'
    )
    mapping = mapping.replace('"100": un\n', '"100": un\n      "990": un\n')
    root = make_repo(tmp_path, mapping)
    lines = (root / "malkoll.yaml").read_text(encoding="utf-8").splitlines()
    found = [
        (x.line, x.message)
        for x in check(root).findings
        if x.code == "MK511" and x.severity == "fel"
    ]
    assert [m.split(" under")[0] for _, m in found] == ["Ansvaret `990` står både", "Kontot `79`"]
    assert [line for line, _ in found] == [
        next(i for i, x in enumerate(lines, start=1) if '"990": finansforvaltning' in x),
        next(i for i, x in enumerate(lines, start=1) if '"79": finansforvaltning' in x),
    ]
    fixed = make_repo(tmp_path / "fixed")
    assert not [x for x in check(fixed).findings if x.code == "MK511" and x.severity == "fel"]


@pytest.mark.parametrize("kind", ["symlink", "folder"])
def test_both_files_or_neither(tmp_path: Path, kind: str) -> None:
    """bokslut.yaml that cannot be written (a link, a folder): the import refuses before
    anything is written, so ekonomi.yaml, which it would have changed, is as it was."""
    root = make_repo(tmp_path)
    target = root / "2020" / "bokslut.yaml"
    other = root / "bokslut-annat.yaml"
    shutil.move(target, other)
    if kind == "symlink":
        target.symlink_to(other)
    else:
        target.mkdir()
    ekonomi = root / "2020" / "ekonomi.yaml"
    before = ekonomi.read_bytes()
    code, out = run(str(write_csv(root)), "-C", str(root))
    assert code == 2, out
    assert "2020/bokslut.yaml är inte en vanlig fil" in out
    assert "Inget har ändrats." in out
    assert ekonomi.read_bytes() == before
    assert run(str(write_csv(root)), "-C", str(root), "--torrkorning")[0] == 2


def test_a_file_without_result_lines_leaves_bokslut_alone(tmp_path: Path) -> None:
    """No amount on a result line: bokslut.yaml is neither read nor written (a broken one
    stays broken, for validera to report)."""
    root = make_repo(tmp_path)
    target = root / "2020" / "bokslut.yaml"
    target.write_text("poster: [\n", encoding="utf-8")
    code, out = run(
        str(write_csv(root, "Ansvar;Konto;Period;Belopp\n100;4010;202001;1000\n")), "-C", str(root)
    )
    assert code == 0, out
    assert "bokslut" not in out
    assert target.read_text(encoding="utf-8") == "poster: [\n"


def test_sie_result_lines_with_and_without_ansvar(tmp_path: Path) -> None:
    """SIE: a result line's account booked per ansvar is read from those records (its
    total `{}` repeats them and is left out); one booked only without ansvar is read from
    its totals. 8010: 1 000 on ansvar 990, repeated as the total; 8410 only as a total."""
    root = make_repo(tmp_path)
    sie = "\r\n".join(
        [
            "#FLAGGA 0",
            "#SIETYP 4",
            "#RAR 0 20200101 20201231",
            '#DIM 1 "Ansvar"',
            '#OBJEKT 1 "100" "Utbildningsnämnden"',
            '#PSALDO 0 202001 4010 {1 "100"} 1000.00',
            '#PSALDO 0 202003 8010 {1 "990"} -1000000.00',
            "#PSALDO 0 202003 8010 {} -1000000.00",
            "#PSALDO 0 202002 8410 {} -2500.00",
            "",
        ]
    )
    path = root / "huvudbok.se"
    path.write_bytes(sie.encode("cp437"))
    code, out = run(str(path), "-C", str(root))
    assert code == 0, out
    got = posts(root)
    assert got["skatteintakter"]["perioder"]["delar1"]["utfall"] == 1000
    assert got["finansnetto"]["perioder"]["delar1"]["utfall"] == 3  # 2,5 tkr half up
