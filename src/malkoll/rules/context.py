"""What the rules share: indexes built once over the typed model, and how findings are made.

No rule scans the whole model per item: whatever a rule needs to look up (an
organisation's parent, a year's plan of an organisation, an indicator's values) is
indexed here once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.positions import Where
from malkoll.model.repository import Ar, Doc, Repository
from malkoll.model.timing import Due, Timing

DONE = ("genomford", "avbruten")
"""Statuses that end the follow-up of an activity or uppdrag."""


@dataclass
class Context:
    """The repository, the timing, the indexes, and the findings made so far."""

    repo: Repository
    timing: Timing
    found: list[f.Finding] = field(default_factory=list)
    orgs: dict[str, m.Organisation] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    delmal_indicators: dict[str, list[str]] = field(default_factory=dict)
    indicator_defs: dict[str, tuple[str, m.IndikatorDefinition]] = field(default_factory=dict)
    values: dict[str, m.IndikatorVarden] = field(default_factory=dict)
    plans: dict[int, dict[str, Doc[m.Plan]]] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)
    planned: dict[int, set[tuple[str, str]]] = field(default_factory=dict)
    """Per year, the (organisation, delmål) pairs that some plan lists."""

    @classmethod
    def build(cls, repo: Repository, timing: Timing) -> Context:
        ctx = cls(repo, timing)
        ctx.ranks = {step: i for i, step in enumerate(repo.installningar.bedomning)}
        if repo.organisation is not None:
            ctx._index_orgs(repo.organisation.data.root, None)
        for doc in repo.mal:
            for dm in doc.data.delmal:
                ctx.delmal_indicators.setdefault(dm.id, list(dm.indikatorer))
            for ind in doc.data.indikatorer:
                ctx.indicator_defs.setdefault(ind.id, (doc.path, ind))
        for values in repo.indikatorer:
            ctx.values.setdefault(values.data.indikator, values.data)
        for year in repo.ar.values():
            by_org = ctx.plans.setdefault(year.ar, {})
            pairs = ctx.planned.setdefault(year.ar, set())
            for plan in year.planer:
                by_org.setdefault(plan.data.organisation, plan)
                pairs.update((plan.data.organisation, e.delmal) for e in plan.data.delmal)
        return ctx

    def _index_orgs(self, orgs: Iterable[m.Organisation], parent: str | None) -> None:
        for org in orgs:
            if org.id in self.orgs:
                continue
            self.orgs[org.id] = org
            if parent is not None:
                self.parent[org.id] = parent
                self.children.setdefault(parent, []).append(org.id)
            self._index_orgs(org.delar, org.id)

    # --- reading helpers ------------------------------------------------------------

    @property
    def settings(self) -> m.Installningar:
        return self.repo.installningar

    def years(self) -> Iterator[Ar]:
        """The years being checked, in order."""
        for year in sorted(self.repo.ar):
            if self.timing.checks_year(year):
                yield self.repo.ar[year]

    def org_name(self, org_id: str | None) -> str:
        org = self.orgs.get(org_id or "")
        return org.namn if org else str(org_id)

    def org_type(self, org_id: str) -> str | None:
        org = self.orgs.get(org_id)
        return org.typ if org else None

    def period_name(self, period: str) -> str:
        found = self.settings.perioder.get(period)
        return found.namn if found else period

    def scale_rank(self, value: str | None) -> int | None:
        """0 for the best step of the scale, 1 for the next, ...; None if unknown."""
        return self.ranks.get(value) if value is not None else None

    def planned_below(self, year: int, org: str, delmal: str) -> bool:
        """Whether an organisation directly below ``org`` plans for the delmål."""
        pairs = self.planned.get(year, set())
        return any((child, delmal) in pairs for child in self.children.get(org, ()))

    def indicators_of(self, delmal: str, matt: Iterable[str] = ()) -> list[str]:
        """The delmål's indicators in mal/ followed by the unit's own `matt`, without repeats."""
        return list(dict.fromkeys([*self.delmal_indicators.get(delmal, []), *matt]))

    def org_entry(self, org_id: str) -> tuple[str, Where] | None:
        """Where an organisation stands in organisation.yaml (for what no file holds)."""
        doc, org = self.repo.organisation, self.orgs.get(org_id)
        if doc is None or org is None:
            return None
        return doc.path, positions.key(org, "id")

    # --- making findings --------------------------------------------------------------

    def add(
        self,
        rule: f.Rule,
        path: str,
        where: Where,
        message: str,
        hint: str = "",
        org: str | None = None,
        due: Due | None = None,
        period: str | None = None,
    ) -> None:
        """A finding of ``rule``: its severity after `regler:`, a warning in a grace window."""
        grace = due is not None and not due.overdue
        severity = f.effective_severity(rule.code, rule.severity, self.settings.regler, grace)
        if severity is None:
            return
        self.found.append(
            f.Finding(
                path,
                where.line,
                where.col,
                rule.code,
                severity,
                message,
                hint,
                org,
                period or (due.period if due else None),
            )
        )


def where_period(owner: Any, keyed_name: str, period: str) -> Where:
    """The period's key under ``owner.keyed_name``, or that key, or the owner's start."""
    keyed = getattr(owner, keyed_name)
    if period in keyed:
        return positions.key(keyed, period)
    return positions.key(owner, keyed_name)


def done_before(settings: m.Installningar, followups: dict[str, Any], period: str) -> bool:
    """Whether a period before ``period`` reported the work done or cancelled."""
    for key in settings.perioder:
        if key == period:
            return False
        if getattr(followups.get(key), "status", None) in DONE:
            return True
    return False


def wrong(keyed: Any, key: str, value: Any, name: str) -> bool:
    """Whether ``keyed[key].name`` is absent because the schema already reported it as
    wrong and cut it away (the value under ``key``, or its ``name``): one defect, one
    finding."""
    return positions.cut(keyed, key) or (value is not None and positions.cut(value, name))


def blank(text: str | None) -> bool:
    return text is None or not str(text).strip()


def latest_outcome(values: m.IndikatorVarden | None, year: int) -> tuple[int, m.Utfall] | None:
    """The latest year up to ``year`` with an outcome, and that outcome."""
    if values is None:
        return None
    years = [y for y, u in values.utfall.items() if y <= year and u.T is not None]
    return (max(years), values.utfall[max(years)]) if years else None
