"""What stands out in each nämnd's figures before anyone writes: the writer's starting list.

Per nämnd (every organisation of type `namnd`, in `organisation.yaml` order) and per
delmål that the nämnd or a unit it answers for plans for in the year (in the order of
mal/), the deviations in the order the seed asks for them (`SLAG`). Indicators count with
their latest outcome up to the year, as the report's tables and the rules read them (a
figure not yet published is not in the file); verksamhetsmål count for the period.

1. `malvarde`: an indicator's latest outcome misses its target for the year (or the next
   year with a target), as MK401 reads it; a unit's verksamhetsmål whose outcome for the
   period misses its målvärde; a bolag's owner-directive goal not reached in the period
   (last, under `OWNER_DIRECTIVE`). The direction (`riktning`) decides.
2. `utveckling`: the latest outcome went the worse way since the year before; a break in
   the trend (the latest change has the opposite sign of the two before it, over four
   consecutive years), to the better or the worse (instead of the plain item).
3. `jamforelse`: the latest total more than `analys.jamforelse_procent` % from a
   comparison's value that year (riket, liknande kommuner, …), better or worse; a
   comparison of 0 is left out.
4. `grupp`: women and men beyond `analys.konsskillnad_procent` % of the total (as MK309);
   a grouping's (`grupper`) or the nämnd's units' (`organisationer`) highest and lowest
   beyond `analys.gruppskillnad_procent` % of the total (the groups' mean without one),
   in the latest year where at least two have values.

The indicators of a delmål are those of mal/ followed by the units' `matt`
(`Index.indicators_of`). Each item is one Swedish sentence with its figures (`Format`:
unit and decimals as the report's tables), a size (`storlek`: the gap relative to its
reference) and whether it is favourable (`gynnsam`); `largest` picks the dialogue's few.
A delmål where nothing stands out is left out.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from malkoll.analysis.deviation_figures import (
    Format,
    in_period,
    lower,
    miss,
    percent_of,
    size,
    trend_break,
    widest,
)
from malkoll.analysis.periods import check_namnd, check_year
from malkoll.errors import BadOption
from malkoll.model import files as m
from malkoll.model.annual import reaches
from malkoll.model.groups import grouping_name
from malkoll.model.index import Index
from malkoll.model.repository import Repository
from malkoll.rules.context import latest_outcome
from malkoll.text import decimals_of, did_you_mean, procent, unit_sign

SLAG = ("malvarde", "utveckling", "jamforelse", "grupp")
"""The kinds of deviation, in the order the seed asks for them."""

COMPARISON_WORDS = {"riket": "riket", "liknande_kommuner": "liknande kommuner"}
OWNER_DIRECTIVE = ("ägardirektiv", "Ägardirektivet")
"""The `delmal` and `namn` under which a bolag's missed owner-directive goals are listed."""


@dataclass
class Avvikelse:
    slag: str
    """`malvarde`, `utveckling`, `jamforelse` or `grupp` (`SLAG`)."""
    delmal: str
    indikator: str | None
    organisation: str | None
    """The unit whose verksamhetsmål the item is about; None for indicators (a spread
    across units names both ends in the text)."""
    text: str
    """One Swedish sentence with the figures."""
    storlek: float
    """The relative size, at least 0: |gap| / |reference| (the gap itself when the
    reference is 0), for ranking."""
    gynnsam: bool = False
    """A favourable item: better than a comparison, a break in the trend to the better.
    `largest` leaves these out."""


@dataclass
class Delmalavvikelser:
    delmal: str
    namn: str
    avvikelser: list[Avvikelse]

    @property
    def rubrik(self) -> str:
        """`Delmål 1.1 Alla elever …`; `Ägardirektivet` for a bolag's goals."""
        if (self.delmal, self.namn) == OWNER_DIRECTIVE:
            return self.namn
        return f"Delmål {self.delmal} {self.namn}"


@dataclass
class Namndavvikelser:
    organisation: str
    namn: str
    delmal: list[Delmalavvikelser]


