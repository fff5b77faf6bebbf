"""Vägen till 2030: how fast an indicator must move to reach its target, how fast it has
moved, and the step of the scale the figures suggest.

Pure functions of the model, for the rule (MK405) and the report alike, so that a figure
the report prints and a figure the rule judges are the same figure. Nothing is rounded
here: the report formats.

For one indicator in a report's year:

- the target is the value of the latest year in `malvarde` (the 2030 target); without
  `malvarde` there is no pace (`pace` gives None);
- the latest outcome is the latest year up to the report's year with a total (`T`);
- the needed pace per year is (target − latest) / (target year − latest year), when the
  target year is after the latest outcome's;
- the recent pace per year is taken over a window of four years: the latest outcome's
  year and the three years before it. It is (latest − earliest outcome in the window) /
  (their years' difference), and needs at least three outcomes in the window (a missing
  year inside it is allowed); with fewer it is "too few years";
- the year reached at today's pace is latest year + ⌈(target − latest) / recent pace⌉
  when the recent pace goes in the better direction (computed exactly on the figures as
  written, so that 0,3 / 0,1 is 3 and not 3,0000000000000004); an outcome that already
  meets the target has reached it in its own year;
- the category, best first: 0 `nått` (the latest outcome meets the target: ≥ when higher
  is better, ≤ when lower is), 0 `i takt` (the recent pace goes in the better direction
  and reaches the target by its year), 1 `för långsamt` (the better direction, but later
  than the target year), 2 `fel håll` (the recent pace is zero or goes the worse way),
  2 `målåret har passerats` (the target year is not after the latest outcome's year and
  the target is not met), 2 `inga data` (no outcome, or too few years).

A category is put on the municipality's own scale (`malkoll.yaml` `bedomning`, best
first, n steps) by `scale_step`: 0 is the best step, 2 the worst, and 1 the middle step
(rounded towards the better on an even scale), but never the best step of a scale with
more than one: n = 1 the only step, n = 2 the second, n = 3 the second (gul), n = 4 the
second, n = 5 the third. A delmål's suggestion (`suggestion`) is the median of the
categories of its indicators with data (for an even count the worse of the two middle
ones, as the report's summarised assessment of the nämnder); None when none of them has
data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Final, Literal

from malkoll.model.files import IndikatorDefinition, IndikatorVarden, Utfall

WINDOW = 3
"""The recent pace looks back this many years from the latest outcome's year."""
LEAST_OUTCOMES = 3
"""The outcomes the window needs for a recent pace."""

NATT: Final = "nått"
I_TAKT: Final = "i takt"
FOR_LANGSAMT: Final = "för långsamt"
FEL_HALL: Final = "fel håll"
INGA_DATA: Final = "inga data"
MALARET_PASSERAT: Final = "målåret har passerats"
Skal = Literal["nått", "i takt", "för långsamt", "fel håll", "inga data", "målåret har passerats"]

CATEGORY: dict[str, int] = {
    NATT: 0,
    I_TAKT: 0,
    FOR_LANGSAMT: 1,
    FEL_HALL: 2,
    MALARET_PASSERAT: 2,
    INGA_DATA: 2,
}
"""Each reason's category: 0 reached or on pace, 1 too slow, 2 wrong way or no data."""


@dataclass(frozen=True)
class Takt:
    """One indicator's way to its target in a report's year, with every figure."""

    indikator: str
    riktning: str
    """`hogre` or `lagre`: which way is better."""
    malar: int
    """The target's year: the latest year in `malvarde`."""
    malvarde: float
    senaste_ar: int | None
    """The latest year up to the report's year with a total; None without one."""
    senaste: float | None
    behovd_takt: float | None
    """The change per year needed from the latest outcome to the target; None when the
    target year is not after the latest outcome's (or there is no outcome)."""
    fran_ar: int | None
    """The earliest year with an outcome in the window; None without a recent pace."""
    fran: float | None
    """That year's outcome."""
    utfall_i_fonstret: int
    """The outcomes in the window (the latest outcome's year and the three before)."""
    takt: float | None
    """The recent change per year; None with too few years."""
    nas_ar: int | None
    """The year the target is reached at today's pace (the latest outcome's year when it
    already meets the target); None when today's pace does not reach it."""
    skal: Skal
    """Why the category: `nått`, `i takt`, `för långsamt`, `fel håll`, `inga data`,
    `målåret har passerats`."""

    @property
    def kategori(self) -> int:
        """0 reached or on pace, 1 right direction but too slow, 2 wrong way or no data."""
        return CATEGORY[self.skal]

    @property
    def har_data(self) -> bool:
        """Whether the figures say anything: not `inga data` (no outcome, too few years)."""
        return self.skal != INGA_DATA

    @property
    def for_fa_ar(self) -> bool:
        """Whether there is an outcome but too few years in the window for a pace."""
        return self.senaste is not None and self.takt is None


