"""Economy: MK500–MK502 and MK509, forecasts and deviations that need analysis.

A deviation is budget less outcome: positive is better than budget, negative a deficit.
The deviations that count: each forecast (`prognos`, the year's deviation) against the
year's budget; a period's or month's outcome against its `periodbudget`; the year's
outcome (the last period) against the budget.

What a month or period asks of each nämnd (a forecast, MK500; deviations analysed and
deficits met with measures, MK501 and MK502) is yielded as `Requirement`s, met or not:
`check` reports the unmet, `malkoll status` counts those of its period.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.repository import Ar, Doc
from malkoll.model.timing import Due
from malkoll.rules.context import (
    Context,
    Requirement,
    blank,
    met,
    problem,
    unmet,
    where_period,
    wrong,
)
from malkoll.text import belopp, procent

MK500 = f.rule(
    "MK500",
    "fel",
    "Helårsprognos saknas",
    "För varje månad i `prognoser` (standard feb och maj) som har passerat ska varje nämnd "
    "ha en helårsprognos (`prognos`, prognosen för årets avvikelse). En nämnd som saknas i "
    "årets ekonomi.yaml (eller ett år utan ekonomi.yaml) pekas ut i organisation.yaml. "
    "Följer kommunen inte upp ekonomin i malkoll: sätt `prognoser: []` i malkoll.yaml.",
    wrong="perioder:\n  feb: {utfall: 108500, periodbudget: 108000}",
    right="perioder:\n  feb: {utfall: 108500, periodbudget: 108000, prognos: -2000}",
)
MK501 = f.rule(
    "MK501",
    "fel",
    "Avvikelse utan analys",
    "En avvikelse större än `ekonomi.avvikelse_procent` (standard 1,0 %) av sin budget ska "
    "analyseras under `analys` för samma period: prognosen mot årets budget, periodens "
    "utfall mot periodbudgeten och årets utfall mot budgeten.",
    wrong="budget: 650000\nperioder:\n  delar2: {utfall: 431000, periodbudget: 433000, "
    "prognos: -9000}",
    right="budget: 650000\nperioder:\n  delar2: {utfall: 431000, periodbudget: 433000, "
    "prognos: -9000}\nanalys:\n  delar2: Ökade kostnader för skolskjuts.\natgarder:\n"
    "  delar2: Översyn av skolskjutsorganisationen.",
)
MK502 = f.rule(
    "MK502",
    "fel",
    "Underskott utan åtgärder",
    "En negativ avvikelse (ett underskott) större än `ekonomi.avvikelse_procent` ska ha "
    "åtgärder under `atgarder` för samma period.",
    wrong="perioder:\n  delar2: {prognos: -9000}\nanalys:\n  delar2: Skolskjutsen kostar mer.",
    right="perioder:\n  delar2: {prognos: -9000}\nanalys:\n  delar2: Skolskjutsen kostar mer.\n"
    "atgarder:\n  delar2: Ny upphandling av skolskjuts.",
)
MK509 = f.rule(
    "MK509",
    "fel",
    "Investeringen saknar utfall i årsredovisningen",
    "Varje investering ska ha sitt utfall för årets sista period (årsredovisningen).",
    wrong="- id: I-2020-07\n  namn: Ny förskola\n  organisation: bun\n  budget: 45000",
    right="- id: I-2020-07\n  namn: Ny förskola\n  organisation: bun\n  budget: 45000\n"
    "  utfall: {helar: 41800}",
)

RULES = (MK500, MK501, MK502, MK509)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""


def requirements(ctx: Context) -> Iterator[Requirement]:
    """What the due months and periods ask of each nämnd's economy."""
    for year in ctx.years():
        yield from _nämnder_without_economy(ctx, year)
        if year.ekonomi is None:
            continue
        for entry in year.ekonomi.data.namnder:
            if ctx.index.typ(entry.organisation) != "bolag":
                yield from _forecasts(ctx, year, year.ekonomi, entry)
            for key in entry.perioder:
                due = ctx.timing.due(ctx.settings, year, key)
                if due is not None:
                    yield from _deviations(ctx, year.ekonomi, entry, due)


def check(ctx: Context) -> Iterator[f.Problem]:
    """Every MK500–MK502 and MK509 finding of the years being checked."""
    for req in ctx.asked(__name__, partial(requirements, ctx)):
        if req.problem is not None:
            yield req.problem
    for year in ctx.years():
        if year.ekonomi is None:
            continue
        last = next(reversed(ctx.settings.perioder))
        due = ctx.timing.due(ctx.settings, year, last)
        if due is not None:
            yield from _investments(ctx, year.ekonomi, due)


