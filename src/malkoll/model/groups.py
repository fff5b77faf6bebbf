"""An indicator's groupings beyond women and men (`grupper` in `indikatorer/<id>.yaml`):
their display names, and the spread between a grouping's highest and lowest group.

Both the rules (MK309) and the report name a grouping and measure its spread, so both
take it from here: one name for `kommundel`, one way of computing the gap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

GROUPING_NAMES = {
    "kommundel": "Kommundel",
    "aldersgrupp": "Åldersgrupp",
    "fodelseland": "Födelseland",
}
"""The display names of the groupings malkoll knows; any other key is shown as written,
`_` as a space and capitalised (`egen_indelning` → Egen indelning)."""


def grouping_name(key: str) -> str:
    """A grouping's name as the report and the findings show it."""
    known = GROUPING_NAMES.get(key)
    if known is not None:
        return known
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else key


@dataclass(frozen=True)
class Spread:
    """A grouping's spread in one year: its highest and lowest group with a value."""

    year: int
    high: tuple[str, float]
    low: tuple[str, float]

    @property
    def gap(self) -> float:
        return self.high[1] - self.low[1]


GroupValues = Mapping[str, Mapping[int, float | None]]


def group_years(groups: GroupValues, year: int) -> list[int]:
    """The years up to ``year`` in which at least two groups have a value, in order."""
    counts: dict[int, int] = {}
    for series in groups.values():
        for y, v in series.items():
            if y <= year and v is not None:
                counts[y] = counts.get(y, 0) + 1
    return sorted(y for y, n in counts.items() if n >= 2)


def latest_spread(groups: GroupValues, year: int) -> Spread | None:
    """The spread of the latest year up to ``year`` in which at least two groups have a
    value; None when there is no such year. Of groups with equal values the first
    written is named."""
    years = group_years(groups, year)
    if not years:
        return None
    latest = years[-1]
    present = [(name, v) for name, s in groups.items() if (v := s.get(latest)) is not None]
    high = max(present, key=lambda p: p[1])
    low = min(present, key=lambda p: p[1])
    return Spread(latest, high, low)


def mean(values: list[float]) -> float:
    return sum(values) / len(values)
