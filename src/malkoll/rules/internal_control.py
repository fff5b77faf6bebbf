"""Internal control: MK505–MK508, a plan per nämnd, adopted in time, followed up."""

from __future__ import annotations

import datetime as dt

from malkoll import findings as f
from malkoll.model import positions
from malkoll.rules.context import Context, blank, where_period, wrong

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


def check(ctx: Context) -> None:
    """Every MK505–MK508 finding of the years being checked."""
    for year in ctx.years():
        plans = {doc.data.organisation: doc for doc in year.internkontroll}
        for org_id, org in ctx.orgs.items():
            if org.typ == "namnd" and org_id not in plans:
                place = ctx.org_entry(org_id)
                if place is not None:
                    ctx.add(
                        MK505,
                        place[0],
                        place[1],
                        f"{org.namn} har ingen internkontrollplan för {year.ar}.",
                        f"Skapa {year.ar}/internkontroll/{org_id}.yaml.",
                        org_id,
                    )
        for org_id, doc in plans.items():
            ik = doc.data
            started = ctx.timing.periods(ctx.settings, year)
            if ik.antagen is None and started and ik.kontroller:
                ctx.add(
                    MK506,
                    doc.path,
                    positions.of(ik),
                    f"Internkontrollplanen för {year.ar} saknar datum för när den antogs "
                    f"({ctx.org_name(org_id)}).",
                    "Ange antagen: ÅÅÅÅ-MM-DD när nämnden har antagit planen.",
                    org_id,
                    started[0],
                )
            elif ik.antagen is not None and ik.antagen > dt.date(year.ar - 1, 12, 31):
                ctx.add(
                    MK506,
                    doc.path,
                    positions.key(ik, "antagen"),
                    f"Internkontrollplanen för {year.ar} antogs {ik.antagen}, efter december "
                    f"{year.ar - 1} ({ctx.org_name(org_id)}).",
                    "Planen för nästa år antas senast i december; ange rätt datum om detta är fel.",
                    org_id,
                )
            for k in ik.kontroller:
                for period in k.rapporteras:
                    due = ctx.timing.due(ctx.settings, year, period)
                    if due is None:
                        continue
                    about = f"({ctx.org_name(org_id)}, kontroll {k.id}, {ctx.period_name(period)})"
                    fu = k.uppfoljning.get(period)
                    if (fu is None or blank(fu.resultat)) and not wrong(
                        k.uppfoljning, period, fu, "resultat"
                    ):
                        ctx.add(
                            MK507,
                            doc.path,
                            where_period(k, "uppfoljning", period),
                            f"Kontrollen {k.kontrollmoment!r} saknar resultat {about}.",
                            f"Beskriv vad kontrollen visade under uppfoljning.{period}.resultat.",
                            org_id,
                            due,
                        )
                    if fu is not None and not blank(fu.avvikelser) and blank(fu.atgarder):
                        ctx.add(
                            MK508,
                            doc.path,
                            positions.key(fu, "avvikelser"),
                            f"Kontrollen visade avvikelser men åtgärder saknas {about}.",
                            f"Beskriv åtgärderna under uppfoljning.{period}.atgarder.",
                            org_id,
                            due,
                        )
