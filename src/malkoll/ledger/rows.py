"""What a ledger file says, whatever its format: one amount per row, with its place.

`csvfile` and `siefile` turn a file into `Ledger`; `mapping` puts each row's ansvar on an
organisation; `aggregate` sums. A file malkoll cannot read at all is a `LedgerError`
(Swedish, with line and column): the import stops with exit status 2 and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from malkoll.errors import MalkollError
from malkoll.reading.sie_records import PeriodAmount

Kind = Literal["utfall", "budget"]


class LedgerError(MalkollError):
    """A ledger file that cannot be read; the message names the file, line and column."""

    def __init__(self, rel: str, message: str, line: int = 0, column: int = 0) -> None:
        where = f"{rel}:{line}:{column}: " if line else f"{rel}: "
        super().__init__(where + message + " Inget har ändrats.")
        self.line = line
        self.column = column


@dataclass(slots=True)  # not frozen: a frozen init costs a second on 300 000 rows
class Row:
    """One amount of the ledger: outcome or budget of an account and ansvar in a month,
    with the ledger's signs (costs positive, income negative), in the file's unit. The
    ansvar is None only for a result line's account booked without one (`Mapping.post_of`)."""

    kind: Kind
    year: int
    month: int
    account: str
    ansvar: str | None
    amount: Decimal
    line: int
    column: int = 1
    balance: bool = False
    """The amount is the balance accumulated from January to the month (SIE `#RES`), not
    the month's movement: the months before it are not known from it."""


@dataclass
class Ledger:
    """The rows of a ledger file, and the year it is about (from `#RAR 0` of an SIE file;
    None where the file does not say)."""

    rel: str
    rows: list[Row] = field(default_factory=list)
    year: int | None = None
    names: dict[str, str] = field(default_factory=dict)
    """The ansvar codes' names where the file has them (SIE `#OBJEKT`)."""
    without_ansvar: list[Row] = field(default_factory=list)
    """Rows on an account of the nämnder's net cost that name no ansvar."""
    results: dict[str, tuple[Decimal, int]] = field(default_factory=dict)
    """SIE `#RES 0`: the year's result per account read, with its line."""
    account_totals: dict[str, tuple[Decimal, int]] = field(default_factory=dict)
    """SIE: the sum of an account's `#PSALDO` records without objects (`{}`) in year 0,
    with the first one's line; the account's own total, where the file has one."""
    outside: dict[str, tuple[Decimal, int]] = field(default_factory=dict)
    """SIE: a result account (class 3–8) with outcome in year 0 that is neither the
    nämnder's nor a result line's: its `#RES 0` (or the sum of its totals, or of its
    records per ansvar) and line, for the warning that it is not imported."""
    duplicates: list[tuple[str, PeriodAmount, int]] = field(default_factory=list)
    """SIE: each period record whose year, period, account and objects an earlier one has
    (kind, the record, the earlier one's line): summed, and warned of (MK517)."""
    balance_only: list[str] = field(default_factory=list)
    """SIE: the result lines' accounts read from `#RES` alone (no period records)."""
