"""Internal control: MK505–MK508, a plan per nämnd, adopted in time, followed up.

Every nämnd, wherever it sits in the organisation tree (a nämnd under Kommunstyrelsen
too), has a plan for the year. What the year and its periods ask is yielded as
`Requirement`s, met or not: `check` reports the unmet, `malkoll status` counts the
controls' results of its period.
"""

from __future__ import annotations

import datetime as dt
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

MK505 = f.rule(
    "MK505",
    "fel",
    "Internkontrollplan saknas",
    "Varje nämnd (inte bolag) har en internkontrollplan för året i "
    "`ÅÅÅÅ/internkontroll/`. Fyndet pekar på nämnden i organisation.yaml.",
    wrong="2020/internkontroll/  # ingen fil för bun",
    right="2020/internkontroll/bun.yaml",
)
MK506 = f.rule(
    "MK506",
    "fel",
    "Internkontrollplanen antogs för sent",
    "Nämnden ska anta internkontrollplanen senast i december året före. En plan med "
    "kontroller men utan `antagen` (som `malkoll nytt-ar` skapar den) ska ha fått sitt datum "
    "när årets första period har passerat: en varning fram till periodens inlämningsdag, "
    "sedan ett fel.",
    wrong="# 2020/internkontroll/bun.yaml\nantagen: 2020-01-20",
    right="# 2020/internkontroll/bun.yaml\nantagen: 2019-12-10",
)
MK507 = f.rule(
    "MK507",
    "fel",
    "Kontrollen saknar resultat",
    "En kontroll som ska rapporteras i en period (`rapporteras`) ska ha ett `resultat` för "
    "perioden när den har passerat.",
    wrong="rapporteras: [delar2, helar]\nuppfoljning: {}",
    right="rapporteras: [delar2, helar]\nuppfoljning:\n"
    "  delar2: {resultat: 20 fakturor granskade.}",
)
MK508 = f.rule(
    "MK508",
    "fel",
    "Avvikelser utan åtgärder i internkontrollen",
    "När en kontroll har visat avvikelser ska uppföljningen beskriva åtgärder.",
    wrong="delar2:\n  resultat: 20 fakturor granskade.\n  avvikelser: 2 utanför avtal.",
    right="delar2:\n  resultat: 20 fakturor granskade.\n  avvikelser: 2 utanför avtal.\n"
    "  atgarder: Utbildning för beställare.",
)

RULES = (MK505, MK506, MK507, MK508)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""


def requirements(ctx: Context) -> Iterator[Requirement]:
    """What the years being checked ask of each nämnd's internal control."""
    for year in ctx.years():
        plans = {doc.data.organisation: doc for doc in year.internkontroll}
        for org_id in ctx.index.namnder:
            yield from _has_plan(ctx, year, org_id, plans)
        for org_id, doc in plans.items():
            yield from _adopted(ctx, year, org_id, doc)
            for k in doc.data.kontroller:
                for period in k.rapporteras:
                    due = ctx.timing.due(ctx.settings, year, period)
                    if due is not None:
                        yield from _reported(ctx, doc.path, org_id, k, due)


def check(ctx: Context) -> Iterator[f.Problem]:
    """Every MK505–MK508 finding of the years being checked."""
    for req in ctx.asked(__name__, partial(requirements, ctx)):
        if req.problem is not None:
            yield req.problem


def _has_plan(
    ctx: Context, year: Ar, org_id: str, plans: dict[str, Doc[m.Internkontroll]]
) -> Iterator[Requirement]:
    """MK505: the nämnd has a control plan for the year; pointed at it in organisation.yaml."""
    item = (org_id, year.ar)
    if org_id in plans:
        if ctx.counting:
            yield met(MK505, org_id, None, None, item)
        return
    place = ctx.index.org_entry(org_id)
    if place is None:
        return
    found = problem(
        MK505,
        place[0],
        place[1],
        f"{ctx.org_name(org_id)} har ingen internkontrollplan för {year.ar}.",
        f"Skapa {year.ar}/internkontroll/{org_id}.yaml.",
        org_id,
    )
    yield unmet(None, item, f"internkontrollplan för {year.ar}", found)


def _adopted(
    ctx: Context, year: Ar, org_id: str, doc: Doc[m.Internkontroll]
) -> Iterator[Requirement]:
    """MK506: the plan adopted by December of the year before; a plan with controls but
    without `antagen` has its date once the year's first period has passed."""
    ik = doc.data
    item = (org_id, year.ar, "antagen")
    started = ctx.timing.periods(ctx.settings, year)
    if ik.antagen is None and started and ik.kontroller:
        found = problem(
            MK506,
            doc.path,
            positions.of(ik),
            f"Internkontrollplanen för {year.ar} saknar datum för när den antogs "
            f"({ctx.org_name(org_id)}).",
            "Ange antagen: ÅÅÅÅ-MM-DD när nämnden har antagit planen.",
            org_id,
            started[0],
        )
        yield unmet(None, item, f"datum för när internkontrollplanen {year.ar} antogs", found)
    elif ik.antagen is not None and ik.antagen > dt.date(year.ar - 1, 12, 31):
        found = problem(
            MK506,
            doc.path,
            positions.key(ik, "antagen"),
            f"Internkontrollplanen för {year.ar} antogs {ik.antagen}, efter december "
            f"{year.ar - 1} ({ctx.org_name(org_id)}).",
            "Planen för nästa år antas senast i december; ange rätt datum om detta är fel.",
            org_id,
        )
        yield unmet(None, item, f"internkontrollplan {year.ar} antagen i tid", found)
    elif ik.antagen is not None and ctx.counting:
        yield met(MK506, org_id, None, None, item)


def _reported(
    ctx: Context, path: str, org_id: str, k: m.Kontroll, due: Due
) -> Iterator[Requirement]:
    """MK507: the control's result for a period it reports in; MK508: measures for the
    deviations it found."""
    period, item = due.period, id(k)
    about = f"({ctx.org_name(org_id)}, kontroll {k.id}, {ctx.period_name(period)})"
    fu = k.uppfoljning.get(period)
    if fu is None or blank(fu.resultat):
        found = problem(
            MK507,
            path,
            where_period(k, "uppfoljning", period),
            f"Kontrollen {k.kontrollmoment!r} saknar resultat {about}.",
            f"Beskriv vad kontrollen visade under uppfoljning.{period}.resultat.",
            org_id,
            due,
        )
        cut = wrong(k.uppfoljning, period, fu, "resultat")
        yield unmet("internkontroll", item, f"resultat för kontroll {k.id}", found, not cut)
    elif ctx.counting:
        yield met(MK507, org_id, due, "internkontroll", item)
    if fu is None or blank(fu.avvikelser):
        return
    if not blank(fu.atgarder):
        if ctx.counting:
            yield met(MK508, org_id, due, "internkontroll", item)
        return
    found = problem(
        MK508,
        path,
        positions.key(fu, "avvikelser"),
        f"Kontrollen visade avvikelser men åtgärder saknas {about}.",
        f"Beskriv åtgärderna under uppfoljning.{period}.atgarder.",
        org_id,
        due,
    )
    yield unmet("internkontroll", item, f"åtgärder för kontroll {k.id}", found)
