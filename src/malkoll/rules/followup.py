"""The follow-up of the plans: MK301–MK304, MK309 and MK310 here, MK305–MK308 in
`activities`, for each due period.

For every delmål in a plan: an analysis with the parts the municipality requires, an
assessment, measures where the assessment calls for them, and a word on the groups where
the figures show a gap (between women and men, or in a grouping such as kommundel); and
every level above a unit writes its own analysis of what the level below followed up
(the chain of dialogue).

What a period asks (MK301–MK310) is yielded as `Requirement`s, met or not: `check`
reports the unmet, `malkoll status` counts those of its parts (MK308, MK309 and MK310 are
not among them: they are warnings about a plan's shape, the figures and the level above).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from functools import partial

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.groups import grouping_name
from malkoll.model.repository import Ar, Doc
from malkoll.model.timing import Due
from malkoll.rules import activities
from malkoll.rules.context import (
    OWN_FIGURES,
    Context,
    Requirement,
    blank,
    met,
    problem,
    unmet,
    where_period,
    wrong,
)
from malkoll.rules.group_gaps import Gap, first_gap
from malkoll.text import join_or, quote, tal

MK301 = f.rule(
    "MK301",
    "fel",
    "Analys saknas",
    "Varje delmål i en plan ska ha en analys för varje period som har passerat: varför "
    "resultatet blev som det blev och vilka de bakomliggande orsakerna är. Saknas en bit "
    "är det en varning fram till inlämningsdagen i årshjulet, sedan ett fel.",
    wrong='- delmal: "1.1"\n  uppfoljning:\n    delar2:\n      bedomning: gul',
    right='- delmal: "1.1"\n  uppfoljning:\n    delar2:\n      analys:\n'
    "        resultat: Meritvärdet ökar men är under målvärdet.\n"
    "        orsaker: Hög personalomsättning.\n        atgarder: Läsinsatser i åk 4–6.\n"
    "      bedomning: gul",
)

MK302 = f.rule(
    "MK302",
    "fel",
    "Bedömning saknas",
    "Varje delmål i en plan ska ha en bedömning (till exempel gron, gul eller rod) för "
    "varje period som har passerat: når vi målet till 2030?",
    wrong="uppfoljning:\n  delar2:\n    analys: {resultat: ..., orsaker: ...}",
    right="uppfoljning:\n  delar2:\n    analys: {resultat: ..., orsaker: ...}\n    bedomning: gron",
)

MK303 = f.rule(
    "MK303",
    "fel",
    "Analysen saknar en del som krävs",
    "Analysen ska ha de delar som `analys.kravs` i malkoll.yaml kräver (standard "
    "`resultat` och `orsaker`).",
    wrong="analys:\n  resultat: Meritvärdet ökar.",
    right="analys:\n  resultat: Meritvärdet ökar.\n  orsaker: Tidiga läsinsatser i åk 1–3.",
)

MK304 = f.rule(
    "MK304",
    "fel",
    "Bedömningen kräver åtgärder",
    "En bedömning som `analys.atgarder_vid` nämner (standard gul och rod) ska ha åtgärder "
    "under `analys.atgarder`: vad som kan leda till förbättring.",
    wrong="analys:\n  resultat: ...\n  orsaker: ...\nbedomning: gul",
    right="analys:\n  resultat: ...\n  orsaker: ...\n"
    "  atgarder: Riktade läsinsatser för pojkar i åk 4–6.\nbedomning: gul",
)

MK309 = f.rule(
    "MK309",
    "varning",
    "Skillnad mellan grupper utan analys av grupper",
    "När en indikator för delmålet (i mal/ eller enhetens `matt`) visar en tydlig skillnad "
    "mellan grupper ska analysen beskriva skillnaden under `grupper`. Det gäller skillnaden "
    "mellan kvinnor och män det senaste året med utfall fram till rapportens år (standard: "
    "|K − M| mer än 10 % av totalen, `analys.konsskillnad_procent`) och varje gruppering "
    "under indikatorns `grupper` (kommundel, åldersgrupp, födelseland eller kommunens "
    "egen): det senaste året fram till rapportens år då minst två grupper har värden "
    "jämförs den högsta gruppen med den lägsta (standard: skillnaden mer än 10 % av "
    "totalen det året, `analys.gruppskillnad_procent`; saknas totalen, av gruppernas "
    "medelvärde). En enhet med egna siffror under indikatorns `organisationer` bedöms på "
    "dem: på sina egna kvinnor och män, inte på kommunens grupperingar.",
    wrong="# indikatorer/N15505.yaml\nutfall:\n  2020: {T: 214.6}\ngrupper:\n  kommundel:\n"
    "    Nol och Alafors: {2020: 198.5}\n    Älvängen: {2020: 221.3}\n"
    "# plan\nanalys:\n  resultat: Meritvärdet ökar.\n  orsaker: ...",
    right="analys:\n  resultat: Meritvärdet ökar.\n  orsaker: ...\n"
    "  grupper: Flickorna har 30 poäng högre meritvärde än pojkarna, och eleverna i "
    "Älvängen (221,3) 23 poäng högre än i Nol och Alafors (198,5).",
)

MK310 = f.rule(
    "MK310",
    "varning",
    "Egen analys saknas i dialogkedjan",
    "En nämnd, sektor eller verksamhet sammanfattar nivån under sig: när en organisation "
    "direkt under den har följt upp ett delmål för en period ska den själv ha delmålet i "
    "sin plan, med en egen analys och bedömning (som MK301 och MK302 sedan kräver). "
    "Saknas planen helt pekar fyndet på organisationen i organisation.yaml.",
    wrong="# 2020/plan/sektor-utbildning.yaml\norganisation: sektor-utbildning\nar: 2020",
    right="# 2020/plan/sektor-utbildning.yaml\norganisation: sektor-utbildning\nar: 2020\n"
    'delmal:\n  - delmal: "1.1"\n    uppfoljning:\n      delar2:\n'
    "        analys: {resultat: ..., orsaker: ...}\n        bedomning: gul",
)

RULES = (MK301, MK302, MK303, MK304, MK309, MK310)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""

SUMMARY_LEVELS = ("namnd", "bolag", "sektor", "verksamhet")


def requirements(ctx: Context) -> Iterator[Requirement]:
    """What the due periods ask of the plans of the years being checked: for each delmål
    of a plan, in the plan's order, its analysis and assessment (here) and its activities
    and verksamhetsmål (`activities`); then the chain of dialogue."""
    for year in ctx.years():
        dues = ctx.timing.periods(ctx.settings, year)
        if not dues:
            continue
        for doc in year.planer:
            for entry in doc.data.delmal:
                yield from activities.has_activities(ctx, doc, entry)
                yield from ctx.per_entry(
                    "followup", doc, entry, partial(_entry_followup, ctx, doc, entry, dues)
                )
        yield from _chain_of_dialogue(ctx, year, dues)


def _entry_followup(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, dues: Sequence[Due]
) -> list[Requirement]:
    """What the due periods ask of one delmål entry on its own: its analysis and
    assessment, its activities' follow-up and its verksamhetsmål."""
    out: list[Requirement] = []
    for due in dues:
        out.extend(_delmal_followup(ctx, doc, entry, due))
        for activity in entry.aktiviteter:
            out.extend(activities.activity(ctx, doc, activity, due))
        for goal in entry.verksamhetsmal:
            if req := activities.verksamhetsmal(ctx, doc, goal, entry.delmal, due):
                out.append(req)
    return out


