"""The report's view model: every figure and text the templates show, computed here.

Templates only lay out. Sums, deviations in tkr and per cent, forecasts through the
year, indicator trends, the changes since the previous period and the summarised
assessment of a level are all computed in this module and tested on their own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from malkoll.findings import Finding
from malkoll.model import files as m
from malkoll.model.repository import Ar, Repository
from malkoll.model.timing import period_date
from malkoll.report.charts import trend_chart
from malkoll.report.model import (
    Aktivitetsrad,
    Analysdel,
    Bilagefynd,
    Bilagegrupp,
    Delmalvy,
    Ekonomirad,
    Ekonomivy,
    Forandring,
    Indikatorrad,
    Indikatorvy,
    Internkontrollvy,
    Investeringsrad,
    Kontrollrad,
    Malrad,
    Malvy,
    Matris,
    Matrisrad,
    Namndvy,
    Rapport,
    Steg,
    Uppdragsgrupp,
    Uppdragsrad,
    Uppfoljning,
)

NEUTRAL_COLOR = "#57606a"
NEUTRAL_SYMBOL = "⚪"
ANALYSIS_HEADINGS = {
    "resultat": "Resultat",
    "orsaker": "Orsaker",
    "avvikelser": "Avvikelser",
    "grupper": "Skillnader mellan grupper",
    "slutsatser": "Slutsatser",
    "atgarder": "Åtgärder",
}
STATUS_NAMES = {
    "ej_paborjad": "Ej påbörjad",
    "pagar": "Pågår",
    "genomford": "Genomförd",
    "forsenad": "Försenad",
    "avbruten": "Avbruten",
}
MATRIX_TYPES = ("namnd", "bolag", "sektor", "verksamhet")


# --- building ----------------------------------------------------------------------------


@dataclass
class Source:
    """What the report is built from: the repository, the year, the period, the scope."""

    repo: Repository
    year: Ar
    period: str
    namnd: str | None = None
    orgs: dict[str, m.Organisation] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)
    depth: dict[str, int] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.repo.organisation is not None:
            self._index(self.repo.organisation.data.root, None, 0)

    def _index(self, orgs: Iterable[m.Organisation], parent: str | None, depth: int) -> None:
        for org in orgs:
            if org.id in self.orgs:
                continue
            self.orgs[org.id] = org
            self.order.append(org.id)
            self.depth[org.id] = depth
            if parent is not None:
                self.parent[org.id] = parent
            self._index(org.delar, org.id, depth + 1)

    @property
    def settings(self) -> m.Installningar:
        return self.repo.installningar

    def name(self, org_id: str) -> str:
        org = self.orgs.get(org_id)
        return org.namn if org else org_id

    def top(self, org_id: str) -> str:
        """The nämnd or bolag at the top of ``org_id``'s branch."""
        while org_id in self.parent:
            org_id = self.parent[org_id]
        return org_id

    def subtree(self, org_id: str) -> list[str]:
        """``org_id`` and every organisation below it, in tree order."""
        org = self.orgs.get(org_id)
        if org is None:
            return [org_id]
        out: list[str] = []
        stack = [org]
        while stack:
            current = stack.pop()
            out.append(current.id)
            stack.extend(reversed(current.delar))
        return out

    def in_scope(self, org_id: str) -> bool:
        return self.namnd is None or self.top(org_id) == self.namnd

    def plans(self) -> dict[str, m.Plan]:
        return {doc.data.organisation: doc.data for doc in self.year.planer}


def build(
    repo: Repository,
    year: int,
    period: str,
    *,
    namnd: str | None = None,
    findings: list[Finding] | None = None,
    today: dt.date | None = None,
    commit: str | None = None,
    changed: bool = False,
) -> Rapport:
    """The view model of the report for ``period`` of ``year`` (one nämnd's with ``namnd``)."""
    src = Source(repo, repo.ar[year], period, namnd)
    scale = scale_steps(repo.installningar)
    plans = src.plans()
    columns = _columns(src, plans)
    goals = [_goal(src, doc.data, plans, columns, scale) for doc in repo.mal]
    goals = [g for g in goals if g.delmal or namnd is None]
    findings = findings or []
    period_name = src.settings.perioder[period].namn
    eco = economy(src)
    tasks = assignments(src)
    controls = internal_control(src)
    report = Rapport(
        kommun=src.settings.kommun,
        titel=f"{period_name} {year}",
        ar=year,
        period=period,
        period_namn=period_name,
        datum=today or dt.date.today(),
        commit=commit,
        andrad=changed,
        utkast=bool(findings),
        namnd=src.name(namnd) if namnd else None,
        skala=list(scale.values()),
        matris=matrix(src, plans, columns, scale),
        mal=goals,
        namnder=[
            n
            for org in _tops(src)
            if (n := _namnd(src, org, plans, scale, eco, tasks, controls)).har_innehall
            or src.orgs[org].typ == "namnd"
        ],
        ekonomi=eco,
        uppdrag=tasks,
        internkontroll=controls,
        bilaga=appendix(src, findings),
        fel=sum(1 for x in findings if x.severity == "fel"),
        varningar=sum(1 for x in findings if x.severity == "varning"),
    )
    return report


