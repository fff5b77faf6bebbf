"""`malkoll ekonomi importera` against the SIE file's own sums (MK517, `ledger.selfcheck`):
money booked without an ansvar, that the records per ansvar leave out, is a warning at the
`#RES` (or the account's first `{}` total) and the import still writes; the fix, the same
money on an ansvar, is clean; a file whose `#PSALDO` are accumulated balances is refused;
a result line's account with `#RES` only is read as the outcome to the file's last month.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from helpers import ale_with_mapping
from malkoll.cli.root import app
from malkoll.ledger.mapping import SHOWN
from malkoll.ledger.rows import Ledger, Row
from malkoll.ledger.selfcheck import selfcheck

MAPPING = """  importera:
    ansvar:
      "100": un
    poster:
      "80": skatteintakter
"""

HEAD = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#RAR 0 20200101 20201231
#DIM 1 "Ansvar"
#OBJEKT 1 "100" "Utbildning"
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["ekonomi", "importera", *args], catch_exceptions=False)
    return result.exit_code, result.output


def imported(tmp_path: Path, body: str) -> tuple[int, str, Path]:
    root = ale_with_mapping(tmp_path, MAPPING)
    path = root / "huvudbok.se"
    path.write_text(HEAD + body, encoding="cp437")
    code, out = run(str(path), "-C", str(root))
    return code, out, root


def months(root: Path) -> dict[str, dict]:
    doc = yaml.safe_load((root / "2020" / "ekonomi.yaml").read_text(encoding="utf-8"))
    return next(n for n in doc["namnder"] if n["organisation"] == "un")["perioder"]


# The account 4010 in January and February: 1 000 kr on ansvar 100 each month, and the
# account's own totals (`{}`) 1 000 and 1 250: 250 kr in February were booked without an
# ansvar. The year's result (#RES, line 11 with the head's six lines) is 2 250.
WRONG = """#PSALDO 0 202001 4010 {1 "100"} 1000.00
#PSALDO 0 202002 4010 {1 "100"} 1000.00
#PSALDO 0 202001 4010 {} 1000.00
#PSALDO 0 202002 4010 {} 1250.00
#RES 0 4010 2250.00
"""
RIGHT = WRONG.replace('202002 4010 {1 "100"} 1000.00', '202002 4010 {1 "100"} 1250.00')


def test_money_without_ansvar_is_a_warning_at_res_and_the_import_writes(tmp_path):
    code, out, root = imported(tmp_path, WRONG)
    assert code == 0, out
    assert (
        "huvudbok.se:11:1: varning MK517 Konto `4010`: utfallet per ansvar för 2020 summerar "
        "till 2\u00a0000,00 kr, men #RES 0 är 2\u00a0250,00 kr (skillnad 250,00 kr); "
        "skillnaden kommer inte med i importen."
    ) in out
    assert "Skrev 2020/ekonomi.yaml" in out
    # what was read is written, to the unit (tkr): 1 000 kr and 2 000 kr accumulated
    assert months(root)["jan"]["utfall"] == 1
    assert months(root)["feb"]["utfall"] == 2


def test_the_same_money_on_an_ansvar_is_clean(tmp_path):
    code, out, root = imported(tmp_path, RIGHT)
    assert code == 0, out
    assert "MK517" not in out
    assert months(root)["feb"]["utfall"] == 2  # 2 250 kr, rounded once to whole tkr


def test_without_res_the_accounts_totals_are_the_reference(tmp_path):
    body = "".join(line + "\n" for line in WRONG.splitlines() if not line.startswith("#RES"))
    code, out, _ = imported(tmp_path, body)
    assert code == 0, out
    # at the first total's line (9), the sum of the totals 2 250
    assert "huvudbok.se:9:1: varning MK517 Konto `4010`" in out
    assert "men summan av kontots #PSALDO {} är 2\u00a0250,00 kr" in out


def test_accumulated_psaldo_is_refused_and_nothing_is_written(tmp_path):
    """Two accounts whose February record is the year's #RES: the file holds balances
    accumulated from January, which read as movements would count January twice."""
    body = """#PSALDO 0 202001 4010 {1 "100"} 1000.00