def check(ctx: Context) -> Iterator[f.Problem]:
    """Every MK301–MK310 finding of the years being checked."""
    for req in ctx.asked(__name__, partial(requirements, ctx)):
        if req.problem is not None:
            yield req.problem


def _own(ctx: Context, gap: Gap, org: str) -> str:
    """` för Nolskolan (enhetens egna utfall)` when ``gap`` is between the women and men of
    ``org``'s own series, else nothing (the municipality's figures)."""
    if gap.grouping is not None or ctx.own_series(gap.indicator, org) is None:
        return ""
    return f" för {ctx.org_name(org)} ({OWN_FIGURES})"


def _about(ctx: Context, org: str, delmal: str, due: Due) -> str:
    return f"({ctx.org_name(org)}, delmål {delmal}, {ctx.period_name(due.period)})"


def _delmal_followup(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, due: Due
) -> list[Requirement]:
    """MK301–MK304 and MK309: the period's analysis with its parts (and a word on groups
    where the figures show a gap), the assessment, the measures it calls for.

    What is met is written out here, what is not in the functions below; a list, not a
    generator, since most of a large repository is met and `validera` asks for none of it.
    """
    out: list[Requirement] = []
    org, item, counting = doc.data.organisation, id(entry), ctx.counting
    upp = entry.uppfoljning.get(due.period)
    analys = upp.analys if upp is not None else None
    if analys is None:
        out.append(_no_analysis(ctx, doc, entry, due, upp))
    else:
        if counting:
            out.append(met(MK301, org, due, "analyser", item))
        missing = [part for part in ctx.required_parts if blank(getattr(analys, part))]
        if missing:
            out.append(_missing_parts(ctx, doc, entry, due, missing))
        elif counting:
            out.append(met(MK303, org, due, "analyser", item))
        gap = _gender_gap(ctx, doc, entry, analys, due)
        if gap is not None:
            out.append(gap)
        elif counting:
            out.append(met(MK309, org, due, None, item))
    if upp is None or upp.bedomning is None:
        out.append(_no_assessment(ctx, doc, entry, due, upp))
        return out
    if counting:
        out.append(met(MK302, org, due, "bedomningar", item))
    if upp.bedomning in ctx.measures_at:
        if analys is None or blank(analys.atgarder):
            out.append(_no_measures(ctx, doc, entry, due, upp))
        elif counting:
            out.append(met(MK304, org, due, "atgarder", item))
    return out