def _nämnder_without_economy(ctx: Context, year: Ar) -> Iterator[Requirement]:
    """MK500 for a nämnd missing from the year's ekonomi.yaml (or without the file at all)
    once a forecast month has passed: pointed at the nämnd in organisation.yaml."""
    listed = {e.organisation for e in year.ekonomi.data.namnder} if year.ekonomi else set()
    if year.ekonomi is not None and positions.cut(year.ekonomi.data, "namnder"):
        return  # a nämnd's entry was cut as wrong; that finding says what to fix
    path = f"{year.ar}/ekonomi.yaml"
    for org_id in ctx.index.namnder:
        if org_id in listed or (place := ctx.index.org_entry(org_id)) is None:
            continue
        for month in ctx.settings.prognoser:
            due = ctx.timing.due(ctx.settings, year, month)
            if due is not None:
                found = problem(
                    MK500,
                    place[0],
                    place[1],
                    f"Helårsprognosen för {month} saknas: {ctx.org_name(org_id)} finns inte "
                    f"i {path}.",
                    f"Lägg till nämnden under namnder i {path} med budget och "
                    f"perioder.{month}.prognos.",
                    org_id,
                    due,
                )
                yield unmet(None, (org_id, month), f"helårsprognos för {month}", found)


def _forecasts(
    ctx: Context, year: Ar, doc: Doc[m.Ekonomi], entry: m.EkonomiNamnd
) -> Iterator[Requirement]:
    """MK500: a forecast for each forecast month that has passed."""
    org = entry.organisation
    for month in ctx.settings.prognoser:
        due = ctx.timing.due(ctx.settings, year, month)
        if due is None:
            continue
        figures = entry.perioder.get(month)
        if figures is not None and figures.prognos is not None:
            if ctx.counting:
                yield met(MK500, org, due, None, (id(entry), month))
            continue
        found = problem(
            MK500,
            doc.path,
            where_period(entry, "perioder", month),
            f"Helårsprognosen för {month} saknas ({ctx.org_name(org)}).",
            f"Ange prognosen för årets avvikelse under perioder.{month}.prognos.",
            org,
            due,
        )
        cut = wrong(entry.perioder, month, figures, "prognos")
        yield unmet(None, (id(entry), month), f"helårsprognos för {month}", found, not cut)


def _deviations(
    ctx: Context, doc: Doc[m.Ekonomi], entry: m.EkonomiNamnd, due: Due
) -> Iterator[Requirement]:
    """MK501 and MK502 for a due period or month: a deviation beyond the limit analysed, a
    deficit beyond it with measures."""
    key = due.period
    org = entry.organisation
    figures = entry.perioder[key]
    limit = ctx.settings.ekonomi.avvikelse_procent / 100
    found: list[tuple[float, float, str]] = []
    if figures.prognos is not None:
        found.append((figures.prognos, entry.budget, "prognosen för året"))
    if figures.utfall is not None and due.last:
        found.append((entry.budget - figures.utfall, entry.budget, "årets utfall mot budget"))
    elif figures.utfall is not None and figures.periodbudget is not None:
        deviation = figures.periodbudget - figures.utfall
        found.append((deviation, figures.periodbudget, "utfallet mot periodbudget"))
    beyond = [(d, b, what) for d, b, what in found if b and abs(d) > limit * abs(b)]
    item = id(entry)
    analysed = not beyond or not blank(entry.analys.get(key))
    measured = not any(d < 0 for d, _, _ in beyond) or not blank(entry.atgarder.get(key))
    if analysed and ctx.counting:
        yield met(MK501, org, due, "ekonomi", item)
    if measured and ctx.counting:
        yield met(MK502, org, due, "ekonomi", item)
    if analysed and measured:
        return
    unit = ctx.settings.ekonomi.enhet
    figures_text = "; ".join(
        f"{what} {belopp(d, unit)} ({procent(d / b)})" for d, b, what in beyond
    )
    about = f"{figures_text} ({ctx.org_name(org)}, {ctx.period_name(key)})"
    where = positions.key(entry.perioder, key)
    if not analysed:
        missing = problem(
            MK501,
            doc.path,
            where,
            f"Avvikelse större än {procent(limit)} utan analys: {about}.",
            f"Förklara avvikelsen under analys.{key}.",
            org,
            due,
        )
        yield unmet("ekonomi", item, "analys för ekonomins avvikelse", missing)
    if not measured:
        missing = problem(
            MK502,
            doc.path,
            where,
            f"Underskott större än {procent(limit)} utan åtgärder: {about}.",
            f"Beskriv åtgärderna under atgarder.{key}.",
            org,
            due,
        )
        yield unmet("ekonomi", item, "åtgärder för ekonomins avvikelse", missing)


def _investments(ctx: Context, doc: Doc[m.Ekonomi], due: Due) -> Iterator[f.Problem]:
    """MK509: each investment's outcome in the year's last period."""
    for inv in doc.data.investeringar:
        if inv.utfall.get(due.period) is not None:
            continue
        yield problem(
            MK509,
            doc.path,
            positions.key(inv, "utfall"),
            f"Investeringen {inv.namn!r} saknar utfall "
            f"({ctx.org_name(inv.organisation)}, {ctx.period_name(due.period)}).",
            f"Ange utfallet under utfall.{due.period}.",
            inv.organisation,
            due,
        )
