"""The SIE 4 reader: files written to the SIE 4B specification as PC8 (cp437) bytes, sums
checked against figures written out here, and every refusal with its line and column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from malkoll.reading.sie import SieError, read_sie

HEAD = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#PROGRAM "Raindance Ekonomi" 2.1
#GEN 20200915
#FNAMN "Ale kommun"
#ORGNR 212000-1439
#RAR 0 20200101 20201231
#RAR -1 20190101 20191231
"""

EXAMPLE = (
    HEAD
    + """#KONTO 4010 "Inköp material"
#KONTO 3010 "Försäljning, åäö ÅÄÖ"
#KONTO 1910 Kassa
#KTYP 4010 K
#DIM 1 Ansvar
#DIM 6 Projekt
#UNDERDIM 21 "Delansvar" 1
#OBJEKT 1 100 "Kommunstyrelsen"
#OBJEKT 1 "200" "Barn- och utbildningsnämnden \\"BUN\\""
#OBJEKT 6 P1 "Skolbygge"
#IB 0 1910 1000.00
#UB 0 1910 -250.5
#RES 0 4010 3000
#RES -1 4010 2800.25
#PSALDO 0 202001 4010 {1 "100"} 1000.00
#PSALDO 0 202002 4010 {1 "100" 6 "P1"} 250.50
#PSALDO 0 202003 4010 {6 "P1" 1 100} -100.25
#PSALDO 0 202008 4010 {1 "100"} 50
#PSALDO 0 202009 4010 {1 "100"} 7777
#PSALDO 0 202001 4010 {1 "200"} 400 3.5
#PSALDO 0 202001 4010 {} 1400
#PBUDGET 0 202001 4010 {1 "100"} 900
#PBUDGET 0 202002 4010 {1 "100"} 900 12
#BKOD 1
#OIB 0 1910 {1 "100"} 1
#OIB 0 1910 {1 "200"} 2
#VER A 1 20200105 "Inköp, \\"kontor\\"" 20200106
{
#TRANS 4010 {1 "100"} 500.00
#TRANS 1910 {} -500.00
#RTRANS 1910 {} -500.00
}
#VER A 2 20200110 ""
{
}
"""
)


def write(tmp_path: Path, text: str, newline: str = "\n") -> Path:
    path = tmp_path / "export.se"
    path.write_bytes(text.replace("\n", newline).encode("cp437"))
    return path


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_example_read(tmp_path: Path, newline: str) -> None:
    sie = read_sie(write(tmp_path, EXAMPLE, newline))
    assert (sie.flag, sie.format, sie.sietyp) == (0, "PC8", 4)
    assert sie.program == ("Raindance Ekonomi", "2.1")
    assert sie.generated == date(2020, 9, 15)
    assert (sie.company, sie.orgnr) == ("Ale kommun", "212000-1439")
    assert sie.years == {
        0: (date(2020, 1, 1), date(2020, 12, 31)),
        -1: (date(2019, 1, 1), date(2019, 12, 31)),
    }
    assert sie.accounts["3010"] == "Försäljning, åäö ÅÄÖ"
    assert sie.accounts["4010"] == "Inköp material"
    assert sie.accounts["1910"] == "Kassa"
    assert sie.account_types == {"4010": "K"}
    assert sie.dimensions == {1: "Ansvar", 6: "Projekt", 21: "Delansvar"}
    assert sie.parent_dimensions == {21: 1}
    assert sie.objects[(1, "200")] == 'Barn- och utbildningsnämnden "BUN"'
    assert sie.objects[(1, "100")] == "Kommunstyrelsen"
    assert [(b.year_index, b.account, b.amount) for b in sie.opening] == [
        (0, "1910", Decimal("1000.00"))
    ]
    assert sie.closing[0].amount == Decimal("-250.5")
    assert sum(r.amount for r in sie.results if r.year_index == -1) == Decimal("2800.25")
    assert sie.skipped == {"#BKOD": 1, "#OIB": 2, "#RTRANS": 1}


def test_period_sums(tmp_path: Path) -> None:
    sie = read_sie(write(tmp_path, EXAMPLE))
    ansvar_100 = [
        p
        for p in sie.period_balances
        if (1, "100") in p.objects and "202001" <= p.period <= "202008"
    ]
    # 1000.00 + 250.50 - 100.25 + 50 = 1200.25 (202009's 7777 lies outside)
    assert sum(p.amount for p in ansvar_100) == Decimal("1200.25")
    assert sie.period_balances[1].objects == ((1, "100"), (6, "P1"))
    assert sie.period_balances[2].objects == ((6, "P1"), (1, "100"))
    assert sie.period_balances[5].quantity == Decimal("3.5")
    assert sie.period_balances[6].objects == ()
    assert sum(p.amount for p in sie.period_balances) == Decimal("10777.25")
    assert [p.amount for p in sie.period_budgets] == [Decimal(900), Decimal(900)]
    assert sie.period_budgets[1].quantity == Decimal(12)


