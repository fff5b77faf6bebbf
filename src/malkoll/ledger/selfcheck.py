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
from malkoll.ledger.mapping import Mapping, capped
from malkoll.ledger.rows import Ledger, LedgerError
from malkoll.ledger.siefile import RESULT_CLASSES
from malkoll.rules.ledger import MK511, MK517
from malkoll.text import quote, tal

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
            "filens #PSALDO ser ut att vara saldon ackumulerade från januari, inte månadens "
            f"förändring: på {tal(accumulated)} konton blir summan av månaderna större än "
            "årets #RES, medan den sista månadens belopp är just årets #RES. malkoll läser "
            "#PSALDO som månadens förändring, som SIE 4B säger; exportera periodsaldona som "
            "förändring per månad.",
            problems[0].where.line,
            1,
        )
    return capped(
        problems,
        "Ytterligare {} konton summerar inte heller till filens egna summor.",
        "Kontrollera exporten: kör den på nytt per ansvar för hela året.",
    )


def duplicated(ledger: Ledger) -> list[f.Problem]:
    """MK517 for each SIE period record that says again what an earlier one said (the same
    year, period, account and objects): the amounts are summed, as the reader must take
    the file as it is, but two exports joined into one would count everything twice."""
    problems = []
    for kind, record, line in ledger.duplicates:
        label = "#PSALDO" if kind == "utfall" else "#PBUDGET"
        objects = " ".join(f'{dim} "{code}"' for dim, code in record.objects)
        problems.append(
            f.Problem(
                MK517,
                ledger.rel,
                f.Where(record.line, record.column),
                f"{label} för konto {quote(record.account)}, period {record.period} och "
                f"objekt {{{objects}}} står redan på rad {line}; importen summerar beloppen.",
                "En export har en post per konto, period och objekt. Har två exporter "
                "slagits ihop, exportera på nytt; annars slå ihop posterna i en.",
            )
        )
    return capped(
        problems,
        "Ytterligare {} periodposter står två gånger.",
        "Exportera filen på nytt.",
    )


def _problem(
    ledger: Ledger, account: str, got: Decimal, total: Decimal, what: str, line: int, unit: str
) -> f.Problem:
    summed = (
        f"Konto {quote(account)}: utfallet per ansvar för {ledger.year} summerar till "
        f"{tal(float(got), 2)} {unit}, men {what} är {tal(float(total), 2)} {unit} "
        f"(skillnad {tal(float(total - got), 2)} {unit})"
    )
    if abs(total) > abs(got) and total * (total - got) > 0:  # the total has more: lost
        return f.Problem(
            MK517,
            ledger.rel,
            f.Where(line, 1),
            summed + "; skillnaden kommer inte med i importen.",
            "Belopp som bokförts utan ansvar, eller bara på ett objekt i en annan dimension, "
            "kommer inte med i importen. Rätta bokföringen, eller exportera filen på nytt med "
            "objekt i ansvarsdimensionen (`ekonomi.importera.ansvar_dimension`).",
        )
    return f.Problem(  # more per ansvar than in all: counted twice, or an old total
        MK517,
        ledger.rel,
        f.Where(line, 1),
        summed + "; importen läser beloppen per ansvar, så den tar med mer än filens summa.",
        "Står en periodpost två gånger, eller är kontots summa från en annan körning? "
        "Exportera filen på nytt, hel och i ett stycke.",
    )


def outside(ledger: Ledger, mapping: Mapping, year: int) -> list[f.Problem]:
    """MK511, as a warning, for each result account (class 3–8) with outcome in ``year``
    that is neither the nämnder's (`konton`) nor a result line's (`poster`) nor ignored
    (`ignorera_konton`): money the municipality's result would lack without a word."""
    found: dict[str, tuple[Decimal, int]] = dict(ledger.outside)  # SIE: read apart
    for row in ledger.rows:  # CSV: every row is read
        if (
            row.kind == "utfall"
            and row.year == year
            and row.account[:1] in RESULT_CLASSES
            and not mapping.counts(row.account)
            and mapping.post_of(row) is None
        ):
            amount, line = found.get(row.account, (Decimal(0), row.line))
            found[row.account] = (amount + row.amount, line)
    ignored = tuple(mapping.settings.ignorera_konton)
    unit = mapping.settings.belopp
    problems = [
        f.Problem(
            MK511,
            ledger.rel,
            f.Where(line, 1),
            f"Konto {quote(account)} har {tal(float(amount), 2)} {unit} för {year} i filen men "
            "hör varken till nämndernas `konton` eller till någon resultatpost under `poster`, "
            "så beloppet kommer inte med i kommunens resultat.",
            "Lägg kontots början under `ekonomi.importera.poster` (t.ex. "
            f'`"{account[:2]}": finansnetto`) eller under `konton`; hör det medvetet inte '
            "dit (som 8999 Årets resultat), under `ekonomi.importera.ignorera_konton`: "
            f'`["{account}"]`.',
            grace=True,
        )
        for account, (amount, line) in sorted(found.items())
        if amount and not account.startswith(ignored)
    ]
    return capped(
        problems,
        "Ytterligare {} resultatkonton med belopp hör varken till `konton` eller `poster`.",
        "Se över `ekonomi.importera.poster`, `konton` och `ignorera_konton`.",
    )
