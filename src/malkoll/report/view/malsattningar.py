"""The strategic goals (template block `malsattningar`): per goal the målsättnings-
ansvarig's own follow-up (ÅÅÅÅ/malsattningar/*.yaml: the assessment, which is the goal's,
the text, the team, each framgångsfaktor's follow-up, in an interim report the forecast)
with the delmål's median beside it as support only; per delmål the summarised assessment,
the indicators and each organisation's follow-up (how it works with the delmål according
to its plan, the analysis under its headings, assessment, verksamhetsmål, activities and
their status counts). Agenda 2030 goals by name (`agenda2030`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from malkoll.model import files as m
from malkoll.model.repository import Doc
from malkoll.report.annual_model import Faktorvy
from malkoll.report.model import (
    Aktivitetsrad,
    Analysdel,
    Delmalvy,
    Malrad,
    Malvy,
    Steg,
    Uppfoljning,
)
from malkoll.report.view.agenda2030 import agenda
from malkoll.report.view.indikatorer import indicator
from malkoll.report.view.resultat import is_interim, reaches
from malkoll.report.view.source import STATUS_NAMES, Source, slug, step
from malkoll.report.view.vagen import mark_first, road

ANALYSIS_HEADINGS = {
    "resultat": "Resultat",
    "orsaker": "Orsaker",
    "avvikelser": "Avvikelser",
    "grupper": "Skillnader mellan grupper",
    "slutsatser": "Slutsatser",
    "atgarder": "Åtgärder",
}
NOT_FOLLOWED_UP = "ej_uppfoljd"
ACTIVITY_STATUS_NAMES = {**STATUS_NAMES, NOT_FOLLOWED_UP: "Ej uppföljd"}
"""The activity statuses in the order the counts are shown, an activity without a
follow-up for the period last."""


def goals(
    src: Source, plans: dict[str, m.Plan], columns: list[tuple[str, str]], scale: dict[str, Steg]
) -> list[Malvy]:
    """Every strategic goal; in a nämnd's report only those the nämnd follows up."""
    own = followup_files(src)
    out = [goal(src, doc.data, plans, columns, scale, own.get(doc.data.id)) for doc in src.repo.mal]
    shown = [g for g in out if g.delmal or src.namnd is None]
    mark_first(shown)
    return shown


def followup_files(src: Source) -> dict[str, Doc[m.MalsattningUppfoljning]]:
    """The year's follow-up file of each strategic goal (the first of two for one goal:
    the rules report the second)."""
    found: dict[str, Doc[m.MalsattningUppfoljning]] = {}
    for doc in src.year.malsattningar:
        found.setdefault(doc.data.malsattning, doc)
    return found