def _no_analysis(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, due: Due, upp: m.DelmalUppfoljning | None
) -> Requirement:
    """MK301: the period's analysis is missing."""
    org, p, dm = doc.data.organisation, due.period, entry.delmal
    found = problem(
        MK301,
        doc.path,
        where_period(entry, "uppfoljning", p),
        f"Analys saknas {_about(ctx, org, dm, due)}.",
        f"Skriv analysen under uppfoljning.{p}.analys: varför resultatet blev som det "
        "blev och de bakomliggande orsakerna.",
        org,
        due,
    )
    cut = wrong(entry.uppfoljning, p, upp, "analys")
    return unmet("analyser", id(entry), f"analys av delmål {dm}", found, reported=not cut)


def _missing_parts(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, due: Due, missing: Sequence[str]
) -> Requirement:
    """MK303: the analysis lacks parts `analys.kravs` asks for."""
    org, p, dm = doc.data.organisation, due.period, entry.delmal
    parts = " och ".join(missing)
    found = problem(
        MK303,
        doc.path,
        positions.key(entry.uppfoljning[p], "analys"),
        f"Analysen saknar {parts} {_about(ctx, org, dm, due)}.",
        f"Skriv {' och '.join(f'uppfoljning.{p}.analys.{part}' for part in missing)}; "
        "delarna som krävs anges i analys.kravs i malkoll.yaml.",
        org,
        due,
    )
    return unmet("analyser", id(entry), f"{parts} i analysen av delmål {dm}", found)


def _no_assessment(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, due: Due, upp: m.DelmalUppfoljning | None
) -> Requirement:
    """MK302: the period's assessment is missing."""
    org, p, dm = doc.data.organisation, due.period, entry.delmal
    found = problem(
        MK302,
        doc.path,
        where_period(entry, "uppfoljning", p),
        f"Bedömning saknas {_about(ctx, org, dm, due)}.",
        f"Ange under uppfoljning.{p}.bedomning om delmålet nås till 2030: "
        f"{join_or(ctx.settings.bedomning)}.",
        org,
        due,
    )
    cut = wrong(entry.uppfoljning, p, upp, "bedomning")
    return unmet("bedomningar", id(entry), f"bedömning av delmål {dm}", found, reported=not cut)


def _step_name(ctx: Context, step: str) -> str:
    """A scale step as a message names it: `röd` in a sentence, a name of several words
    (`Ej uppfyllt`) quoted so the sentence still reads."""
    name = ctx.settings.bedomning[step].namn or step
    return name.lower() if len(name.split()) == 1 else quote(name)


def _no_measures(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, due: Due, upp: m.DelmalUppfoljning
) -> Requirement:
    """MK304: an assessment that `analys.atgarder_vid` names, and no measures in the
    analysis (a missing analysis is MK301's finding, not reported again)."""
    org, dm = doc.data.organisation, entry.delmal
    name = _step_name(ctx, upp.bedomning or "")
    found = problem(
        MK304,
        doc.path,
        positions.key(upp, "bedomning"),
        f"Bedömningen är {name} men analysen saknar åtgärder {_about(ctx, org, dm, due)}.",
        "Beskriv vilka åtgärder som kan leda till förbättring under analys.atgarder.",
        org,
        due,
    )
    missing = f"åtgärder för delmål {dm} ({name})"
    return unmet("atgarder", id(entry), missing, found, reported=upp.analys is not None)


