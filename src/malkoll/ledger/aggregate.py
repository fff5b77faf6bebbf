"""The ledger's rows summed up the organisation tree, into the figures ekonomi.yaml holds.

Each row is in the file's unit with the ledger's signs; a month's amount is that month's
movement. For each nämnd and each of its `enheter` entries (a unit directly under the
nämnd with everything below it, or the nämnd's own id for what is booked on the nämnd
itself), and for each month from January to the last month with outcome in the file:

- `kostnader`: the accumulated amounts on cost accounts; `intakter`: the accumulated
  amounts on income accounts, sign turned (positive);
- `utfall` = `kostnader` − `intakter`, the accumulated net cost;
- `periodbudget`: the accumulated net budget, when the file has budget rows for the year;
- `fjolar`: the previous year's accumulated net cost to the same month, when the file has
  outcome rows for that year;
- `budget`: the year's net budget, when the file has budget rows for all twelve months
  (a file with January to April has the period budgets, not the year's).

Rounding, the one rule that makes every sum in the written file exact: each figure of an
`enheter` entry is summed exactly (Decimal, in kronor of the file) and rounded once, half
up, to whole units of `ekonomi.enhet`; its `utfall` is its rounded `kostnader` less its
rounded `intakter`; and each of the nämnd's figures is the sum of its entries' rounded
figures. So Σ enheter = the nämnd and kostnader − intäkter = utfall hold to the unit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from malkoll.ledger.mapping import Mapping, Target
from malkoll.ledger.rows import LedgerError, Row
from malkoll.model.types import MAX_NUMBER

FIELDS = ("utfall", "periodbudget", "kostnader", "intakter", "fjolar")
"""The figures of a period the import writes, in the order it writes new ones."""

Period = dict[str, int]


@dataclass
class Figures:
    """A nämnd's or an `enheter` entry's imported figures, in whole units."""

    org: str
    budget: int | None = None
    months: dict[int, Period] = field(default_factory=dict)
    """Month (1–12) → the figures of that month, accumulated from January."""


@dataclass
class NamndFigures(Figures):
    enheter: list[Figures] = field(default_factory=list)


def rounded(value: Decimal, factor: Decimal, rel: str) -> int:
    """An exact sum in the file's unit, in whole units of the repository, half up."""
    whole = (value * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if abs(whole) > Decimal(MAX_NUMBER):
        raise LedgerError(rel, "summan av beloppen är orimligt stor (över 10^15).")
    return int(whole)


def aggregate(
    placed: list[tuple[Row, Target]], mapping: Mapping, year: int, rel: str
) -> list[NamndFigures]:
    """Each nämnd with amounts in the file, in the order of organisation.yaml."""
    # (nämnd, entry) → (kind, year, month, is income) → the sum of the month's amounts
    sums: dict[tuple[str, str], dict[tuple[str, int, int, bool], Decimal]] = defaultdict(
        lambda: defaultdict(Decimal)
    )
    outcome_months: set[int] = set()
    budget_months: set[int] = set()
    has_budget = has_last_year = False
    for row, target in placed:
        if row.year not in (year, year - 1):
            continue
        if row.year == year:
            if row.kind == "utfall":
                outcome_months.add(row.month)
            else:
                has_budget = True
                budget_months.add(row.month)
        elif row.kind == "utfall":
            has_last_year = True
        key = (row.kind, row.year, row.month, mapping.income(row.account))
        sums[(target.namnd, target.enhet)][key] += row.amount
    if not outcome_months:
        raise LedgerError(
            rel,
            f"filen har inget utfall för {year} på kontona i `ekonomi.importera.konton` med "
            "mappade ansvar. Ange året med --ar, eller kontrollera exporten.",
        )
    last = max(outcome_months)
    # the year's budget only from a budget for the whole year: a file with January to
    # April would otherwise write four months' budget as the year's
    whole_year = budget_months == set(range(1, 13))
    index, factor = mapping.index, mapping.factor
    entries: dict[str, list[Figures]] = defaultdict(list)
    for (namnd, enhet), amounts in sums.items():
        entry = Figures(enhet)
        if whole_year:
            total = sum(
                (v for (k, y, _, _), v in amounts.items() if k == "budget" and y == year),
                Decimal(0),
            )
            entry.budget = rounded(total, factor, rel)
        cost = income = budget = last_year = Decimal(0)
        for month in range(1, last + 1):
            cost += amounts.get(("utfall", year, month, False), Decimal(0))
            income -= amounts.get(("utfall", year, month, True), Decimal(0))
            kostnader, intakter = rounded(cost, factor, rel), rounded(income, factor, rel)
            period: Period = {"utfall": kostnader - intakter}
            if has_budget:
                budget += amounts.get(("budget", year, month, False), Decimal(0))
                budget += amounts.get(("budget", year, month, True), Decimal(0))
                period["periodbudget"] = rounded(budget, factor, rel)
            period["kostnader"], period["intakter"] = kostnader, intakter
            if has_last_year:
                last_year += amounts.get(("utfall", year - 1, month, False), Decimal(0))
                last_year += amounts.get(("utfall", year - 1, month, True), Decimal(0))
                period["fjolar"] = rounded(last_year, factor, rel)
            entry.months[month] = period
        entries[namnd].append(entry)
    out = []
    for namnd in sorted(entries, key=index.order):
        parts = sorted(entries[namnd], key=lambda e: -1 if e.org == namnd else index.order(e.org))
        whole = NamndFigures(namnd, enheter=parts)
        if whole_year:
            whole.budget = sum(e.budget or 0 for e in parts)
        for month in range(1, last + 1):
            whole.months[month] = {
                name: sum(e.months[month][name] for e in parts) for name in parts[0].months[month]
            }
        out.append(whole)
    return out