def scale_steps(settings: m.Installningar) -> dict[str, Steg]:
    """The scale of malkoll.yaml as the report shows it, best first."""
    return {
        key: Steg(
            key,
            step.namn or key.replace("_", " ").capitalize(),
            step.text,
            step.symbol or NEUTRAL_SYMBOL,
            step.farg or NEUTRAL_COLOR,
            rank,
        )
        for rank, (key, step) in enumerate(settings.bedomning.items())
    }


def summarise(steps: Iterable[Steg | None]) -> Steg | None:
    """The summarised assessment of a level: the median step, the worse of two middles."""
    ranked = sorted((s for s in steps if s is not None), key=lambda s: s.rank)
    return ranked[len(ranked) // 2] if ranked else None


def _is_top(src: Source, org_id: str) -> bool:
    return org_id not in src.parent


def _tops(src: Source) -> list[str]:
    """The organisations at the top of the tree that the report covers, in tree order."""
    return [o for o in src.order if _is_top(src, o) and src.in_scope(o)]


def _columns(src: Source, plans: dict[str, m.Plan]) -> list[tuple[str, str]]:
    """The matrix's columns: every nämnd (a bolag or other top-level organisation when it
    has a plan), or in a nämnd's report its levels down to the verksamheter."""
    if src.namnd is None:
        wanted = [o for o in _tops(src) if src.orgs[o].typ == "namnd" or o in plans]
    else:
        wanted = [
            o
            for o in src.subtree(src.namnd)
            if src.orgs.get(o) is None or src.orgs[o].typ in MATRIX_TYPES
        ]
        wanted = [o for o in wanted if o == src.namnd or o in plans]
    return [(o, src.name(o)) for o in wanted]


def _assessment(plan: m.Plan | None, delmal: str, period: str) -> m.DelmalUppfoljning | None:
    if plan is None:
        return None
    for entry in plan.delmal:
        if entry.delmal == delmal:
            return entry.uppfoljning.get(period)
    return None


def _step(upp: m.DelmalUppfoljning | None, scale: dict[str, Steg]) -> Steg | None:
    return scale.get(upp.bedomning) if upp is not None and upp.bedomning else None


def matrix(
    src: Source, plans: dict[str, m.Plan], columns: list[tuple[str, str]], scale: dict[str, Steg]
) -> Matris:
    """Delmål down, organisations across; counts per step; changes since the last period."""
    previous, previous_plans, previous_name = _previous(src, plans)
    rows: list[Matrisrad] = []
    changes: list[Forandring] = []
    counts: Counter[str] = Counter()
    missing = 0
    planned = {(org, e.delmal) for org, plan in plans.items() for e in plan.delmal}
    for doc in src.repo.mal:
        for dm in doc.data.delmal:
            cells = [_step(_assessment(plans.get(o), dm.id, src.period), scale) for o, _ in columns]
            if src.namnd is not None and not any((o, dm.id) in planned for o, _ in columns):
                continue
            rows.append(Matrisrad(doc.data.namn, dm.id, dm.namn, cells, f"delmal-{_slug(dm.id)}"))
            for (org, name), cell in zip(columns, cells, strict=True):
                if cell is not None:
                    counts[cell.id] += 1
                elif (org, dm.id) in planned:
                    missing += 1
                if previous is None or cell is None:
                    continue
                before = _step(_assessment(previous_plans.get(org), dm.id, previous), scale)
                if before is None:
                    changes.append(Forandring(dm.id, name, None, cell, "ny"))
                elif before.rank != cell.rank:
                    better = cell.rank < before.rank
                    changes.append(
                        Forandring(dm.id, name, before, cell, "bättre" if better else "sämre")
                    )
    return Matris(
        kolumner=columns,
        rader=rows,
        antal=[(step, counts[key]) for key, step in scale.items()],
        saknas=missing,
        foregaende=previous_name,
        forandringar=changes,
    )


def _previous(
    src: Source, plans: dict[str, m.Plan]
) -> tuple[str | None, dict[str, m.Plan], str | None]:
    """The period before the report's (the year before's last for the year's first), its
    plans and its name; None when the repository has no such period."""
    keys = list(src.settings.perioder)
    i = keys.index(src.period)
    if i > 0:
        return keys[i - 1], plans, src.settings.perioder[keys[i - 1]].namn
    before = src.repo.ar.get(src.year.ar - 1)
    if before is None or not before.planer:
        return None, {}, None
    last = keys[-1]
    earlier = {doc.data.organisation: doc.data for doc in before.planer}
    return last, earlier, f"{src.settings.perioder[last].namn} {before.ar}"


def _goal(
    src: Source,
    goal: m.Malsattning,
    plans: dict[str, m.Plan],
    columns: list[tuple[str, str]],
    scale: dict[str, Steg],
) -> Malvy:
    definitions = {ind.id: ind for ind in goal.indikatorer}
    delmal = []
    for dm in goal.delmal:
        followups = _followups(src, dm.id, plans, columns, scale)
        if src.namnd is not None and not followups:
            continue
        own = [f.bedomning for f in followups if f.org_id in dict(columns)]
        if src.namnd is not None:
            own = [f.bedomning for f in followups if f.org_id == src.namnd] or own
        indicators = [
            indicator(src, definitions.get(i) or _definition_elsewhere(src, i), i)
            for i in dm.indikatorer
        ]
        delmal.append(
            Delmalvy(
                dm.id,
                dm.namn,
                list(dm.agenda2030),
                summarise(own),
                followups,
                [i for i in indicators if i is not None],
                anchor=f"delmal-{_slug(dm.id)}",
            )
        )
    return Malvy(
        goal.id,
        goal.namn,
        goal.omrade,
        goal.beskrivning,
        goal.ansvarig,
        list(goal.agenda2030),
        [(ff.namn, ff.beskrivning) for ff in goal.framgangsfaktorer],
        delmal,
        anchor=f"mal-{_slug(goal.id)}",
    )


def _definition_elsewhere(src: Source, ind: str) -> m.IndikatorDefinition | None:
    for doc in src.repo.mal:
        for definition in doc.data.indikatorer:
            if definition.id == ind:
                return definition
    return None


def _followups(
    src: Source,
    delmal: str,
    plans: dict[str, m.Plan],
    columns: list[tuple[str, str]],
    scale: dict[str, Steg],
) -> list[Uppfoljning]:
    """Per nämnd (in a nämnd's report: per organisation below it) its follow-up."""
    orgs = [o for o, _ in columns] if src.namnd is None else src.subtree(src.namnd)
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
    goals = [
        Malrad(
            name,
            vm.namn,
            vm.enhet,
            vm.malvarde,
            (fu := vm.uppfoljning.get(p)) and fu.utfall,
            _met(vm, fu.utfall if fu else None),
            fu.kommentar if fu else None,
        )
        for vm in entry.verksamhetsmal
    ]
    activities = [_activity(name, a, p) for a in entry.aktiviteter]
    statuses: Counter[str] = Counter()
    for below in src.subtree(org):
        plan = plans.get(below)
        for e in plan.delmal if plan else ():
            if e.delmal == entry.delmal:
                for a in e.aktiviteter:
                    fu = a.uppfoljning.get(p)
                    statuses[fu.status if fu and fu.status else "ej_uppfoljd"] += 1
    order = [*STATUS_NAMES, "ej_uppfoljd"]
    names = {**STATUS_NAMES, "ej_uppfoljd": "Ej uppföljd"}
    return Uppfoljning(
        org,
        name,
        src.orgs[org].typ if org in src.orgs else "",
        _step(upp, scale),
        parts,
        list(analys.underlag) if analys else [],
        goals,
        activities,
        [(names[key], statuses[key]) for key in order if statuses[key]],
    )


def _met(vm: m.Verksamhetsmal, outcome: float | None) -> bool | None:
    if outcome is None or vm.malvarde is None:
        return None
    return outcome >= vm.malvarde if vm.riktning == "hogre" else outcome <= vm.malvarde


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


def indicator(
    src: Source, definition: m.IndikatorDefinition | None, ind: str
) -> Indikatorvy | None:
    """An indicator's table and trend up to the report's year."""
    if definition is None:
        return None
    values = next((d.data for d in src.repo.indikatorer if d.data.indikator == ind), None)
    year = src.year.ar
    years = sorted(y for y in (values.utfall if values else {}) if y <= year)
    comparisons = list(values.jamforelse) if values else []
    rows = []
    for y in years:
        u = values.utfall[y] if values else None
        rows.append(
            Indikatorrad(
                y,
                u.T if u else None,
                u.K if u else None,
                u.M if u else None,
                definition.malvarde.get(y),
                [values.jamforelse[c].get(y) if values else None for c in comparisons],
            )
        )
    higher = definition.riktning == "hogre"
    targets = {y: v for y, v in definition.malvarde.items() if y >= (years[0] if years else year)}
    return Indikatorvy(
        definition.id,
        definition.namn,
        definition.enhet,
        "Högre är bättre" if higher else "Lägre är bättre",
        values.kalla if values else None,
        bool(definition.kolada) or bool(values and (values.kalla or "").lower() == "kolada"),
        rows,
        [_comparison_name(c) for c in comparisons],
        trend(rows, higher),
        trend_chart(definition.namn, [(r.ar, r.T, r.K, r.M) for r in rows], targets),
    )


def trend(rows: list[Indikatorrad], higher_is_better: bool) -> str:
    """How the latest total compares with the year before: better, worse or unchanged."""
    totals = [(r.ar, r.T) for r in rows if r.T is not None]
    if len(totals) < 2:
        return ""
    (_, before), (_, latest) = totals[-2], totals[-1]
    if latest == before:
        return "oförändrad"
    return "förbättras" if (latest > before) == higher_is_better else "försämras"


def _comparison_name(key: str) -> str:
    return {"riket": "Riket", "liknande_kommuner": "Liknande kommuner"}.get(
        key, key.replace("_", " ").capitalize()
    )


# --- per nämnd, economy, uppdrag, internal control -------------------------------------


def _namnd(
    src: Source,
    org: str,
    plans: dict[str, m.Plan],
    scale: dict[str, Steg],
    eco: Ekonomivy | None,
    tasks: list[Uppdragsgrupp],
    controls: list[Internkontrollvy],
) -> Namndvy:
    plan = plans.get(org)
    goals = []
    if plan is not None:
        for entry in plan.delmal:
            dm = next(
                (d for doc in src.repo.mal for d in doc.data.delmal if d.id == entry.delmal), None
            )
            goals.append(
                (
                    entry.delmal,
                    dm.namn if dm else entry.delmal,
                    _step(entry.uppfoljning.get(src.period), scale),
                )
            )
    ik = [x for x in controls if x.org_id == org]
    own = [g for g in tasks if g.org_id == org]
    return Namndvy(
        org,
        src.name(org),
        plan.sammanfattning.get(src.period) if plan else None,
        goals,
        next((r for r in eco.rader if r.org_id == org), None) if eco else None,
        own[0].uppdrag if own else [],
        ik[0] if ik else None,
        anchor=f"namnd-{_slug(org)}",
    )


def forecast_points(src: Source) -> list[str]:
    """The points of the year that carry a forecast, in date order, up to the period."""
    until = period_date(src.settings, src.year.ar, src.period)
    keys = [*src.settings.prognoser, *src.settings.perioder]
    dated = {k: period_date(src.settings, src.year.ar, k) for k in keys}
    eco = src.year.ekonomi
    used = {
        k
        for n in (eco.data.namnder if eco else [])
        for k, v in n.perioder.items()
        if v.prognos is not None
    }
    return sorted(
        (k for k in dict.fromkeys(keys) if k in used and dated[k] and until and dated[k] <= until),
        key=lambda k: dated[k] or dt.date.min,
    )


def economy(src: Source) -> Ekonomivy | None:
    """All nämnder in one table: budget, outcome, deviation, and every forecast so far."""
    doc = src.year.ekonomi
    if doc is None:
        return None
    last = next(reversed(src.settings.perioder))
    points = forecast_points(src)
    rows = []
    for n in doc.data.namnder:
        if not src.in_scope(n.organisation):
            continue
        figures = n.perioder.get(src.period)
        outcome = figures.utfall if figures else None
        base = n.budget if src.period == last else (figures.periodbudget if figures else None)
        deviation, share = deviation_of(base, outcome)
        rows.append(
            Ekonomirad(
                n.organisation,
                src.name(n.organisation),
                n.budget,
                outcome,
                base,
                deviation,
                share,
                [(n.perioder[k].prognos if k in n.perioder else None) for k in points],
                n.analys.get(src.period),
                n.atgarder.get(src.period),
            )
        )
    investments = [
        _investment(src, inv) for inv in doc.data.investeringar if src.in_scope(inv.organisation)
    ]
    return Ekonomivy(
        src.settings.ekonomi.enhet,
        [_point_name(src, k) for k in points],
        rows,
        total(rows, len(points)),
        investments,
        sum(i.budget for i in investments),
        sum(i.utfall or 0 for i in investments),
    )


def deviation_of(budget: float | None, outcome: float | None) -> tuple[float | None, float | None]:
    """Budget less outcome, in the unit and as a share of the budget (positive is better)."""
    if budget is None or outcome is None:
        return None, None
    deviation = budget - outcome
    return deviation, (deviation / budget if budget else None)


def total(rows: list[Ekonomirad], points: int) -> Ekonomirad:
    """The sum of the rows; a column with a missing figure sums the figures that exist."""

    def add(values: Iterable[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return sum(present) if present else None

    outcome = add(r.utfall for r in rows)
    base = add(r.jamfort_med for r in rows if r.utfall is not None)
    deviation, share = deviation_of(base, outcome)
    return Ekonomirad(
        "",
        "Summa",
        sum(r.budget for r in rows),
        outcome,
        base,
        deviation,
        share,
        [add(r.prognoser[i] for r in rows) for i in range(points)],
        None,
        None,
    )


def _point_name(src: Source, key: str) -> str:
    period = src.settings.perioder.get(key)
    return period.namn if period else key.capitalize()


def _investment(src: Source, inv: m.Investering) -> Investeringsrad:
    outcome = _latest(inv.utfall, src)
    return Investeringsrad(
        inv.id,
        inv.namn,
        src.name(inv.organisation),
        inv.budget,
        outcome,
        inv.budget - outcome if outcome is not None else None,
        inv.kommentar,
    )


def _latest(values: dict[str, float], src: Source) -> float | None:
    """The value for the period, or the latest earlier period's."""
    found = None
    for key in src.settings.perioder:
        if key in values:
            found = values[key]
        if key == src.period:
            break
    return found


def assignments(src: Source) -> list[Uppdragsgrupp]:
    """Uppdrag grouped by nämnd, each with its latest status up to the period."""
    doc = src.year.uppdrag
    groups: dict[str, list[Uppdragsrad]] = {}
    for u in doc.data.root if doc else []:
        if not src.in_scope(u.organisation):
            continue
        latest = None
        for key in src.settings.perioder:
            if key in u.uppfoljning:
                latest = u.uppfoljning[key]
            if key == src.period:
                break
        groups.setdefault(src.top(u.organisation), []).append(
            Uppdragsrad(
                u.id,
                u.namn,
                u.givet_av if u.givet_av.upper() in ("KF", "KS") else src.name(u.givet_av),
                u.beslut,
                u.klart,
                STATUS_NAMES.get(latest.status or "") if latest and latest.status else None,
                latest.status if latest else None,
                latest.kommentar if latest else None,
            )
        )
    order = {o: i for i, o in enumerate(src.order)}
    return [
        Uppdragsgrupp(org, src.name(org), rows)
        for org, rows in sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order)))
    ]