def _gender_gap(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, analys: m.Analys, due: Due
) -> Requirement | None:
    """MK309: a clear gap between women and men, or between the groups of a grouping, in
    an indicator, and an analysis that says nothing about groups (None when it does, or
    no indicator shows one)."""
    if not blank(analys.grupper):
        return None
    gap = ctx.judged("group gap", doc, entry, first_gap)
    if gap is None:
        return None
    upp = entry.uppfoljning[due.period]
    share = f"{tal(round(gap.share, 1))} % av {gap.of}, " if math.isfinite(gap.share) else ""
    size = (
        f"en skillnad på {tal(round(abs(gap.high - gap.low), 1))} ({share}gränsen är "
        f"{tal(gap.limit)} %)"
    )
    if gap.grouping is None:
        shows = f"{size} mellan kvinnor ({tal(gap.high)}) och män ({tal(gap.low)})"
        hint = "Beskriv under analys.grupper hur resultaten skiljer sig mellan grupper och varför."
    else:
        name = grouping_name(gap.grouping).lower()
        shows = (
            f"{size} i grupperingen {quote(name)} mellan {quote(gap.high_name)} "
            f"({tal(gap.high)}) och {quote(gap.low_name)} ({tal(gap.low)})"
        )
        hint = (
            f"Beskriv under analys.grupper skillnaden mellan grupperna ({name}) med "
            "siffror, och varför resultaten skiljer sig."
        )
    found = problem(
        MK309,
        doc.path,
        positions.key(upp, "analys"),
        f"Indikatorn {gap.indicator} visar{_own(ctx, gap, doc.data.organisation)} {gap.year} "
        f"{shows}, men analysen beskriver inte "
        f"grupper {_about(ctx, doc.data.organisation, entry.delmal, due)}.",
        hint,
        doc.data.organisation,
        due,
    )
    return unmet(None, id(entry), f"grupper i analysen av delmål {entry.delmal}", found)


def _chain_of_dialogue(ctx: Context, year: Ar, dues: Sequence[Due]) -> Iterator[Requirement]:
    """MK310: each parent of a unit that followed up a delmål writes its own analysis
    (every due period from one walk over the plans)."""
    index = ctx.index
    plans = index.plans(year.ar)
    wanted: dict[str, dict[tuple[str, str], list[str]]] = {due.period: {} for due in dues}
    for org, doc in plans.items():
        parent = index.parent(org)
        if parent is None or index.typ(parent) not in SUMMARY_LEVELS:
            continue
        for entry in doc.data.delmal:
            followups = entry.uppfoljning
            for period, asked in wanted.items():
                upp = followups.get(period)
                if upp is not None and upp.analys is not None:
                    asked.setdefault((parent, entry.delmal), []).append(org)
    for due in dues:
        yield from _parents_without_analysis(ctx, year, due, wanted[due.period])


def _parents_without_analysis(
    ctx: Context, year: Ar, due: Due, wanted: dict[tuple[str, str], list[str]]
) -> Iterator[Requirement]:
    index = ctx.index
    plans = index.plans(year.ar)
    for (parent, delmal), below in sorted(wanted.items()):
        item = (parent, delmal)
        if index.lists(year.ar, parent, delmal):
            # The parent lists the delmål: MK301 reports a missing analysis there.
            if ctx.counting:
                yield met(MK310, parent, due, None, item)
            continue
        own = plans.get(parent)
        if own is not None:
            path, where = own.path, positions.key(own.data, "delmal")
        else:
            place = index.org_entry(parent)
            if place is None:
                continue
            path, where = place
        names = ", ".join(ctx.org_name(o) for o in below)
        found = problem(
            MK310,
            path,
            where,
            f"{ctx.org_name(parent)} har ingen egen analys av delmål {delmal} för "
            f"{ctx.period_name(due.period)}, men {names} har följt upp det.",
            "Sammanfatta nivån under i en egen analys och bedömning i organisationens plan.",
            parent,
            due,
        )
        yield unmet(None, item, f"egen analys av delmål {delmal}", found)
