"""The municipality's result lines below the nämnder (`ÅÅÅÅ/bokslut.yaml` `poster`) from
the ledger's rows.

Which rows: an account outside `konton` that starts with a prefix of
`ekonomi.importera.poster` (the longest that fits) belongs to that line, whatever ansvar
it is booked on (kommun-BAS class 8: `"80": skatteintakter`); an ansvar of
`ekonomi.importera.ansvar_poster` puts its amounts on `konton` on a line instead of a
nämnd (`"9900": finansforvaltning`: pensions and PO-pålägg booked centrally).

The figures, per line: `utfall` for each follow-up period whose `per` date is a month's
end that the file reaches (the last month with outcome in the file for the year), the
amounts accumulated from January to that month; and `budget`, the year's, when the
result lines' budget rows cover all twelve months (as a nämnd's `budget`). A line has no
month keys: `poster` is keyed by follow-up period only. Signs are turned from the
ledger's (income negative) to the resultaträkning's (income positive, costs negative).
An account read from SIE `#RES` alone is a balance at the file's last month: a line with
one has no figure for the periods before that month (they are left as they were).
Rounding: each figure is summed exactly (Decimal, in the file's unit) and rounded once,
half up, to whole units of `ekonomi.enhet`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from malkoll.ledger.aggregate import rounded
from malkoll.ledger.mapping import Mapping
from malkoll.ledger.rows import Ledger
from malkoll.model.annual import RESULTATPOSTER


@dataclass
class PostFigures:
    """One result line's imported figures, in whole units, signed as in the
    resultaträkning."""

    post: str
    budget: int | None = None
    periods: dict[int, tuple[str, int]] = field(default_factory=dict)
    """Month (1–12) → (the follow-up period ending then, its accumulated `utfall`)."""


def outcome_months(ledger: Ledger, mapping: Mapping, year: int) -> set[int]:
    """The months of ``year`` with outcome on a result line."""
    return {
        row.month
        for row in ledger.rows
        if row.kind == "utfall" and row.year == year and mapping.post_of(row) is not None
    }


def posts(
    ledger: Ledger, mapping: Mapping, year: int, last: int, keys: dict[int, str]
) -> list[PostFigures]:
    """Each result line with amounts for ``year`` in the file, in the order of
    RESULTATPOSTER and then of the mapping; ``last`` is the last month with outcome in the
    file, ``keys`` the follow-up period that ends each month (`write.period_keys`)."""
    sums: dict[str, dict[tuple[str, int], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    budget_months: set[int] = set()
    known_from: dict[str, int] = defaultdict(int)  # a balance (#RES) hides the months before
    for row in ledger.rows:
        post = mapping.post_of(row)
        if post is None or row.year != year:
            continue
        sums[post][(row.kind, row.month)] += row.amount
        if row.kind == "budget":
            budget_months.add(row.month)
        if row.balance:
            known_from[post] = max(known_from[post], row.month)
    whole_year = budget_months == set(range(1, 13))
    order = [*RESULTATPOSTER, *mapping.ansvar_poster.values(), *mapping.poster.values()]
    out = []
    for post in sorted(sums, key=order.index):
        amounts = sums[post]
        figures = PostFigures(post)
        if whole_year and any(kind == "budget" for kind, _ in amounts):
            total = sum((v for (k, _), v in amounts.items() if k == "budget"), Decimal(0))
            figures.budget = rounded(-total, mapping.factor, ledger.rel)
        accumulated = Decimal(0)
        for month in range(1, last + 1):
            accumulated += amounts.get(("utfall", month), Decimal(0))
            if month in keys and month >= known_from[post]:
                figures.periods[month] = (
                    keys[month],
                    rounded(-accumulated, mapping.factor, ledger.rel),
                )
        out.append(figures)
    return out