def deviations(
    repo: Repository, year: int, period: str, namnd: str | None = None
) -> list[Namndavvikelser]:
    """What stands out per nämnd and delmål in ``year``: the verksamhetsmål's (and a
    bolag's owner-directive goals') outcomes for ``period``, the indicators' latest up to
    ``year``; with ``namnd`` only that nämnd's (any organisation that answers for
    itself: a nämnd, a bolag, an organisation at the top). An unknown nämnd or period is
    `BadOption`; a unit gets the nämnd above it suggested."""
    index = Index.of(repo)
    check_year(repo, year)
    if period not in repo.installningar.perioder:
        periods = list(repo.installningar.perioder)
        raise BadOption(
            f"Perioden {period!r} finns inte.{did_you_mean(period, periods)} "
            f"Perioderna är {', '.join(periods)}."
        )
    if namnd is None:
        wanted = list(index.namnder)
    else:
        check_namnd(index, namnd)
        wanted = [namnd]
    return [_of_namnd(repo, index, n, year, period) for n in wanted]


def largest(found: Namndavvikelser, n: int = 3) -> list[Avvikelse]:
    """The ``n`` largest unfavourable deviations of a nämnd, for the dialogue.

    Favourable items (`gynnsam`) are left out. The rest rank by kind in `SLAG`'s order
    (targets missed first, then the development, the comparisons, the group gaps), within
    a kind by `storlek`, the first listed first among equals; each indicator (for a
    verksamhetsmål: each unit's goal) gives at most one item, its first in that order, so
    a missed target stands for its indicator before its comparison or gender gap."""
    every = [a for d in found.delmal for a in d.avvikelser if not a.gynnsam]
    ranked = sorted(every, key=lambda a: (SLAG.index(a.slag), -a.storlek))
    chosen: list[Avvikelse] = []
    seen: set[tuple[str | None, str | None, str]] = set()
    for a in ranked:
        key = (a.indikator, None, "") if a.indikator else (None, a.organisation, a.text)
        if key not in seen and len(chosen) < n:
            seen.add(key)
            chosen.append(a)
    return chosen


# --- one nämnd -------------------------------------------------------------------------


def _of_namnd(
    repo: Repository, index: Index, namnd: str, year: int, period: str
) -> Namndavvikelser:
    units = [o for o in index.subtree(namnd) if index.namnd_of(o) == namnd]
    plans = index.plans(year)
    entries: dict[str, list[tuple[str, m.PlanDelmal]]] = {}
    for org in units:
        doc = plans.get(org)
        for entry in doc.data.delmal if doc else ():
            entries.setdefault(entry.delmal, []).append((org, entry))
    ordered = [d for d in index.delmal if d in entries]
    ordered += [d for d in entries if d not in index.delmal]
    out = []
    for delmal in ordered:
        found = _of_delmal(repo, index, delmal, entries[delmal], set(units), year, period)
        if found:
            dm = index.delmal.get(delmal)
            out.append(Delmalavvikelser(delmal, dm.namn if dm else delmal, found))
    owner = list(_owner_goals(repo, index, namnd, year, period))
    if owner:
        out.append(Delmalavvikelser(*OWNER_DIRECTIVE, owner))
    return Namndavvikelser(namnd, index.name(namnd), out)


def _of_delmal(
    repo: Repository,
    index: Index,
    delmal: str,
    entries: list[tuple[str, m.PlanDelmal]],
    units: set[str],
    year: int,
    period: str,
) -> list[Avvikelse]:
    matt = [i for _, entry in entries for i in entry.matt]
    indicators = index.indicators_of(delmal, matt)
    analys = repo.installningar.analys
    figures = [
        _Figures(index, delmal, defined.data, values, year)
        for ind in indicators
        if (defined := index.indicator_defs.get(ind)) is not None
        and (values := index.values.get(ind)) is not None
    ]
    found: list[Avvikelse] = []
    for f in figures:
        found.extend(f.target())
    found.extend(_own_goals(repo, index, delmal, entries, period))
    for f in figures:
        found.extend(f.development())
    for f in figures:
        found.extend(f.comparisons(analys.jamforelse_procent))
    for f in figures:
        found.extend(f.gender(analys.konsskillnad_procent))
        found.extend(f.groupings(analys.gruppskillnad_procent))
        found.extend(f.units(units, analys.gruppskillnad_procent))
    return found


