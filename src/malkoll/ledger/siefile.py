"""An SIE 4 file as ledger rows: `#PSALDO` is outcome, `#PBUDGET` budget.

What an SIE 4B period record means (the specification, "SIE filformat version 4B",
`#PSALDO`; Visma's SIE export describes its type 2 files the same way, "the balance
change per month for each account"): for a result account (classes 3–8, the only ones
the import reads) the amount is the **period's movement**, not the balance accumulated
since January; for a balance account it would be the balance at the period's end. The
import therefore sums a result account's months from January itself to get the
accumulated outcome and budget. The year of a record is its period's (`ÅÅÅÅMM`); the year
imported is `#RAR 0`'s unless `--ar` says otherwise.

Which records are read: an export often has the same money several times, as the
account's total (`{}`), per ansvar (`{1 "100"}`) and per combination of dimensions
(`{1 "100" 6 "P1"}`). The records with the ansvar dimension alone are used; only in a
file that has none of those are the records of combinations that include the ansvar
dimension summed. A record without the ansvar dimension is a total and is left out,
unless the file has no record with the dimension at all: then each such record on an
account of the net cost is reported, as an amount without ansvar.
"""

from __future__ import annotations

from decimal import Decimal

from malkoll.ledger.rows import Ledger, LedgerError, Row
from malkoll.reading.sie import PeriodAmount, SieError, SieFile, parse_sie


def read_sie_bytes(
    data: bytes, rel: str, dimension: int, konton: tuple[str, ...], poster: tuple[str, ...] = ()
) -> Ledger:
    """The rows of an SIE 4 file (``data``, its bytes) for the ansvar ``dimension``, on the
    accounts of ``konton`` (the nämnder's) and of ``poster`` (the result lines'). A result
    line's account that has no record with an ansvar (finance accounts are often booked
    without one) is read from its records without objects (`{}`), the account's total."""
    if not data.strip():
        raise LedgerError(rel, "filen är tom.")
    text = _decoded(data)
    try:
        sie = parse_sie(text)
    except SieError as err:
        raise LedgerError(rel, err.detail, err.line, err.column) from None
    ledger = Ledger(rel, year=_year(sie, rel))
    ledger.names = {code: name for (dim, code), name in sie.objects.items() if dim == dimension}
    chosen = _chosen(sie, dimension)
    totals: list[Row] = []
    unread: dict[str, dict[str, tuple[Decimal, int]]] = {"{}": {}, "ansvar": {}}
    checked: dict[tuple[int, str], tuple[int, int]] = {}  # (year number, period) → year, month
    for kind, records in (("utfall", sie.period_balances), ("budget", sie.period_budgets)):
        first: dict[tuple[object, ...], int] = {}  # a record's key → its first line
        for record in records:
            key = (record.year_index, record.period, record.account, record.objects)
            if first.setdefault(key, record.line) != record.line:
                ledger.duplicates.append((kind, record, first[key]))
            counts = record.account.startswith(konton)
            if not counts and not (poster and record.account.startswith(poster)):
                result = record.account[:1] in RESULT_CLASSES  # money outside the mapping
                if kind == "utfall" and record.year_index == 0 and result:
                    alone = "{}" if not record.objects else "ansvar"
                    if alone == "{}" or _ansvar(record, dimension, chosen) is not None:
                        _add(unread[alone], record.account, record.amount, record.line)
                continue
            ansvar = _ansvar(record, dimension, chosen)
            line, column = record.line, record.column
            known = checked.get((record.year_index, record.period))
            if known is None:  # a file has few periods and many records
                known = int(record.period[:4]), int(record.period[4:])
                _check_year(sie, record, *known, rel, line, column)
                checked[(record.year_index, record.period)] = known
            year, month = known
            row = Row(kind, year, month, record.account, ansvar, record.amount, line, column)  # type: ignore[arg-type]
            if ansvar is not None:
                ledger.rows.append(row)
            elif not counts:
                if not record.objects:
                    totals.append(row)
            elif chosen == "none" and kind == "utfall":
                ledger.without_ansvar.append(row)
            total = ansvar is None and not record.objects and record.year_index == 0
            if total and kind == "utfall":
                _add(ledger.account_totals, record.account, record.amount, line)  # `selfcheck`
    with_ansvar = {(row.kind, row.account) for row in ledger.rows}
    ledger.rows += [row for row in totals if (row.kind, row.account) not in with_ansvar]
    read = (*konton, *poster)
    results = {b.account: (b.amount, b.line) for b in sie.results if b.year_index == 0}
    ledger.results = {a: v for a, v in results.items() if a.startswith(read)}
    ledger.rows += _results_only(ledger, poster, sie)
    for account, found in results.items():
        if not account.startswith(read) and account[:1] in RESULT_CLASSES:
            ledger.outside[account] = found
    for source in (unread["{}"], unread["ansvar"]):
        for account, found in source.items():
            ledger.outside.setdefault(account, found)
    return ledger