#PSALDO 0 202002 4010 {1 "100"} 2000.00
#PSALDO 0 202001 3010 {1 "100"} -300.00
#PSALDO 0 202002 3010 {1 "100"} -700.00
#RES 0 4010 2000.00
#RES 0 3010 -700.00
"""
    root = ale_with_mapping(tmp_path, MAPPING)
    before = (root / "2020" / "ekonomi.yaml").read_bytes()
    path = root / "huvudbok.se"
    path.write_text(HEAD + body, encoding="cp437")
    code, out = run(str(path), "-C", str(root))
    assert code == 2, out
    assert "ackumulerade från januari" in out
    assert "Inget har ändrats." in out
    assert (root / "2020" / "ekonomi.yaml").read_bytes() == before


def test_a_result_lines_account_with_res_only_is_the_outcome_to_the_last_month(tmp_path):
    """Taxes exported as the year's balance only (#RES 0 8010 −300 000) in a file that
    reaches March: skatteintäkter's delar1 (per 31 March) is 300 tkr, income positive."""
    body = "".join(f'#PSALDO 0 2020{m:02} 4010 {{1 "100"}} 1000.00\n' for m in (1, 2, 3))
    body += "#RES 0 4010 3000.00\n#RES 0 8010 -300000.00\n"
    code, out, root = imported(tmp_path, body)
    assert code == 0, out
    assert "MK517" not in out
    doc = yaml.safe_load((root / "2020" / "bokslut.yaml").read_text(encoding="utf-8"))
    taxes = next(p for p in doc["poster"] if p["post"] == "skatteintakter")
    assert taxes["perioder"]["delar1"]["utfall"] == 300


def _row(account: str, month: int, amount: str) -> Row:
    return Row("utfall", 2020, month, account, "100", Decimal(amount), month)


def test_many_accounts_are_named_up_to_a_limit_and_then_counted():
    """Fifteen accounts 10 kr short: SHOWN (10) named, then one finding for the other 5."""
    ledger = Ledger("h.se", year=2020)
    for n in range(15):
        ledger.rows.append(_row(f"40{n:02}", 1, "90"))
        ledger.results[f"40{n:02}"] = (Decimal(100), 20 + n)
    found = selfcheck(ledger, "kr")
    assert len(found) == SHOWN + 1
    assert found[0].message.startswith("Konto `4000`: ")
    assert found[-1].message == (
        "Ytterligare 5 konton summerar inte heller till filens egna summor."
    )


def test_half_a_unit_is_tolerated_and_a_file_without_sums_is_not_checked():
    ledger = Ledger("h.se", year=2020, rows=[_row("4010", 1, "100")])
    ledger.results["4010"] = (Decimal("100.5"), 9)
    assert selfcheck(ledger, "kr") == []
    ledger.results.clear()
    assert selfcheck(ledger, "kr") == []  # a CSV has no sums of its own


def _taxes(root: Path) -> dict:
    doc = yaml.safe_load((root / "2020" / "bokslut.yaml").read_text(encoding="utf-8"))
    return next(p for p in doc["poster"] if p["post"] == "skatteintakter")


@pytest.mark.parametrize(("last", "period"), [(12, "helar"), (8, "delar2")])
def test_res_alone_is_the_last_periods_outcome_and_the_earlier_periods_stay(tmp_path, last, period):
    """Taxes with a budget per month but their outcome as #RES alone, in a file that
    reaches ``last``: that month's period gets the balance (300 tkr, income positive);
    the periods before it are not known from a balance and keep what they had."""
    before = _taxes(ale_with_mapping(tmp_path / "before", MAPPING))
    body = "".join(f'#PSALDO 0 2020{m:02} 4010 {{1 "100"}} 1000.00\n' for m in range(1, last + 1))
    body += "".join(f"#PBUDGET 0 2020{m:02} 8010 {{}} -25000.00\n" for m in range(1, 13))
    body += f"#RES 0 4010 {last * 1000}.00\n#RES 0 8010 -300000.00\n"
    code, out, root = imported(tmp_path, body)
    assert code == 0, out
    assert "MK517" not in out
    taxes = _taxes(root)
    assert taxes["perioder"][period]["utfall"] == 300
    assert taxes["perioder"]["delar1"] == before["perioder"]["delar1"]
    assert taxes["budget"] == 300  # 12 × 25 000 kr
    assert (
        "Kontot 8010 har bara årets saldo (#RES) i filen, inga belopp per månad: det räknas "
        "till filens sista månad, och resultatposternas tidigare perioder lämnas som de var."
    ) in out