def _own_goals(
    repo: Repository,
    index: Index,
    delmal: str,
    entries: list[tuple[str, m.PlanDelmal]],
    period: str,
) -> Iterator[Avvikelse]:
    """The units' verksamhetsmål whose outcome for the period misses the målvärde."""
    when = in_period(repo, period)
    for org, entry in entries:
        for goal in entry.verksamhetsmal:
            upp = goal.uppfoljning.get(period)
            outcome = upp.utfall if upp else None
            if goal.malvarde is None or outcome is None:
                continue
            gap = miss(outcome, goal.malvarde, goal.riktning == "hogre")
            if gap is None:
                continue
            figures = [u.utfall for u in goal.uppfoljning.values()] + [goal.malvarde]
            f = Format(unit_sign(goal.enhet), decimals_of(figures))
            yield Avvikelse(
                "malvarde",
                delmal,
                None,
                org,
                f"{index.name(org)}, verksamhetsmålet {goal.namn.strip().rstrip('.')}: "
                f"{f.of(outcome)} {when}, målvärdet {f.of(goal.malvarde)} missas med "
                f"{f.gap(gap)}.",
                size(gap, goal.malvarde),
            )


def _owner_goals(
    repo: Repository, index: Index, org: str, year: int, period: str
) -> Iterator[Avvikelse]:
    """A bolag's owner-directive goals whose outcome for the period does not reach the
    målvärde (`model.annual.reaches`, as the report's table of the bolag decides)."""
    docs = [d for d in repo.ar[year].bolag if d.data.organisation == org][:1]
    when = in_period(repo, period)
    for goal in docs[0].data.mal if docs else ():
        outcome, target = goal.utfall.get(period), goal.malvarde
        if outcome is None or target is None or reaches(outcome, target, goal.riktning):
            continue
        f = Format(unit_sign(goal.enhet), decimals_of([*goal.utfall.values(), target]))
        yield Avvikelse(
            "malvarde",
            OWNER_DIRECTIVE[0],
            None,
            org,
            f"{index.name(org)}, ägardirektivets mål {goal.namn.strip().rstrip('.')}: "
            f"{f.of(outcome)} {when}, målvärdet {f.of(target)} missas med "
            f"{f.gap(target - outcome)}.",
            size(target - outcome, target),
        )


