"""The import's quick paths give what the careful ones give: a CSV row read by
`csvfile._Fast` is the `Row` that `csvfile._row` reads (and every row the quick path does
not take is left to `_row`, which reads it or says what is wrong); `Mapping.counts` and
`income`, remembered per account, answer as the prefixes do."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from malkoll.ledger.csvfile import MAX_FIELD, _columns, _Fast, _row, read_csv
from malkoll.ledger.rows import LedgerError, Row
from malkoll.model.settings import CsvInstallningar

HEADER = ["Ansvar", "Konto", "Period", "Belopp", "Typ", "Text"]


def careful(cells: list[str], s: CsvInstallningar, line: int = 2) -> Row | str | None:
    """`_row`'s answer: the row, or its error's message."""
    if not any(c.strip() for c in cells):
        return None
    try:
        return _row(cells, _columns(HEADER, s, "f.csv"), s, "f.csv", line)
    except LedgerError as err:
        return str(err)


def agree(cells: list[str], s: CsvInstallningar) -> None:
    quick = _Fast(_columns(HEADER, s, "f.csv"), s).row(cells, 2)
    if quick is not None:
        assert quick == careful(cells, s)


CELLS = [
    ["100", "4010", "202001", "1000", "Utfall", ""],
    ["100", "4010", "2020-03", "-1234,50", "budget", "x"],
    [" 100 ", " 4010 ", " 202012 ", " 12,5 ", " UTFALL ", ""],
    ["", "4010", "202001", "1", "Utfall"],  # no ansvar: None
    ["100", "4010", "202013", "1", "Utfall"],  # no month
    ["100", "4010", "202001", "1 000,00", "Utfall"],  # thousands: _amount's
    ["100", "4010", "202001", "\u22121000", "Utfall"],  # a minus sign: _amount's
    ["100", "4010", "202001", "1.5", "Utfall"],  # the other decimal sign
    ["100", "4010", "202001", "999999999999999", "Utfall"],
    ["100", "4010", "202001", "1000000000000000", "Utfall"],  # 10^15: _amount's
    ["100", "4010", "202001", "1" * 16, "Utfall"],  # beyond 10^15: an error
    ["100", "4010", "202001", "0," + "1" * 30, "Utfall"],
    ["100", "4010", "202001", "=1+2", "Utfall"],
    ["100", "4010", "202001", "1", "Prognos"],
    ["100", "", "202001", "1", "Utfall"],
    ["100", "4010", "202001"],  # too few columns
    ["   ", "", "", "", ""],
    ["100", "4010", "202001", "1", "Utfall", "x" * (MAX_FIELD + 1)],  # not a used column
    ["1" * (MAX_FIELD + 1), "4010", "202001", "1", "Utfall"],
    ["100", "4010", "202001", "1", "U" * (MAX_FIELD + 1)],
]


@pytest.mark.parametrize("cells", CELLS)
@pytest.mark.parametrize("sign", [",", "."])
def test_quick_row_is_the_careful_row(cells: list[str], sign: str) -> None:
    agree(cells, CsvInstallningar(decimaltecken=sign))


def test_quick_row_reads_the_usual_rows() -> None:
    s = CsvInstallningar()
    fast = _Fast(_columns(HEADER, s, "f.csv"), s)
    assert fast.row(CELLS[0], 2) == Row("utfall", 2020, 1, "4010", "100", Decimal(1000), 2)
    assert fast.row(CELLS[1], 3) == Row("budget", 2020, 3, "4010", "100", Decimal("-1234.50"), 3)
    assert fast.row(CELLS[3], 4) == Row("utfall", 2020, 1, "4010", None, Decimal(1), 4)
    assert fast.row(CELLS[8], 5) == Row(
        "utfall", 2020, 1, "4010", "100", Decimal("999999999999999"), 5
    )
    assert fast.row(CELLS[17], 6) == Row("utfall", 2020, 1, "4010", "100", Decimal(1), 6)
    for unusual in CELLS[4:8] + CELLS[9:17] + CELLS[18:]:
        assert fast.row(unusual, 7) is None


def test_same_type_for_outcome_and_budget_is_outcome() -> None:
    s = CsvInstallningar(utfall="X", budget="x")
    agree(["100", "4010", "202001", "1", "x"], s)
    fast = _Fast(_columns(HEADER, s, "f.csv"), s)
    assert fast.row(["100", "4010", "202001", "1", "X"], 2).kind == "utfall"


def test_without_a_type_column_every_row_is_outcome() -> None:
    s = CsvInstallningar()
    header = ["Ansvar", "Konto", "Period", "Belopp"]
    fast = _Fast(_columns(header, s, "f.csv"), s)
    assert fast.row(["1", "4010", "202001", "5"], 2) == Row(
        "utfall", 2020, 1, "4010", "1", Decimal(5), 2
    )


cell = st.one_of(
    st.sampled_from(["100", "4010", "202001", "2020-02", "Utfall", "Budget", "", " ", "1,5"]),
    st.from_regex(r"[ \-−0-9,.\u00a0']{0,20}", fullmatch=True),
    st.text(max_size=8),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(cell, min_size=0, max_size=7), st.sampled_from([",", "."]))
def test_quick_row_agrees_on_anything(cells: list[str], sign: str) -> None:
    agree(cells, CsvInstallningar(decimaltecken=sign))


def test_a_file_read_as_before() -> None:
    """Quick rows, rows for `_row` and a blank row in one file, with their lines."""
    data = (
        "Ansvar;Konto;Period;Belopp;Typ\n"
        "100;4010;202001;1000;Utfall\n"
        "\n"
        ";;;;\n"
        "100;4010;202002;1 000,50;Budget\n"
        "100;3110;2020-03;\u2212200;utfall\n"
    ).encode()
    ledger = read_csv(data, "f.csv", CsvInstallningar())
    assert ledger.rows == [
        Row("utfall", 2020, 1, "4010", "100", Decimal(1000), 2),
        Row("budget", 2020, 2, "4010", "100", Decimal("1000.50"), 5),
        Row("utfall", 2020, 3, "3110", "100", Decimal(-200), 6),
    ]