def summarise(steps: Iterable[Steg | None]) -> Steg | None:
    """The summarised assessment of a level: the median step, the worse of two middles."""
    ranked = sorted((s for s in steps if s is not None), key=lambda s: s.rank)
    return ranked[len(ranked) // 2] if ranked else None


def goal(
    src: Source,
    target: m.Malsattning,
    plans: dict[str, m.Plan],
    columns: list[tuple[str, str]],
    scale: dict[str, Steg],
    own: Doc[m.MalsattningUppfoljning] | None = None,
) -> Malvy:
    """One strategic goal with its delmål and the målsättningsansvarig's follow-up."""
    delmal = []
    for dm in target.delmal:
        followups = _followups(src, dm.id, plans, columns, scale)
        if src.namnd is not None and not followups:
            continue
        steps = [f.bedomning for f in followups if f.org_id in dict(columns)]
        if src.namnd is not None:
            steps = [f.bedomning for f in followups if f.org_id == src.namnd] or steps
        indicators = [indicator(src, i) for i in dm.indikatorer]
        delmal.append(
            Delmalvy(
                dm.id,
                dm.namn,
                agenda(list(dm.agenda2030)),
                summarise(steps),
                followups,
                [i for i in indicators if i is not None],
                anchor=f"delmal-{slug(dm.id)}",
                vagen=road(src, dm.indikatorer, scale, summarise(steps)),
            )
        )
    data = own.data if own else None
    upp = data.uppfoljning.get(src.period) if data else None
    factors = upp.framgangsfaktorer if upp else {}
    return Malvy(
        target.id,
        target.namn,
        target.omrade,
        target.beskrivning,
        (data.ansvarig if data else None) or target.ansvarig,
        agenda(list(target.agenda2030)),
        [(ff.namn, ff.beskrivning) for ff in target.framgangsfaktorer],
        delmal,
        anchor=f"mal-{slug(target.id)}",
        bedomning=scale.get(upp.bedomning) if upp and upp.bedomning else None,
        stod=summarise(d.bedomning for d in delmal),
        prognos=scale.get(upp.prognos) if upp and upp.prognos and is_interim(src) else None,
        text=upp.text if upp else None,
        av=upp.av if upp else None,
        team=list((data.team if data else None) or target.team),
        faktorer=[
            Faktorvy(
                ff.id,
                ff.namn,
                ff.beskrivning,
                scale.get(fu.bedomning) if (fu := factors.get(ff.id)) and fu.bedomning else None,
                fu.text if fu else None,
                arsvis=is_interim(src),
            )
            for ff in target.framgangsfaktorer
        ],
        uppfoljd=upp is not None,
        fil=own.path if own else None,
    )


def _followups(
    src: Source,
    delmal: str,
    plans: dict[str, m.Plan],
    columns: list[tuple[str, str]],
    scale: dict[str, Steg],
) -> list[Uppfoljning]:
    """Per nämnd (in a nämnd's report: per organisation below it) its follow-up."""
    orgs = [o for o, _ in columns] if src.namnd is None else src.own(src.namnd)
    out = []
    for org in orgs:
        plan = plans.get(org)
        entry = next((e for e in plan.delmal if e.delmal == delmal), None) if plan else None
        if entry is None:
            continue
        out.append(_followup(src, org, entry, plans, scale))
    return out


def _followup(
    src: Source, org: str, entry: m.PlanDelmal, plans: dict[str, m.Plan], scale: dict[str, Steg]
) -> Uppfoljning:
    p = src.period
    upp = entry.uppfoljning.get(p)
    analys = upp.analys if upp else None
    parts = [
        Analysdel(heading, text)
        for key, heading in ANALYSIS_HEADINGS.items()
        if analys is not None and (text := getattr(analys, key)) and text.strip()
    ]
    name = src.name(org)
    targets = [
        Malrad(
            name,
            vm.namn,
            vm.enhet,
            vm.malvarde,
            (outcome := fu.utfall if (fu := vm.uppfoljning.get(p)) else None),
            met(vm, outcome),
            fu.kommentar if fu else None,
        )
        for vm in entry.verksamhetsmal
    ]
    activities = [_activity(name, a, p) for a in entry.aktiviteter]
    return Uppfoljning(
        org,
        name,
        src.typ(org) or "",
        step(upp, scale),
        parts,
        list(analys.underlag) if analys else [],
        targets,
        activities,
        activity_counts(src, org, entry.delmal, plans),
        hur_vi_arbetar=entry.hur_vi_arbetar,
    )


def activity_counts(
    src: Source, org: str, delmal: str, plans: dict[str, m.Plan]
) -> list[tuple[str, int]]:
    """How many activities for ``delmal`` in ``org`` and every unit below it have each
    status for the period, in the order of the statuses; none that no activity has. A
    nämnd below ``org`` counts its own."""
    statuses: Counter[str] = Counter()
    for below in src.own(org):
        plan = plans.get(below)
        for e in plan.delmal if plan else ():
            if e.delmal == delmal:
                for a in e.aktiviteter:
                    fu = a.uppfoljning.get(src.period)
                    statuses[fu.status if fu and fu.status else NOT_FOLLOWED_UP] += 1
    return [(name, statuses[key]) for key, name in ACTIVITY_STATUS_NAMES.items() if statuses[key]]


def met(vm: m.Verksamhetsmal, outcome: float | None) -> bool | None:
    """Whether a verksamhetsmål's outcome reaches its target, in the goal's direction."""
    return reaches(outcome, vm.malvarde, vm.riktning)


def _activity(org_name: str, activity: m.Aktivitet, period: str) -> Aktivitetsrad:
    fu = activity.uppfoljning.get(period)
    status = fu.status if fu else None
    return Aktivitetsrad(
        org_name,
        activity.namn,
        STATUS_NAMES.get(status or ""),
        status,
        fu.hur_har_det_gatt if fu else None,
        fu.vad_har_det_lett_till if fu else None,
        fu.kommentar if fu else None,
    )