@dataclass
class _Figures:
    """One indicator's figures up to ``year``, as a delmål of a nämnd sees them in that
    year (whose target, or the next one, it is measured against)."""

    index: Index
    delmal: str
    definition: m.IndikatorDefinition
    values: m.IndikatorVarden
    year: int

    @cached_property
    def f(self) -> Format:
        """The unit and the decimals of the indicator's figures up to the year."""
        own = [x for y, u in self.values.utfall.items() if y <= self.year for x in (u.T, u.K, u.M)]
        other = [v for c in self.values.jamforelse.values() for y, v in c.items() if y <= self.year]
        figures = [*own, *self.definition.malvarde.values(), *other]
        return Format(unit_sign(self.definition.enhet), decimals_of(figures))

    @property
    def higher(self) -> bool:
        return self.definition.riktning == "hogre"

    @property
    def label(self) -> str:
        """`Meritvärde åk 9 (Kolada N15505)`: the name and the id with its source."""
        d = self.definition
        kolada = d.kolada or (d.id if (self.values.kalla or "").lower() == "kolada" else None)
        return f"{d.namn.strip()} ({f'Kolada {kolada}' if kolada else d.id})"

    def item(self, slag: str, text: str, size: float, good: bool = False) -> Avvikelse:
        return Avvikelse(slag, self.delmal, self.definition.id, None, text, size, good)

    def latest(self) -> tuple[int, float] | None:
        found = latest_outcome(self.values, self.year)
        if found is None or found[1].T is None:
            return None
        return found[0], found[1].T

    def total(self, year: int) -> float | None:
        u = self.values.utfall.get(year)
        return u.T if u is not None else None

    def target(self) -> Iterator[Avvikelse]:
        latest = self.latest()
        years = sorted(y for y in self.definition.malvarde if y >= self.year)
        if latest is None or not years:
            return
        at, outcome = latest
        target = self.definition.malvarde[years[0]]
        gap = miss(outcome, target, self.higher)
        if gap is None:
            return
        for_year = "" if years[0] == at else f" för {years[0]}"
        yield self.item(
            "malvarde",
            f"{self.label}: {self.f.of(outcome)} år {at}, målvärdet {self.f.of(target)}"
            f"{for_year} missas med {self.f.gap(gap)}.",
            size(gap, target),
        )

    def development(self) -> Iterator[Avvikelse]:
        latest = self.latest()
        if latest is None:
            return
        at, now = latest
        series = [self.total(y) for y in range(at - 3, at + 1)]
        before = series[2]
        if before is None:
            return
        change = now - before
        worse = change < 0 if self.higher else change > 0
        broken = trend_break(series)
        if broken is not None:
            first, second = series[0], series[1]
            assert first is not None
            assert second is not None
            way = "ökning" if broken > 0 else "minskning"
            to = "det sämre" if worse else "det bättre"
            yield self.item(
                "utveckling",
                f"{self.label}: trendbrott till {to}, efter två års {way} "
                f"({self.f.of(first)} år {at - 3}, {self.f.of(second)} år {at - 2}, "
                f"{self.f.of(before)} år {at - 1}) {'ökade' if change > 0 else 'minskade'} "
                f"värdet till {self.f.of(now)} "
                f"år {at}.",
                size(change, before),
                good=not worse,
            )
        elif worse:
            yield self.item(
                "utveckling",
                f"{self.label}: {self.f.of(now)} år {at}, sämre än {self.f.of(before)} år "
                f"{at - 1} ({self.f.signed(change)}).",
                size(change, before),
            )

    def comparisons(self, percent: float) -> Iterator[Avvikelse]:
        latest = self.latest()
        if latest is None:
            return
        at, outcome = latest
        for key, by_year in self.values.jamforelse.items():
            other = by_year.get(at)
            if other is None or other == 0:
                continue
            gap = outcome - other
            share = abs(gap) / abs(other)
            if not math.isfinite(share) or share * 100 <= percent:
                continue
            better = gap > 0 if self.higher else gap < 0
            name = COMPARISON_WORDS.get(key, key.replace("_", " "))
            yield self.item(
                "jamforelse",
                f"{self.label}: {self.f.of(outcome)} år {at}, {self.f.gap(gap)} "
                f"{'högre' if gap > 0 else 'lägre'} än {name} ({self.f.of(other)}), "
                f"{procent(share)} {'bättre' if better else 'sämre'}.",
                share,
                good=better,
            )

    def gender(self, percent: float) -> Iterator[Avvikelse]:
        found = latest_outcome(self.values, self.year)
        if found is None:
            return
        at, u = found
        if u.T is None or u.K is None or u.M is None:
            return
        gap = u.K - u.M
        if abs(gap) <= percent / 100 * abs(u.T):
            return
        yield self.item(
            "grupp",
            f"{self.label}: kvinnor {self.f.of(u.K)} och män {self.f.of(u.M)} år {at}, en "
            f"skillnad på {self.f.gap(gap)} ({percent_of(gap, u.T)} av totalen "
            f"{self.f.of(u.T)}).",
            size(gap, u.T),
        )

    def groupings(self, percent: float) -> Iterator[Avvikelse]:
        for grouping, groups in self.values.grupper.items():
            spread = widest(groups, self.year, self.total, percent)
            if spread is None:
                continue
            at, (high, top), (low, bottom), base = spread
            yield self.item(
                "grupp",
                f"{self.label} per {lower(grouping_name(grouping))} år {at}: högst {high} "
                f"({self.f.of(top)}), lägst {low} ({self.f.of(bottom)}), en skillnad på "
                f"{self.f.gap(top - bottom)} ({percent_of(top - bottom, base)} av "
                f"{'totalen' if self.total(at) is not None else 'gruppernas medelvärde'}).",
                size(top - bottom, base),
            )

    def units(self, units: set[str], percent: float) -> Iterator[Avvikelse]:
        own = {
            org: {y: u.T for y, u in by_year.items()}
            for org, by_year in self.values.organisationer.items()
            if org in units
        }
        spread = widest(own, self.year, self.total, percent)
        if spread is None:
            return
        at, (high, top), (low, bottom), base = spread
        yield self.item(
            "grupp",
            f"{self.label} per enhet år {at}: högst {self.index.name(high)} "
            f"({self.f.of(top)}), lägst {self.index.name(low)} ({self.f.of(bottom)}), en "
            f"skillnad på {self.f.gap(top - bottom)} ({percent_of(top - bottom, base)} av "
            f"{'totalen' if self.total(at) is not None else 'enheternas medelvärde'}).",
            size(top - bottom, base),
        )
