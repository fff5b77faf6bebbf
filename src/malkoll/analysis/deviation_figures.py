"""The figures and words of `analysis.deviations`' sentences: a figure with its unit and
decimals, the period in running text, how far an outcome misses its target, a break in a
trend and the spread of a grouping."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from malkoll.model.groups import GroupValues, latest_spread, mean
from malkoll.model.repository import Repository
from malkoll.text import procent, tal


def in_period(repo: Repository, period: str) -> str:
    """The period in running text: `i delårsrapport 2`, `i årsredovisningen`."""
    name = lower(" ".join(repo.installningar.perioder[period].namn.split()))
    return f"i {name}en" if name == "årsredovisning" else f"i {name}"


@dataclass(frozen=True)
class Format:
    """Figures as an indicator's or goal's table shows them: with its decimals and unit
    (`85 %`, `214,6 poäng`); a difference of per cent in `procentenheter`."""

    unit: str
    decimals: int

    def of(self, value: float) -> str:
        return with_unit(tal(value, self.decimals), self.unit)

    def gap(self, value: float) -> str:
        """A difference without sign."""
        return self.signed(abs(value)).lstrip("+")

    def signed(self, value: float) -> str:
        """A difference with its sign: `+3,4 poäng`, `−2 procentenheter`."""
        plus = "+" if round(value, self.decimals) > 0 else ""
        unit = self.unit
        if unit == "%":
            unit = "procentenhet" if abs(round(value, self.decimals)) == 1 else "procentenheter"
        return plus + with_unit(tal(value, self.decimals), unit)


def with_unit(number: str, unit: str) -> str:
    return f"{number}\u00a0{unit}" if unit else number


Found = tuple[int, tuple[str, float], tuple[str, float], float]


def widest(
    groups: GroupValues, year: int, total: Callable[[int], float | None], percent: float
) -> Found | None:
    """`model.groups.latest_spread` as MK309 judges it: the highest and lowest group when
    their difference is beyond ``percent`` % of the total that year (of the groups' mean
    without one): (year, highest, lowest, reference)."""
    spread = latest_spread(groups, year)
    if spread is None:
        return None
    base = total(spread.year)
    if base is None:
        base = mean([v for s in groups.values() if (v := s.get(spread.year)) is not None])
    if not math.isfinite(base) or spread.gap <= percent / 100 * abs(base):
        return None
    return spread.year, spread.high, spread.low, base


def trend_break(series: list[float | None]) -> float | None:
    """The sign of the two changes before the latest when the latest goes the other way
    (four consecutive years, none missing); None when there is no break."""
    if any(v is None for v in series):
        return None
    a, b, c, d = (float(v) for v in series if v is not None)
    first, second, last = b - a, c - b, d - c
    if first > 0 and second > 0 and last < 0:
        return 1.0
    if first < 0 and second < 0 and last > 0:
        return -1.0
    return None


def miss(outcome: float, target: float, higher: bool) -> float | None:
    """How far the outcome falls short of the target (positive), or None when it does not."""
    gap = target - outcome if higher else outcome - target
    return gap if gap > 0 else None


def lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def size(gap: float, reference: float) -> float:
    size = abs(gap) / abs(reference) if reference else abs(gap)
    return size if math.isfinite(size) else 0.0


def percent_of(value: float, base: float) -> str:
    return procent(abs(value) / abs(base)) if base else "–"
