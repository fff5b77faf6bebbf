"""The import's quick paths give what the careful ones give: a CSV row read by
`csvfile._Fast` is the `Row` that `csvfile._row` reads (and every row the quick path does
not take is left to `_row`, which reads it or says what is wrong); `Mapping.counts` and
`income`, remembered per account, answer as the prefixes do."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from malkoll.errors import MalkollError
from malkoll.ledger import importera
from malkoll.ledger.csvfile import MAX_FIELD, _columns, _Fast, _row, read_csv
from malkoll.ledger.rows import LedgerError, Row
from malkoll.ledger.write import _period_key, merge, merge_round_trip, period_keys
from malkoll.ledger.write_check import unchanged
from malkoll.model.settings import CsvInstallningar
from malkoll.reading.load import load

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


# --- ekonomi.yaml: `write_check.unchanged` before the round trip ---------------------

EXAMPLE = Path(__file__).resolve().parents[1] / "exempel" / "ale-2020"


@pytest.fixture(scope="module")
def imported() -> tuple[str, list[Any], dict[int, str]]:
    """The example's ekonomi.yaml, its ledger's figures and the period keys."""
    root = EXAMPLE
    result = importera(root, root / "ekonomisystem" / "huvudbok-2020.csv", torrkorning=True)
    assert result.merged is not None
    assert not result.merged.changed
    text = (root / "2020" / "ekonomi.yaml").read_text(encoding="utf-8")
    keys = period_keys(load(root).installningar, 2020)
    return text, result.figures, keys


def both(text: str, figures: list[Any], keys: dict[int, str]) -> tuple[bool, str | None]:
    """Whether the quick check says unchanged, and the round trip's text (None when it
    changes nothing; the refusal's message when it refuses); the check never says
    unchanged where the round trip would change or refuse."""
    quick = unchanged(text, figures, keys, _period_key)
    try:
        slow = merge_round_trip(text, "2020/ekonomi.yaml", figures, keys, "tkr")
    except MalkollError as err:
        assert not quick
        return quick, str(err)
    assert not (quick and slow.changed)
    merged = merge(text, "2020/ekonomi.yaml", figures, keys, "tkr")
    assert merged.text == slow.text
    assert merged.changed == slow.changed
    return quick, slow.text if slow.changed else None


def test_the_example_is_unchanged_without_the_round_trip(imported: Any) -> None:
    text, figures, keys = imported
    assert both(text, figures, keys) == (True, None)
    assert merge(text, "2020/ekonomi.yaml", figures, keys, "tkr").text == text


def _one(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


HOSTILE = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "bom": lambda t: "\ufeff" + t,
    "comment between keys": lambda t: _one(
        t, "    budget: 118500\n", "    budget: 118500\n    # x\n"
    ),
    "a figure changed": lambda t: _one(t, "budget: 118500", "budget: 118501"),
    "a figure as text": lambda t: _one(t, "budget: 118500", 'budget: "118500"'),
    "a figure as a float": lambda t: _one(t, "budget: 118500", "budget: 118500.0"),
    "a figure in octal": lambda t: _one(t, "budget: 3840", "budget: 0o7400"),
    "a figure with a leading zero": lambda t: _one(t, "budget: 3840", "budget: 03840"),
    "a figure missing": lambda t: _one(t, "fjolar: 9672}", "}").replace(
        "intakter: 2954, }", "intakter: 2954}"
    ),
    "a block period": lambda t: _one(
        t,
        "jan:    {utfall: 9850, periodbudget: 9880, kostnader: 12804, intakter: 2954, "
        "fjolar: 9672}",
        "jan:\n        utfall: 9850\n        periodbudget: 9880\n        kostnader: 12804\n"
        "        intakter: 2954\n        fjolar: 9672",
    ),
    "a key twice": lambda t: _one(
        t, "    budget: 118500\n", "    budget: 118500\n    budget: 118500\n"
    ),
    "an anchor and an alias": lambda t: _one(
        t, "jan:    {utfall: 9850", "jan:    &a {utfall: 9850"
    ).replace("    perioder:\n", "    x: *a\n    perioder:\n", 1),
    "a yaml directive": lambda t: "%YAML 1.1\n---\n" + t,
    "a quoted key": lambda t: _one(t, "    budget: 118500\n", '    "budget": 118500\n'),
    "a quoted id": lambda t: _one(t, "- organisation: ks ", "- organisation: 'ks' "),
    "an unknown enhet": lambda t: _one(
        t,
        "      - organisation: ks\n",
        "      - organisation: nn\n        budget: 1\n      - organisation: ks\n",
    ),
    "an enhet that is no mapping": lambda t: _one(
        t, "      - organisation: ks\n", "      - 7\n      - organisation: ks\n"
    ),
    "a tag": lambda t: _one(t, "budget: 118500", "budget: !!int 118500"),
    "a date": lambda t: _one(
        t, "    budget: 118500\n", "    budget: 118500\n    datum: 2020-02-28\n"
    ),
    "not yaml": lambda t: t + "  - [\n",
    "a tab": lambda t: _one(t, "    budget: 118500\n", "\tbudget: 118500\n"),
    "empty": lambda t: "",
    "no namnder": lambda t: "namnder:\n",
}


QUICK = {"crlf", "bom", "comment between keys", "a quoted key", "a quoted id", "a block period"}
QUICK |= {"a tag"}  # `!!int 118500` is the number to both
"""The layouts the quick check is sure of; the others go through the round trip."""


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_layouts_give_what_the_round_trip_gives(imported: Any, name: str) -> None:
    text, figures, keys = imported
    quick, _ = both(HOSTILE[name](text), figures, keys)
    assert quick is (name in QUICK)
