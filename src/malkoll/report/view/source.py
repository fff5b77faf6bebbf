"""What every section of the report is built from, and the small things they share.

`Source` holds the repository, the year, the period and the scope (the whole
municipality or one nämnd); the scale, the assessments of a plan and the anchors are
looked up here the same way for every section.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from malkoll.model import files as m
from malkoll.model.repository import Ar, Repository
from malkoll.report.model import Steg

NEUTRAL_COLOR = "#57606a"
NEUTRAL_SYMBOL = "⚪"
STATUS_NAMES = {
    "ej_paborjad": "Ej påbörjad",
    "pagar": "Pågår",
    "genomford": "Genomförd",
    "forsenad": "Försenad",
    "avbruten": "Avbruten",
}
MATRIX_TYPES = ("namnd", "bolag", "sektor", "verksamhet")

T = TypeVar("T")


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


def tops(src: Source) -> list[str]:
    """The organisations at the top of the tree that the report covers, in tree order."""
    return [o for o in src.order if o not in src.parent and src.in_scope(o)]


def columns(src: Source, plans: dict[str, m.Plan]) -> list[tuple[str, str]]:
    """The organisations the report looks at across (the matrix's columns): every nämnd (a
    bolag or other top-level organisation when it has a plan), or in a nämnd's report its
    levels down to the verksamheter."""
    if src.namnd is None:
        wanted = [o for o in tops(src) if src.orgs[o].typ == "namnd" or o in plans]
    else:
        wanted = [
            o
            for o in src.subtree(src.namnd)
            if src.orgs.get(o) is None or src.orgs[o].typ in MATRIX_TYPES
        ]
        wanted = [o for o in wanted if o == src.namnd or o in plans]
    return [(o, src.name(o)) for o in wanted]


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


def assessment(plan: m.Plan | None, delmal: str, period: str) -> m.DelmalUppfoljning | None:
    """A plan's follow-up of ``delmal`` for ``period``, if it has one."""
    if plan is None:
        return None
    for entry in plan.delmal:
        if entry.delmal == delmal:
            return entry.uppfoljning.get(period)
    return None


def step(upp: m.DelmalUppfoljning | None, scale: dict[str, Steg]) -> Steg | None:
    """The step of the scale a follow-up assesses, or None when it has none."""
    return scale.get(upp.bedomning) if upp is not None and upp.bedomning else None


def latest(values: Mapping[str, T], src: Source) -> T | None:
    """The value for the report's period, or the latest earlier period's."""
    found: T | None = None
    for key in src.settings.perioder:
        if key in values:
            found = values[key]
        if key == src.period:
            break
    return found


def slug(text: str) -> str:
    """An anchor for ``text``: letters and digits, the rest as hyphens."""
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "x"
