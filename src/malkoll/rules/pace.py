"""Vägen till 2030: MK405, an assessment much better than the figures' pace suggests.

The pace and the suggestion are `model.pace`'s, the same figures the report's table
"Vägen till 2030" shows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.pace import (
    FOR_LANGSAMT,
    MALARET_PASSERAT,
    Takt,
    pace_in,
    scale_step,
    suggestion,
)
from malkoll.model.repository import Doc
from malkoll.model.timing import Due
from malkoll.rules.context import OWN_FIGURES, Context, problem
from malkoll.text import tal

MK405 = f.rule(
    "MK405",
    "varning",
    "Bedömningen är mer än ett steg bättre än indikatorernas takt mot 2030",
    "En bedömning av ett delmål bör inte vara mer än ett steg bättre i skalan än det förslag "
    "som indikatorernas takt mot målet ger. För varje indikator för delmålet (i mal/ och i "
    "enhetens `matt`) med målvärde är målet värdet för det sista året i `malvarde` "
    "(2030-målet). Det senaste utfallet (totalt) fram till rapportens år jämförs med målet: "
    "den takt per år som behövs för att nå målet till målåret, och takten de senaste tre "
    "åren, räknad i ett fönster av det senaste utfallets år och de tre åren före det, från "
    "fönstrets tidigaste utfall till det senaste (minst tre utfall i fönstret, ett "
    "saknat år går bra). I dagens takt nås målet det senaste utfallets år plus det antal hela "
    "år som behövs. Varje indikator får en kategori: nått eller i takt (målet nås senast "
    "målåret), för långsamt (rätt håll men senare), eller fel håll (ingen förändring eller "
    "åt fel håll), målåret passerat eller inga data (inget utfall eller för få år). Delmålets "
    "förslag är medianen av indikatorernas kategorier, av dem med data (vid jämnt antal "
    "den sämre av de två mittersta, som i rapportens sammanvägda bedömning), lagd på "
    "kommunens skala: nått och i takt är det "
    "bästa steget, fel håll och målåret passerat det sämsta, för långsamt mittensteget (vid "
    "jämnt antal steg det bättre av de två mittersta, men aldrig det bästa: gul i "
    "standardskalan). En enhet med egna siffror under indikatorns `organisationer` får "
    "sin egen takt (målvärdena är indikatorns). Utan data för någon av delmålets "
    "indikatorer säger regeln inget.",
    wrong="# N15505: målvärde 235 för 2030; utfall 2017: 214, 2018: 212, 2019: 211, "
    "2020: 209\nbedomning: gron",
    right="bedomning: gul\nanalys:\n  slutsatser: Resultaten har sjunkit tre år i rad, men "
    "insatserna i åk 7–9 visar redan effekt i de nationella proven i våras.",
)

RULES = (MK405,)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""


def check(ctx: Context) -> Iterator[f.Problem]:
    """Every MK405 finding of the years being checked."""
    for year in ctx.years():
        dues = ctx.timing.periods(ctx.settings, year)
        if not dues:
            continue
        for doc in year.planer:
            for entry in doc.data.delmal:
                yield from ctx.per_entry("pace", doc, entry, partial(_entry, ctx, doc, entry, dues))


def _entry(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, dues: Sequence[Due]
) -> list[f.Problem]:
    """MK405 of one delmål entry in each due period: its assessment against the
    suggestion of its indicators' pace."""
    out: list[f.Problem] = []
    suggested: tuple[int | None, tuple[Takt, ...]] | None = None
    for due in dues:
        upp = entry.uppfoljning.get(due.period)
        if upp is None or upp.bedomning is None:
            continue
        rank = ctx.scale_rank(upp.bedomning)
        if rank is None:
            continue
        if suggested is None:
            indicators = ctx.indicators(entry)
            org = ctx.judged_org(indicators, doc.data.organisation)
            suggested = _suggested(ctx, indicators, doc.data.ar, org)
        category, paces = suggested
        if category is None:
            return out
        steps = list(ctx.settings.bedomning)
        step = scale_step(category, len(steps))
        if rank + 1 >= step:
            continue
        behind = [p for p in paces if p.har_data and p.kategori >= category]
        out.append(
            problem(
                MK405,
                doc.path,
                positions.key(upp, "bedomning"),
                f"Bedömningen är {_name(ctx, upp.bedomning)}, men indikatorernas takt mot "
                f"målet föreslår {_name(ctx, steps[step])}: "
                + "; ".join(describe(p, _own(ctx, p, doc.data.organisation)) for p in behind)
                + f" ({ctx.org_name(doc.data.organisation)}, delmål {entry.delmal}, "
                f"{ctx.period_name(due.period)}).",
                "Pröva bedömningen igen, eller förklara i analysen varför siffrorna inte "
                "berättar hela historien.",
                doc.data.organisation,
                due,
            )
        )
    return out