def internal_control(src: Source) -> list[Internkontrollvy]:
    """Per nämnd, control by control: risk value, and the period's result if reported."""
    out = []
    order = {o: i for i, o in enumerate(src.order)}
    for doc in sorted(src.year.internkontroll, key=lambda d: order.get(d.data.organisation, 0)):
        ik = doc.data
        if not src.in_scope(ik.organisation):
            continue
        rows = []
        for k in ik.kontroller:
            fu = k.uppfoljning.get(src.period)
            rows.append(
                Kontrollrad(
                    k.id,
                    k.process,
                    k.risk,
                    k.sannolikhet,
                    k.konsekvens,
                    k.sannolikhet * k.konsekvens,
                    k.kontrollmoment,
                    src.period in k.rapporteras,
                    fu.resultat if fu else None,
                    fu.avvikelser if fu else None,
                    fu.atgarder if fu else None,
                )
            )
        out.append(Internkontrollvy(ik.organisation, src.name(ik.organisation), ik.antagen, rows))
    return out


def appendix(src: Source, findings: list[Finding]) -> list[Bilagegrupp]:
    """While a draft: what is missing, organisation by organisation."""
    groups: dict[str, list[Bilagefynd]] = {}
    for x in findings:
        name = src.name(x.organisation) if x.organisation else "Övrigt"
        groups.setdefault(name, []).append(
            Bilagefynd(f"{x.path}:{x.line}", x.code, x.severity, x.message)
        )
    return [
        Bilagegrupp(k, v)
        for k, v in sorted(groups.items(), key=lambda kv: (kv[0] == "Övrigt", kv[0]))
    ]


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "x"