def test_vouchers(tmp_path: Path) -> None:
    sie = read_sie(write(tmp_path, EXAMPLE))
    first, empty = sie.vouchers
    assert (first.series, first.number, first.date) == ("A", "1", date(2020, 1, 5))
    assert first.text == 'Inköp, "kontor"'
    assert [(t.account, t.objects, t.amount) for t in first.transactions] == [
        ("4010", ((1, "100"),), Decimal("500.00")),
        ("1910", (), Decimal("-500.00")),
    ]
    assert sum(t.amount for t in first.transactions) == 0
    assert empty.transactions == ()
    assert empty.text == ""


def test_bytes_tabs_and_no_format() -> None:
    text = '#KONTO\t4010\t"Lön  med   mellanslag"\n#PSALDO 0 202001 4010 {} 1.5\n'
    sie = read_sie(text.encode("cp437"))
    assert sie.format == "PC8"
    assert sie.accounts == {"4010": "Lön  med   mellanslag"}
    assert sie.period_balances[0].amount == Decimal("1.5")


def test_psaldo_before_konto_and_duplicate_konto() -> None:
    text = "#PSALDO 0 202001 4010 {} 1\n#KONTO 4010 Gammal\n#KONTO 4010 Ny\n"
    sie = read_sie(text.encode("cp437"))
    assert sie.accounts == {"4010": "Ny"}
    assert sie.period_balances[0].account == "4010"


def test_every_byte_decodes() -> None:
    # cp437 maps every byte to a character, so no byte can fail to decode; high bytes
    # land in names, never in a traceback.
    data = b'#KONTO 1 "' + bytes(range(128, 256)) + b'"\n'
    assert len(read_sie(data).accounts["1"]) == 128


def test_utf8_letters_read_as_pc8() -> None:
    # A UTF-8 file is not SIE 4: its å reads as two PC8 characters.
    sie = read_sie('#KONTO 1 "å"\n'.encode())
    assert sie.accounts["1"] == "├Ñ"


BAD = [
    ("#PSALDO 0 202001 4010 {} 12,50", 1, 26, 'beloppet "12,50" är inte ett SIE-belopp'),
    ("#PSALDO 0 202001 4010 {} 1.505", 1, 26, "högst två decimaler"),
    ("#PSALDO 0 202001 4010 {} 1e3", 1, 26, "SIE-belopp"),
    ("#IB 0 1910 2000000000000000", 1, 12, "orimligt stort"),
    ("#PSALDO 0 202013 4010 {} 1", 1, 11, 'perioden "202013"'),
    ("#PSALDO 0 202001 4010 100 1", 1, 23, "objektlista"),
    ("#PSALDO 0 202001 4010 {1} 1", 1, 23, "par"),
    ("#PSALDO 0 202001 4010 {x 1} 1", 1, 24, "heltal"),
    ("#PSALDO 0 202001 4010 {1 {2 3}} 1", 1, 26, "i en annan"),
    ('#PSALDO 0 202001 4010 {1 "100" 1', 1, 23, "saknar sitt }"),
    ("#PSALDO 0 202001 4010 } 1", 1, 23, "} utan {"),
    ("#PSALDO 0 202001 4010 {} 1 x", 1, 28, "kvantiteten"),
    ("#PSALDO 0 202001 4010 {}", 1, 1, "saknar fält"),
    ("#RAR 0 20200230 20201231", 1, 8, 'datumet "20200230"'),
    ("#RAR 0 20201231 20200101", 1, 17, "slutar före"),
    ("#GEN 2020-01-01", 1, 6, "ÅÅÅÅMMDD"),
    ("#FORMAT UTF8", 1, 9, 'formatet "UTF8"'),
    ('#KONTO 4010 "Inköp', 1, 13, "citattecknet stängs aldrig"),
    ("#FLAGGA 0\n4010 Inköp", 2, 1, "etikett"),
    ("#FLAGGA 0\n#KONTO 4010 A\x00B", 2, 14, "styrtecknet 0x00"),
    ("#VER A 1 20200101 x\n{\n#TRANS 1910 {} 1\n", 1, 1, "stängs aldrig"),
    ("#VER A 1 20200101 x\n#KONTO 1 A\n", 2, 1, "efter #VER"),
    ("#VER A 1 20200101 x\n", 1, 1, "saknar sitt block"),
    ("#VER A 1 20200101 x\n{\n#KONTO 1 A\n}\n", 3, 1, "verifikationsblock"),
    ("#TRANS 1910 {} 1", 1, 1, "utanför en verifikation"),
    ("#FLAGGA 0\n}\n", 2, 1, "} utan {"),
    ("#FLAGGA 0\n{\n", 2, 1, "utan #VER"),
]


