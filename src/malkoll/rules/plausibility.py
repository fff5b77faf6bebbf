"""Plausibility: MK401–MK404, assessments and statuses that the figures contradict."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.repository import Ar, Doc
from malkoll.model.timing import Due
from malkoll.rules.context import OWN_FIGURES, Context, problem
from malkoll.text import tal

MK401 = f.rule(
    "MK401",
    "varning",
    "Grön bedömning trots att indikatorn går åt fel håll",
    "Den bästa bedömningen i skalan (standard grön) är tveksam när en indikator för "
    "delmålet missar sitt målvärde (för rapportens år, eller närmast följande år med "
    "målvärde) och dess senaste utfall har gått åt fel håll jämfört med året innan. "
    "En enhet med egna siffror under indikatorns `organisationer` bedöms på dem. "
    "Kontrollera bedömningen eller förklara i analysen varför den ändå håller.",
    wrong="# N15505: målvärde 225 för 2020; utfall 2019: 215, 2020: 212\nbedomning: gron",
    right="bedomning: gul\nanalys:\n  atgarder: Riktade insatser i åk 7–9.",
)
MK402 = f.rule(
    "MK402",
    "varning",
    "Bättre bedömning än alla enheter under",
    "En nämnds, sektors eller verksamhets bedömning av ett delmål bör inte vara bättre än "
    "varje bedömning av de närmaste enheterna under den för samma delmål och period; "
    "sammanfattningen bygger på nivån under.",
    wrong="# enheterna: gul och rod\nbedomning: gron",
    right="# enheterna: gul och rod\nbedomning: gul",
)
MK403 = f.rule(
    "MK403",
    "varning",
    "Indikatorn saknar utfall för året",
    "En indikator som används för ett delmål (i mal/ eller i en enhets `matt`) bör ha ett "
    "utfall för året i indikatorer/ när årsredovisningen skrivs. Hämta värdena eller skriv "
    "in dem.",
    wrong="# indikatorer/N15505.yaml\nutfall:\n  2019: {T: 215.2}",
    right="# indikatorer/N15505.yaml\nutfall:\n  2019: {T: 215.2}\n  2020: {T: 219.8}",
)
MK404 = f.rule(
    "MK404",
    "varning",
    "Aktiviteten har passerat sitt slutdatum men pågår",
    "En aktivitet vars slutdatum har passerat vid den senaste perioden bör inte längre ha "
    "status `pagar`: den är genomförd, försenad (med kommentar) eller avbruten. Ett "
    "slutdatum samma dag som periodens datum räknas som passerat: den dag rapporten "
    "beskriver skulle arbetet vara klart.",
    wrong="slut: 2020-06-30\nuppfoljning:\n  delar2: {status: pagar}",
    right="slut: 2020-06-30\nuppfoljning:\n"
    "  delar2: {status: forsenad, kommentar: Klar i oktober.}",
)

RULES = (MK401, MK402, MK403, MK404)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""


def check(ctx: Context) -> Iterator[f.Problem]:
    """Every MK4xx finding of the years being checked."""
    for year in ctx.years():
        dues = ctx.timing.periods(ctx.settings, year)
        assessed = _assessments(ctx, year.ar, [due.period for due in dues])
        least: dict[tuple[str, str], dict[str, int]] = {}
        for doc in year.planer:
            below = ctx.index.has_below(doc.data.organisation)
            for entry in doc.data.delmal:
                yield from ctx.per_entry(
                    "plausibility", doc, entry, partial(_entry_alone, ctx, doc, entry, dues)
                )
                if not below:
                    continue
                for due in dues:  # against the assessments below: never kept
                    yield from _better_than_below(ctx, assessed[due.period], least, doc, entry, due)
        if dues and dues[-1].last:
            yield from _missing_outcomes(ctx, year, dues[-1])


def _entry_alone(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, dues: Sequence[Due]
) -> list[f.Problem]:
    """MK401 and MK404 of one delmål entry: what it says against its own figures and
    dates, whatever the other plans say."""
    out: list[f.Problem] = []
    for due in dues:
        out.extend(_green_against_figures(ctx, doc, entry, due))
    if dues:
        out.extend(_ended_but_ongoing(ctx, doc, entry, dues[-1]))
    return out


def _green_against_figures(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, due: Due
) -> Iterator[f.Problem]:
    upp = entry.uppfoljning.get(due.period)
    if upp is None or upp.bedomning is None or ctx.scale_rank(upp.bedomning) != 0:
        return
    why = ctx.judged("contradicts green", doc, entry, _first_contradiction)
    if why:
        yield problem(
            MK401,
            doc.path,
            positions.key(upp, "bedomning"),
            f"Bedömningen är {_name(ctx, upp.bedomning)} men {why} "
            f"({ctx.org_name(doc.data.organisation)}, delmål {entry.delmal}, "
            f"{ctx.period_name(due.period)}).",
            "Pröva bedömningen igen, eller förklara i analysen varför den håller.",
            doc.data.organisation,
            due,
        )


def _first_contradiction(
    ctx: Context, indicators: Sequence[str], year: int, org: str | None = None
) -> str | None:
    """Why the first of ``indicators`` that contradicts a green assessment in ``year``
    does (on ``org``'s own figures where it has them), or None when none does."""
    for ind in indicators:
        why = _off_target_and_worse(ctx, ind, year, org)
        if why:
            return why
    return None


def _off_target_and_worse(ctx: Context, ind: str, year: int, org: str | None) -> str | None:
    """Why indicator ``ind`` contradicts a green assessment in ``year``, or None."""
    known = ctx.index.indicator_defs.get(ind)
    latest = ctx.latest(ind, year, org)
    if known is None or latest is None:
        return None
    definition = known.data
    target_years = sorted(y for y in definition.malvarde if y >= year)
    if not target_years:
        return None
    target = definition.malvarde[target_years[0]]
    last_year, outcome = latest
    previous = ctx.series(ind, org).get(last_year - 1)
    if outcome.T is None or previous is None or previous.T is None:
        return None
    higher = definition.riktning == "hogre"
    misses = target > outcome.T if higher else target < outcome.T
    worse = outcome.T < previous.T if higher else outcome.T > previous.T
    if not (misses and worse):
        return None
    own = f", {OWN_FIGURES}" if ctx.own_series(ind, org) is not None else ""
    return (
        f"indikatorn {ind} ({tal(outcome.T)} år {last_year}{own}) missar målvärdet "
        f"{tal(target)} för {target_years[0]} och har gått åt fel håll sedan "
        f"{last_year - 1} ({tal(previous.T)})"
    )


def _better_than_below(
    ctx: Context,
    assessed: dict[str, dict[str, int]],
    least: dict[tuple[str, str], dict[str, int]],
    doc: Doc[m.Plan],
    entry: m.PlanDelmal,
    due: Due,
) -> Iterator[f.Problem]:
    """MK402: an assessment better than every nearest assessment below it (``least``:
    `Index.least_below` per period and delmål, kept for the year's other plans)."""
    upp = entry.uppfoljning.get(due.period)
    if upp is None or upp.bedomning is None or (rank := ctx.scale_rank(upp.bedomning)) is None:
        return
    having = assessed.get(entry.delmal, {})
    key = (due.period, entry.delmal)
    if key not in least:
        least[key] = ctx.index.least_below(having)
    best = least[key].get(doc.data.organisation)
    if best is None or rank >= best:
        return
    below = ctx.index.nearest_below(doc.data.organisation, having)
    names = ", ".join(f"{ctx.org_name(o)}: {_name(ctx, b)}" for o, b in _named(ctx, below))
    yield problem(
        MK402,
        doc.path,
        positions.key(upp, "bedomning"),
        f"Bedömningen {_name(ctx, upp.bedomning)} är bättre än alla bedömningar under "
        f"({names}) ({ctx.org_name(doc.data.organisation)}, delmål {entry.delmal}, "
        f"{ctx.period_name(due.period)}).",
        "Sammanfattningen bygger på nivån under: pröva bedömningen igen eller förklara den.",
        doc.data.organisation,
        due,
    )


def _assessments(
    ctx: Context, year: int, periods: list[str]
) -> dict[str, dict[str, dict[str, int]]]:
    """Per period and delmål, each organisation's assessment of it in the period as a rank
    of the scale (from its plan's first entry for the delmål), where it has one: every
    period in one walk over the plans."""
    out: dict[str, dict[str, dict[str, int]]] = {p: {} for p in periods}
    ranks = ctx.ranks
    for org, doc in ctx.index.plans(year).items():
        seen: set[str] = set()
        for entry in doc.data.delmal:
            delmal = entry.delmal
            if delmal in seen:
                continue
            seen.add(delmal)
            followups = entry.uppfoljning
            for period in periods:
                upp = followups.get(period)
                rank = ranks.get(upp.bedomning) if upp and upp.bedomning is not None else None
                if rank is not None:
                    out[period].setdefault(delmal, {})[org] = rank
    return out


def _named(ctx: Context, below: list[tuple[str, int]]) -> list[tuple[str, str]]:
    scale = list(ctx.settings.bedomning)
    return [(org, scale[rank]) for org, rank in below]


def _ended_but_ongoing(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, due: Due
) -> Iterator[f.Problem]:
    for activity in entry.aktiviteter:
        fu = activity.uppfoljning.get(due.period)
        if fu is None or fu.status != "pagar" or activity.slut is None:
            continue
        if activity.slut <= due.date:  # on the period's date the work should be done
            yield problem(
                MK404,
                doc.path,
                positions.key(fu, "status"),
                f"Aktiviteten {activity.namn!r} skulle vara klar {activity.slut} men pågår "
                f"fortfarande ({ctx.org_name(doc.data.organisation)}, aktivitet {activity.id}, "
                f"{ctx.period_name(due.period)}).",
                "Ange genomford, forsenad med en kommentar, eller avbruten.",
                doc.data.organisation,
                due,
            )


def _missing_outcomes(ctx: Context, year: Ar, due: Due) -> Iterator[f.Problem]:
    used: dict[str, str] = {}
    for doc in year.planer:
        for entry in doc.data.delmal:
            for ind in ctx.indicators(entry):
                used.setdefault(ind, entry.delmal)
    for ind, delmal in sorted(used.items()):
        values = ctx.index.values.get(ind)
        outcome = values.utfall.get(year.ar) if values else None
        if outcome is not None and any(v is not None for v in (outcome.T, outcome.K, outcome.M)):
            continue
        known = ctx.index.indicator_defs.get(ind)
        if known is None:
            continue
        path, definition = known.path, known.data
        yield problem(
            MK403,
            path,
            positions.key(definition, "id"),
            f"Indikatorn {ind} används för delmål {delmal} men har inget utfall för {year.ar}.",
            f"Skriv in utfallet i indikatorer/{ind}.yaml"
            + (" eller hämta det med malkoll kolada hamta." if definition.kolada else "."),
            due=due,
        )


def _name(ctx: Context, value: str) -> str:
    step = ctx.settings.bedomning.get(value)
    return (step.namn or value).lower() if step else value
