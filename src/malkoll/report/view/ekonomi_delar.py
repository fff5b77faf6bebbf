"""The economy beyond the net cost per nämnd (template block `ekonomi`).

- Costs and income apart, and last year's net cost beside this year's: from the period's
  `kostnader`, `intakter` and `fjolar`, or, without `fjolar`, from the same period of last
  year's `ekonomi.yaml` when the repository has it.
- A nämnd's figures on its units (`enheter`, which the ledger import writes), in the
  nämnd's own report: an entry with others below it stands for what is booked in common.
- The investments as projects: this year's budget and outcome beside the project's whole
  budget and what it has cost so far, and the ombudgetering asked for shown as such, so
  that a delayed project does not read as a surplus.
"""

from __future__ import annotations

from collections.abc import Iterable

from malkoll.analysis.forecasts import deviation_of
from malkoll.model import files as m
from malkoll.report.ekonomi_model import Enhetsrad, Nettorad, Projektrad, Projektvy
from malkoll.report.view.source import Source, latest, slug


def costs_and_income(src: Source, namnder: list[m.EkonomiNamnd]) -> list[Nettorad]:
    """Per nämnd in scope, its costs, income, net cost and last year's; empty when no
    nämnd gives costs, income or last year's figure for the period."""
    rows = [_net(src, n.organisation, n.perioder) for n in namnder if src.in_scope(n.organisation)]
    if not any(r.kostnader is not None or r.fjolar is not None for r in rows):
        return []
    return [*rows, _net_total(rows)] if len(rows) > 1 else rows


def _net_total(rows: list[Nettorad]) -> Nettorad:
    """The sum row: each column over the rows that have it; the change only over the rows
    that have both years, so that a nämnd without last year's figure adds no change."""
    both = [r for r in rows if r.utfall is not None and r.fjolar is not None]
    now = present_sum(r.utfall for r in both)
    before = present_sum(r.fjolar for r in both)
    change = now - before if now is not None and before is not None else None
    return Nettorad(
        "Summa",
        present_sum(r.kostnader for r in rows),
        present_sum(r.intakter for r in rows),
        present_sum(r.utfall for r in rows),
        present_sum(r.fjolar for r in rows),
        change,
        change / abs(before) if change is not None and before else None,
    )


def present_sum(values: Iterable[float | None]) -> float | None:
    """The sum of the figures that exist; None when none does."""
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _net(src: Source, org: str, perioder: dict[str, m.EkonomiPeriod]) -> Nettorad:
    p = perioder.get(src.period)
    outcome = p.utfall if p else None
    before = p.fjolar if p and p.fjolar is not None else _last_year(src, org)
    change = outcome - before if outcome is not None and before is not None else None
    share = change / abs(before) if change is not None and before else None
    return Nettorad(
        src.name(org),
        p.kostnader if p else None,
        p.intakter if p else None,
        outcome,
        before,
        change,
        share,
    )


def _last_year(src: Source, org: str) -> float | None:
    """The same period's outcome in last year's `ekonomi.yaml`, if the repository has it."""
    before = src.repo.ar.get(src.year.ar - 1)
    if before is None or before.ekonomi is None:
        return None
    for n in before.ekonomi.data.namnder:
        if n.organisation == org and (p := n.perioder.get(src.period)) is not None:
            return p.utfall
    return None


def units(src: Source, namnder: list[m.EkonomiNamnd], last: bool) -> list[Enhetsrad]:
    """In a nämnd's report, its figures on its units (`enheter`), in tree order."""
    if src.namnd is None:
        return []
    entry = next((n for n in namnder if n.organisation == src.namnd), None)
    if entry is None:
        return []
    rows = []
    for e in sorted(
        entry.enheter, key=lambda e: (e.organisation != src.namnd, src.order(e.organisation))
    ):
        p = e.perioder.get(src.period)
        outcome = p.utfall if p else None
        base = e.budget if last else (p.periodbudget if p else None)
        deviation, share = deviation_of(base, outcome)
        name = src.name(e.organisation)
        if any(e.organisation in src.index.ancestors(o.organisation) for o in entry.enheter):
            name += " (gemensamt)"  # what is booked on it, not on the entries below it
        rows.append(Enhetsrad(name, e.budget, base, outcome, deviation, share))
    if len(rows) > 1:  # the sum row: the nämnd's own figures, which MK512 holds them to
        p = entry.perioder.get(src.period)
        outcome = p.utfall if p else None
        base = entry.budget if last else (p.periodbudget if p else None)
        deviation, share = deviation_of(base, outcome)
        rows.append(Enhetsrad("Summa", entry.budget, base, outcome, deviation, share))
    return rows


def projects(src: Source, investeringar: list[m.Investering], last: bool) -> Projektvy | None:
    """The investments in scope as projects, with the year's sums and the deviation once
    the ombudgeteringar asked for are taken out. An ombudgetering is asked for with the
    year's outcome: an interim report does not show it."""
    rows = [_project(src, inv, last) for inv in investeringar if src.in_scope(inv.organisation)]
    if not rows:
        return None
    deviation = present_sum(r.avvikelse for r in rows)
    carried = present_sum(r.ombudgetering for r in rows)
    return Projektvy(
        rows,
        sum(r.budget for r in rows),
        present_sum(r.utfall for r in rows),
        deviation,
        present_sum(r.prognos for r in rows),
        carried,
        deviation - carried if deviation is not None and carried is not None else None,
        any(r.projektbudget is not None for r in rows),
        src.year.ar,
    )


def _project(src: Source, inv: m.Investering, last: bool) -> Projektrad:
    outcome = latest(inv.utfall, src)
    so_far = None  # what the project has cost so far: only for a project over years
    project = inv.projektbudget is not None or inv.tidigare_ar is not None
    if project and outcome is not None:
        so_far = (inv.tidigare_ar or 0) + outcome
    left = (
        inv.projektbudget - so_far if inv.projektbudget is not None and so_far is not None else None
    )
    asked = inv.ombudgetering if last else None
    return Projektrad(
        inv.id,
        inv.namn,
        src.name(inv.organisation),
        inv.budget,
        outcome,
        inv.budget - outcome if outcome is not None else None,
        latest(inv.prognos, src),
        asked.belopp if asked else None,
        asked.motivering if asked else None,
        inv.projektbudget,
        so_far,
        left,
        inv.klart,
        inv.kommentar,
        anchor=f"investering-{slug(inv.id)}",
    )