def latest(values: IndikatorVarden | None, year: int) -> tuple[int, float] | None:
    """The latest year up to ``year`` with a total (`T`), and that total."""
    return latest_in(values.utfall, year) if values is not None else None


def latest_in(outcomes: Mapping[int, Utfall], year: int) -> tuple[int, float] | None:
    """The latest year up to ``year`` with a total (`T`) in ``outcomes``, and that total."""
    years = [y for y, u in outcomes.items() if y <= year and u.T is not None]
    if not years:
        return None
    last = max(years)
    total = outcomes[last].T
    return (last, total) if total is not None else None


def pace(definition: IndikatorDefinition, values: IndikatorVarden | None, year: int) -> Takt | None:
    """The way to the target of ``definition`` from its outcomes up to ``year``; None when
    it has no `malvarde` (no target, no pace)."""
    return pace_in(definition, values.utfall if values is not None else {}, year)


def pace_in(
    definition: IndikatorDefinition, outcomes: Mapping[int, Utfall], year: int
) -> Takt | None:
    """`pace` from ``outcomes`` by year: the municipality's `utfall`, or a unit's own
    series under `organisationer` (the targets stay the indicator's)."""
    if not definition.malvarde:
        return None
    target_year = max(definition.malvarde)
    target = definition.malvarde[target_year]
    higher = definition.riktning == "hogre"
    found = latest_in(outcomes, year)
    if found is None:
        return Takt(
            definition.id,
            definition.riktning,
            target_year,
            target,
            None,
            None,
            None,
            None,
            None,
            0,
            None,
            None,
            INGA_DATA,
        )
    last_year, outcome = found
    needed = (target - outcome) / (target_year - last_year) if target_year > last_year else None
    window = sorted(
        (y, u.T)
        for y, u in outcomes.items()
        if last_year - WINDOW <= y <= last_year and u.T is not None
    )
    first_year, first = window[0]
    recent = (
        (outcome - first) / (last_year - first_year)
        if len(window) >= LEAST_OUTCOMES and last_year > first_year
        else None
    )
    met = outcome >= target if higher else outcome <= target
    better = recent is not None and (recent > 0 if higher else recent < 0)
    reached: int | None = None
    if met:
        reached = last_year
    elif better:
        reached = last_year + _years_to(target, outcome, first, last_year - first_year)
    if met:
        reason: Skal = NATT
    elif target_year <= last_year:
        reason = MALARET_PASSERAT
    elif recent is None:
        reason = INGA_DATA
    elif not better:
        reason = FEL_HALL
    elif reached is not None and reached <= target_year:
        reason = I_TAKT
    else:
        reason = FOR_LANGSAMT
    return Takt(
        definition.id,
        definition.riktning,
        target_year,
        target,
        last_year,
        outcome,
        needed,
        first_year if recent is not None else None,
        first if recent is not None else None,
        len(window),
        recent,
        reached,
        reason,
    )


def _years_to(target: float, outcome: float, first: float, years: int) -> int:
    """⌈(target − outcome) / ((outcome − first) / years)⌉, exactly on the figures as
    written (each float's shortest decimal form): the whole years until the change per
    year since ``first``, ``years`` years before ``outcome``, closes the gap."""
    target_, outcome_, first_ = (Fraction(repr(float(x))) for x in (target, outcome, first))
    return math.ceil((target_ - outcome_) * years / (outcome_ - first_))


def scale_step(category: int, steps: int) -> int:
    """The step (0 best) of a scale of ``steps`` steps that a category (0, 1, 2) is: 0 the
    best, 2 the worst, 1 the middle step rounded towards the better but never the best of
    a scale with more than one step (n = 2: the second; 3: the second; 4: the second;
    5: the third)."""
    if steps <= 1:
        return 0
    if category <= 0:
        return 0
    if category >= 2:
        return steps - 1
    return max(1, (steps - 1) // 2)


def suggestion(paces: Iterable[Takt]) -> int | None:
    """A delmål's suggested category: the median of the categories of its indicators with
    data, the worse of the two middle ones for an even count (as the summarised
    assessment); None when none has data."""
    ranked = sorted(p.kategori for p in paces if p.har_data)
    return ranked[len(ranked) // 2] if ranked else None