def test_a_result_account_outside_konton_and_poster_is_a_warning(tmp_path):
    """8910 has 1 234 567,89 kr (#RES) but is no nämnd's and no result line's: a warning at
    its #RES line (MK511), and the import goes on; `ignorera_konton` silences it."""
    body = '#PSALDO 0 202001 4010 {1 "100"} 1000.00\n#RES 0 8910 1234567.89\n'
    body += "#RES 0 1930 5000.00\n"  # a balance account: not the result's
    code, out, _ = imported(tmp_path, body)
    assert code == 0, out
    assert (
        "huvudbok.se:8:1: varning MK511 Konto `8910` har 1\u00a0234\u00a0567,89 kr för 2020 i "
        "filen men hör varken till nämndernas `konton` eller till någon resultatpost under "
        "`poster`, så beloppet kommer inte med i kommunens resultat."
    ) in out
    assert "`1930`" not in out
    assert "Skrev 2020/ekonomi.yaml" in out
    ignored = MAPPING + '    ignorera_konton: ["89"]\n'
    root = ale_with_mapping(tmp_path / "ignorerat", ignored)
    (root / "huvudbok.se").write_text(HEAD + body, encoding="cp437")
    code, out = run(str(root / "huvudbok.se"), "-C", str(root))
    assert code == 0, out
    assert "MK511" not in out


def test_a_csv_row_on_a_result_account_outside_the_mapping_is_a_warning(tmp_path):
    root = ale_with_mapping(tmp_path, MAPPING)
    path = root / "huvudbok.csv"
    path.write_text(
        "Ansvar;Konto;Period;Belopp;Typ\n100;4010;202001;1000;Utfall\n100;8910;202001;250;Utfall\n",
        encoding="utf-8",
    )
    code, out = run(str(path), "-C", str(root))
    assert code == 0, out
    assert "huvudbok.csv:3:1: varning MK511 Konto `8910` har 250,00 kr för 2020" in out


def test_a_record_said_twice_is_a_warning_and_summed(tmp_path):
    """Two exports joined: the same #PSALDO key on lines 7 and 9 is named, and summed."""
    body = (
        '#PSALDO 0 202001 4010 {1 "100"} 1000.00\n'
        '#PSALDO 0 202001 4020 {1 "100"} 500.00\n'
        '#PSALDO 0 202001 4010 {1 "100"} 1000.00\n'
    )
    code, out, root = imported(tmp_path, body)
    assert code == 0, out
    assert (
        "huvudbok.se:9:23: varning MK517 #PSALDO för konto `4010`, period 202001 och objekt "
        '{1 "100"} står redan på rad 7; importen summerar beloppen.'
    ) in out
    assert months(root)["jan"]["utfall"] == 3  # 1 000 + 500 + 1 000 kr, rounded once


def test_more_per_ansvar_than_res_says_so_not_that_money_is_lost(tmp_path):
    """Income read per ansvar (−3 000 kr) beyond #RES (−2 000 kr): it is imported, and the
    warning asks whether a record is there twice, not for money booked without ansvar."""
    body = '#PSALDO 0 202001 3010 {1 "100"} -3000.00\n#RES 0 3010 -2000.00\n'
    code, out, _ = imported(tmp_path, body)
    assert code == 0, out
    assert (
        "summerar till \u22123\u00a0000,00 kr, men #RES 0 är \u22122\u00a0000,00 kr (skillnad "
        "1\u00a0000,00 kr); importen läser beloppen per ansvar, så den tar med mer än filens "
        "summa."
    ) in out
    assert "Står en periodpost två gånger" in out
    assert "utan ansvar" not in out


def test_an_unmapped_code_with_a_quote_is_shown_as_yaml_that_reads(tmp_path):
    root = ale_with_mapping(tmp_path, MAPPING)
    path = root / "huvudbok.csv"
    path.write_text(
        'Ansvar;Konto;Period;Belopp;Typ\n7"12;4010;202001;1000;Utfall\n', encoding="utf-8"
    )
    code, out = run(str(path), "-C", str(root))
    assert code == 1
    assert '`"7\\"12": <organisationens id>`' in out
    assert yaml.safe_load('"7\\"12": x') == {'7"12': "x"}
