"""The ledger file against its own sums: MK517.

An SIE export says much of its money twice: per ansvar (`#PSALDO … {1 "110"}`), as the
account's total (`#PSALDO … {}`) and as the year's result per account (`#RES 0`). The
import reads the records per ansvar; an amount booked without an ansvar, or on an
object of another dimension only, is in the totals but on no nämnd, and would be lost
without a word. So, per account, the year's outcome the import read (all months of year
0, every ansvar, mapped or ignored) is compared with `#RES 0`, or where the file has no
`#RES` for the account, with the sum of its totals. A difference of more than half a
unit of the file's amounts is a warning at the `#RES` (or the first total's) line: the
import still writes what it read, and the controller finds the booking in the ledger.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from malkoll import findings as f
from malkoll.ledger.rows import Ledger, LedgerError
from malkoll.rules.ledger import MK517
from malkoll.text import quote, tal

SHOWN = 10
"""At most this many accounts are named one by one; the rest in one finding."""
_HALF = Decimal("0.5")


def selfcheck(ledger: Ledger, unit: str) -> list[f.Problem]:
    """MK517 for each account whose outcome read differs from the file's own total;
    ``unit`` is the file's unit (`kr`, `tkr`, `mnkr`), for the message."""
    if ledger.year is None or not (ledger.results or ledger.account_totals):
        return []
    read: dict[str, Decimal] = defaultdict(Decimal)
    rows = [
        row
        for row in (*ledger.rows, *ledger.without_ansvar)
        if row.kind == "utfall" and row.year == ledger.year
    ]
    months = {row.month for row in rows}
    final = max(months, default=0)
    last: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        read[row.account] += row.amount
        if row.month == final:
            last[row.account] += row.amount
    problems: list[f.Problem] = []
    accumulated = 0  # accounts whose last month alone is the file's total
    for account in sorted({*ledger.results, *ledger.account_totals}):
        if account in ledger.results:
            (total, line), what = ledger.results[account], "#RES 0"
        else:
            (total, line), what = ledger.account_totals[account], "summan av kontots #PSALDO {}"
        got = read.get(account, Decimal(0))
        if abs(got - total) <= _HALF:
            continue
        if what == "#RES 0" and abs(last.get(account, Decimal(0)) - total) <= _HALF:
            accumulated += 1
        problems.append(_problem(ledger, account, got, total, what, line, unit))
    if len(problems) > 1 and accumulated == len(problems) and len(months) > 1:
        raise LedgerError(
            ledger.rel,
            "filens #PSALDO ser ut att vara saldon ackumulerade från januari: för varje konto "
            "som inte stämmer är den sista månadens belopp årets #RES. malkoll läser #PSALDO "
            "som periodens förändring, som SIE 4B säger; exportera periodsaldona som "
            "månadens förändring.",
            problems[0].where.line,
            1,
        )
    if len(problems) > SHOWN:
        rest = len(problems) - SHOWN
        first = problems[SHOWN]
        problems = problems[:SHOWN]
        problems.append(
            f.Problem(
                MK517,
                ledger.rel,
                first.where,
                f"Ytterligare {tal(rest)} konton summerar inte heller till filens egna summor.",
                "Kontrollera exporten: kör den på nytt per ansvar för hela året.",
            )
        )
    return problems


def _problem(
    ledger: Ledger, account: str, got: Decimal, total: Decimal, what: str, line: int, unit: str
) -> f.Problem:
    return f.Problem(
        MK517,
        ledger.rel,
        f.Where(line, 1),
        f"Konto {quote(account)}: utfallet per ansvar för {ledger.year} summerar till "
        f"{tal(float(got), 2)} {unit}, men {what} är {tal(float(total), 2)} {unit} "
        f"(skillnad {tal(float(total - got), 2)} {unit}); skillnaden kommer inte med i "
        "importen.",
        "Belopp som bokförts utan ansvar, eller bara på ett objekt i en annan dimension, "
        "hamnar inte på någon nämnd. Rätta bokföringen, eller exportera filen på nytt med "
        "objekt i ansvarsdimensionen (`ekonomi.importera.ansvar_dimension`).",
    )