def _add(sums: dict[str, tuple[Decimal, int]], account: str, amount: Decimal, line: int) -> None:
    before, first = sums.get(account, (Decimal(0), line))
    sums[account] = (before + amount, first)


RESULT_CLASSES = "345678"
"""The first digits of the result accounts (kommun-BAS: 3 intäkter, 4–7 kostnader, 8
finansiella poster och skatter); 1 and 2 are the balance sheet's."""


def _results_only(ledger: Ledger, poster: tuple[str, ...], sie: SieFile) -> list[Row]:
    """A result line's account with `#RES 0` but no outcome record at all (a finance
    account some systems export as the year's balance only): its `#RES` is the outcome
    accumulated to the last month with outcome in the file, when it was taken; the row is
    a balance, so the periods before that month are not known from it (`posts`)."""
    if ledger.year is None or not poster:
        return []
    months = [r.month for r in ledger.rows if r.kind == "utfall" and r.year == ledger.year]
    if not months:
        return []
    with_periods = {r.account for r in sie.period_balances if r.year_index == 0}
    rows = [
        Row("utfall", ledger.year, max(months), account, None, amount, line, balance=True)
        for account, (amount, line) in ledger.results.items()
        if account.startswith(poster) and account not in with_periods
    ]
    ledger.balance_only = [row.account for row in rows]
    return rows


def _decoded(data: bytes) -> str:
    """The file's text: SIE 4 is PC8 (cp437), but some systems write UTF-8 while saying
    PC8. å, ä and ö in cp437 are single bytes that are never valid UTF-8, so a file with
    bytes above 127 that reads as UTF-8 is taken as UTF-8, and its names come out right."""
    if any(b > 127 for b in data):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return data.decode("cp437")


def _check_year(
    sie: SieFile, record: PeriodAmount, year: int, month: int, rel: str, line: int, column: int
) -> None:
    """A record's period lies in the year its year number (0, −1) names in #RAR: a
    period of 2020 under year −1 would be counted as this year's money."""
    span = sie.years.get(record.year_index)
    if span is None:
        return
    start, end = span
    if not (start.year, start.month) <= (year, month) <= (end.year, end.month):
        raise LedgerError(
            rel,
            f"perioden {record.period} ligger inte i räkenskapsår {record.year_index} "
            f"({start.isoformat()}–{end.isoformat()} enligt #RAR {record.year_index}). "
            "Rätta årsnumret eller perioden, eller exportera filen på nytt.",
            line,
            column,
        )


def _year(sie: SieFile, rel: str) -> int | None:
    year = sie.years.get(0)
    if year is None:
        return None
    start, end = year
    if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31) or start.year != end.year:
        raise LedgerError(
            rel,
            f"räkenskapsåret i #RAR 0 är {start.isoformat()}–{end.isoformat()}, inte ett "
            "kalenderår; kommunernas ekonomi följs per kalenderår.",
        )
    return start.year


def _chosen(sie: SieFile, dimension: int) -> str:
    """`alone` when any record has the ansvar dimension alone, `combined` when only
    combinations have it, `none` when no record has it."""
    found = "none"
    for record in (*sie.period_balances, *sie.period_budgets):
        dims = [d for d, _ in record.objects]
        if dims == [dimension]:
            return "alone"
        if dimension in dims:
            found = "combined"
    return found


def _ansvar(record: PeriodAmount, dimension: int, chosen: str) -> str | None:
    objects = record.objects
    if len(objects) == 1:  # the common record, `{1 "110"}`: no lists made
        dim, code = objects[0]
        return code if dim == dimension else None
    if chosen == "alone":
        return None  # with none or several objects, the ansvar is not alone
    return next((code for d, code in objects if d == dimension), None)
