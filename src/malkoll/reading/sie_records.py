"""The records an SIE 4 file holds, as `reading.sie` reads them, and its error."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

ObjectList = tuple[tuple[int, str], ...]
"""An object list `{1 "100" 6 "P1"}`: (dimension, object id) pairs in the file's order."""


class SieError(Exception):
    """An SIE file malkoll cannot read; the message is Swedish and names line and column."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        self.line = line
        self.column = column
        self.detail = message
        where = f"Rad {line}, kolumn {column}: " if line else ""
        super().__init__(where + message)


@dataclass(frozen=True)
class Balance:
    """`#IB`, `#UB` or `#RES`: an account's amount in a year (0 this year, -1 the one before)."""

    year_index: int
    account: str
    amount: Decimal
    line: int = field(default=0, compare=False)
    """The record's line in the file (0 when not read from one)."""


@dataclass(slots=True)  # not frozen: a frozen init is 5× slower, per record
class PeriodAmount:
    """`#PSALDO` or `#PBUDGET`: an account's amount for a period (`YYYYMM`) and objects."""

    year_index: int
    period: str
    account: str
    objects: ObjectList
    amount: Decimal
    quantity: Decimal | None = None
    line: int = field(default=0, compare=False)
    """The record's line in the file (0 when not read from one)."""
    column: int = field(default=1, compare=False)
    """The column of its object list, where a finding about its ansvar points."""


@dataclass(frozen=True)
class Transaction:
    """`#TRANS` in a voucher: account, objects, amount."""

    account: str
    objects: ObjectList
    amount: Decimal


@dataclass(frozen=True)
class Voucher:
    """`#VER` with its block of transactions."""

    series: str
    number: str
    date: date
    text: str
    transactions: tuple[Transaction, ...]


@dataclass(frozen=True)
class SieFile:
    """What an SIE 4 file holds, as far as malkoll reads it."""

    flag: int | None = None
    format: str = "PC8"
    sietyp: int | None = None
    program: tuple[str, str] | None = None
    generated: date | None = None
    company: str | None = None
    orgnr: str | None = None
    years: dict[int, tuple[date, date]] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    account_types: dict[str, str] = field(default_factory=dict)
    dimensions: dict[int, str] = field(default_factory=dict)
    parent_dimensions: dict[int, int] = field(default_factory=dict)
    objects: dict[tuple[int, str], str] = field(default_factory=dict)
    opening: tuple[Balance, ...] = ()
    closing: tuple[Balance, ...] = ()
    results: tuple[Balance, ...] = ()
    period_balances: tuple[PeriodAmount, ...] = ()
    period_budgets: tuple[PeriodAmount, ...] = ()
    vouchers: tuple[Voucher, ...] = ()
    skipped: dict[str, int] = field(default_factory=dict)