@pytest.mark.parametrize(("text", "line", "column", "words"), BAD)
def test_refused(text: str, line: int, column: int, words: str) -> None:
    with pytest.raises(SieError) as caught:
        read_sie(text.encode("cp437"))
    assert (caught.value.line, caught.value.column) == (line, column)
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"Rad {line}, kolumn {column}: ")


def test_long_line_refused() -> None:
    data = b"#FLAGGA 0\n#KONTO 1 " + b"x" * 1_000_000 + b"\n"
    with pytest.raises(SieError) as caught:
        read_sie(data)
    assert caught.value.line == 2
    assert "1000009 tecken" in str(caught.value)


def test_size_cap(tmp_path: Path) -> None:
    path = write(tmp_path, EXAMPLE)
    with pytest.raises(SieError, match="större än gränsen"):
        read_sie(path, max_bytes=100)
    with pytest.raises(SieError, match="större än gränsen"):
        read_sie(b"#FLAGGA 0\n" * 20, max_bytes=100)
    with pytest.raises(SieError, match="kan inte läsas"):
        read_sie(tmp_path / "saknas.se")


def test_large_file(tmp_path: Path) -> None:
    lines = [HEAD]
    for n in range(50_000):
        lines.append(f'#PSALDO 0 2020{n % 12 + 1:02} 4010 {{1 "{n % 50}" 6 "P{n % 7}"}} 1.25\n')
    sie = read_sie(write(tmp_path, "".join(lines)))
    assert len(sie.period_balances) == 50_000
    assert sum(p.amount for p in sie.period_balances) == Decimal("62500.00")


# --- the fast path for #PSALDO and #PBUDGET lines ------------------------------------------

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from malkoll.reading import sie as sie_module  # noqa: E402

_PIECES = st.sampled_from(
    [" ", "\t", "  ", "#PSALDO", "#psaldo", "#PBUDGET", "0", "-1", "202001", "202013",
     "4010", '"4010"', "{", "}", "{}", '{1 "110"}', "{1 110 6 P1}", '{1 "a\\"b"}', "{-1 x}",
     "1234.50", "-0.5", "1.234", "1e5", "99999999999999999", "12", '"x y"', "{1}"]
)  # fmt: skip


def _both(text: str):
    """What the reader gives for ``text``: the file, or the error's message."""
    try:
        return sie_module.parse_sie(text)
    except SieError as err:
        return str(err)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=12).map("".join))
@example('#PSALDO 0 202001 4010 {1 "110"} 1234.50')
@example('  #pbudget -1 201912 "4010" {1 "110" 6 "P1"} -0.50  ')
@example("#PSALDO 0 202001 4010 {} 99999999999999999")
@example('#PSALDO 0 202001 4010 {1 "110"} 12 3.5')
def test_the_fast_path_reads_as_the_general_one(line):
    """A line the fast path takes gives the very record the general path gives; any other
    line goes the general way (an error names the same place)."""
    fast = _both(line)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(sie_module, "_fast", lambda _line, _number: None)
        general = _both(line)
    assert fast == general
    if not isinstance(fast, str):  # and at the same place (line, column of `{`)
        assert _places(fast) == _places(general)


def _places(sie) -> list[tuple[int, int]]:
    return [(r.line, r.column) for r in (*sie.period_balances, *sie.period_budgets)]


def test_the_fast_path_takes_a_ledgers_common_lines():
    """The lines an export is made of go the fast way (the property test above would pass
    vacuously if none did); a quantity or an escaped quote goes the general way."""
    assert sie_module._fast('#PSALDO 0 202001 4010 {1 "110"} 1234.50', 1) is not None
    assert sie_module._fast('\t#pbudget -1 201912 4010 {1 "110" 6 "P1"} -0.50 ', 1) is not None
    assert sie_module._fast("#PSALDO 0 202001 4010 {} 5", 1) is not None
    assert sie_module._fast('#PSALDO 0 202001 4010 {1 "110"} 12 3.5', 1) is None
    assert sie_module._fast('#PSALDO 0 202001 4010 {1 "a\\"b"} 12', 1) is None
