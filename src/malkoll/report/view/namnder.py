"""The nämnder (template block `namnder`): per nämnd its summary, its delmål and their
assessments, and its own rows of the economy, the uppdrag and the internal control."""

from __future__ import annotations

from malkoll.analysis.deviations import Delmalavvikelser, deviations
from malkoll.model import files as m
from malkoll.report.model import Ekonomivy, Internkontrollvy, Namndvy, Steg, Uppdragsgrupp
from malkoll.report.view.source import Source, slug, step, tops
from malkoll.report.wording import committee_decision


def namnder(
    src: Source,
    plans: dict[str, m.Plan],
    scale: dict[str, Steg],
    eco: Ekonomivy | None,
    tasks: list[Uppdragsgrupp],
    controls: list[Internkontrollvy],
    draft: bool = False,
) -> list[Namndvy]:
    """Every nämnd, and every other organisation at the top that reported for the period;
    ``draft``: the report still has findings (`Rapport.utkast`)."""
    return [
        n
        for org in tops(src)
        if (n := namnd(src, org, plans, scale, eco, tasks, controls, draft)).har_innehall
        or src.typ(org) == "namnd"
    ]


def namnd(
    src: Source,
    org: str,
    plans: dict[str, m.Plan],
    scale: dict[str, Steg],
    eco: Ekonomivy | None,
    tasks: list[Uppdragsgrupp],
    controls: list[Internkontrollvy],
    draft: bool = False,
) -> Namndvy:
    """One nämnd's part: what it reported, gathered from the other sections."""
    plan = plans.get(org)
    goals = [
        (
            entry.delmal,
            dm.namn if (dm := src.index.delmal.get(entry.delmal)) else entry.delmal,
            step(entry.uppfoljning.get(src.period), scale),
        )
        for entry in (plan.delmal if plan else ())
    ]
    ik = [x for x in controls if x.org_id == org]
    own = [g for g in tasks if g.org_id == org]
    # a nämnd's own report has its decision on the title page
    decided = plan.beslut.get(src.period) if plan and src.namnd is None else None
    return Namndvy(
        org,
        src.name(org),
        plan.sammanfattning.get(src.period) if plan else None,
        goals,
        next((r for r in eco.rader if r.org_id == org), None) if eco else None,
        own[0].uppdrag if own else [],
        ik[0] if ik else None,
        anchor=f"namnd-{slug(org)}",
        beslut=committee_decision(decided, decided.diarienummer, src.name(org))
        if decided
        else None,
        avvikelser=_deviations(src, org) if draft else [],
    )


def _deviations(src: Source, org: str) -> list[Delmalavvikelser]:
    """In the nämnd's own report, what stands out in its figures (`analysis.deviations`):
    the writer's checklist, so only while the report is a draft (the caller decides)."""
    if src.namnd != org:
        return []
    found = deviations(src.repo, src.year.ar, src.period, namnd=org)
    return found[0].delmal if found else []