def _suggested(
    ctx: Context, indicators: tuple[str, ...], year: int, org: str | None = None
) -> tuple[int | None, tuple[Takt, ...]]:
    """The suggested category of a delmål with ``indicators`` in ``year`` and the pace of
    each of them that has a target (``org``'s own where it has a series), once per check."""

    def compute() -> tuple[int | None, tuple[Takt, ...]]:
        paces = tuple(p for ind in indicators if (p := _pace(ctx, ind, year, org)) is not None)
        return suggestion(paces), paces

    return ctx.once(("pace suggestion", indicators, year, org), compute)


def _pace(ctx: Context, ind: str, year: int, org: str | None = None) -> Takt | None:
    """`model.pace.pace` of an indicator in ``year`` on the outcomes ``org`` is judged on
    (`Context.series`), once per check; None when mal/ does not define it or it has no
    target."""
    own = ctx.own_series(ind, org) is not None
    key = ("pace", ind, year, org if own else None)

    def compute() -> Takt | None:
        known = ctx.index.indicator_defs.get(ind)
        if known is None:
            return None
        return pace_in(known.data, ctx.series(ind, org if own else None), year)

    return ctx.once(key, compute)


def describe(p: Takt, own: bool = False) -> str:
    """One indicator's figures in a finding: the latest outcome, the target, the needed
    and the recent pace, the year reached at today's pace and why (``own``: they are the
    unit's own series, and the finding says so)."""
    parts = [
        f"{p.indikator}{f' ({OWN_FIGURES})' if own else ''} senaste utfall "
        f"{tal(p.senaste)} ({p.senaste_ar}), "
        f"målvärde {tal(p.malvarde)} år {p.malar}"
    ]
    if p.behovd_takt is not None:
        parts.append(f"behövs {signed(p.behovd_takt)} per år")
    if p.takt is not None:
        parts.append(f"senaste tre åren {signed(p.takt)} per år (sedan {p.fran_ar})")
    if p.skal == MALARET_PASSERAT:
        parts.append("målåret har passerats utan att målvärdet nåtts")
    elif p.skal == FOR_LANGSAMT and p.nas_ar is not None:
        parts.append(f"nås {p.nas_ar} i dagens takt (för långsamt)")
    else:
        parts.append(f"nås inte i dagens takt ({p.skal})")
    return ", ".join(parts)


def _own(ctx: Context, p: Takt, org: str) -> bool:
    """Whether ``p`` is the pace of ``org``'s own series of its indicator."""
    return ctx.own_series(p.indikator, org) is not None


def signed(value: float) -> str:
    """A change per year with its sign and two decimals at most: `+2,04`, `−1,5`, `0`."""
    text = tal(round(value, 2))
    return f"+{text}" if value > 0 and text != "0" else text


def _name(ctx: Context, value: str) -> str:
    step = ctx.settings.bedomning.get(value)
    return (step.namn or value).lower() if step else value
