"""MK309's measure: the first clear gap in a delmål's indicators, between women and men
or between the groups of a grouping (`grupper`), as `rules.followup` reports it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from malkoll.model.groups import latest_spread, mean
from malkoll.rules.context import Context


class Gap(NamedTuple):
    """A clear gap in an indicator: between women (high) and men (low) when ``grouping``
    is None, else between a grouping's highest and lowest group."""

    indicator: str
    year: int
    grouping: str | None
    high_name: str
    high: float
    low_name: str
    low: float
    share: float
    """The gap in % of the total (of the groups' mean without a total)."""
    limit: float
    """The setting it is above, in %."""
    of: str = "totalen"


def first_gap(
    ctx: Context, indicators: Sequence[str], year: int, org: str | None = None
) -> Gap | None:
    """The first gap in ``indicators`` up to ``year``: for each indicator in order, its
    latest outcome's gap between women and men, then each grouping's in written order.
    An indicator with ``org``'s own series is judged on its own women and men only (the
    groupings are the municipality's)."""
    analys = ctx.settings.analys
    share, group_share = analys.konsskillnad_procent / 100, analys.gruppskillnad_procent / 100
    for ind in indicators:
        latest = ctx.latest(ind, year, org)
        if latest is not None:
            found, u = latest
            if (
                u.T is not None
                and u.K is not None
                and u.M is not None
                and abs(u.K - u.M) > share * abs(u.T)
            ):
                high, low = (u.K, u.M) if u.K >= u.M else (u.M, u.K)
                return Gap(
                    ind,
                    found,
                    None,
                    "K",
                    u.K,
                    "M",
                    u.M,
                    _percent(high - low, u.T),
                    analys.konsskillnad_procent,
                )
        if ctx.own_series(ind, org) is not None:
            continue
        values = ctx.index.values.get(ind)
        for grouping, groups in (values.grupper if values is not None else {}).items():
            spread = latest_spread(groups, year)
            if spread is None:
                continue
            outcome = values.utfall.get(spread.year) if values is not None else None
            total = outcome.T if outcome is not None else None
            of = "totalen"
            if total is None:
                total = mean([v for s in groups.values() if (v := s.get(spread.year)) is not None])
                of = "gruppernas medelvärde"
            if spread.gap > group_share * abs(total):
                (high_name, high), (low_name, low) = spread.high, spread.low
                return Gap(
                    ind,
                    spread.year,
                    grouping,
                    high_name,
                    high,
                    low_name,
                    low,
                    _percent(spread.gap, total),
                    analys.gruppskillnad_procent,
                    of,
                )
    return None


def _percent(gap: float, total: float) -> float:
    """``gap`` in % of ``total`` (a gap above a share of a zero total is infinite)."""
    return abs(gap) / abs(total) * 100 if total else float("inf")
