"""What every section of the report is built from, and the small things they share.

`Source` holds the repository, the year, the period and the scope (the whole
municipality or one nämnd); the scale, the assessments of a plan and the anchors are
looked up here the same way for every section.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from malkoll.model import files as m
from malkoll.model.index import Index
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

T = TypeVar("T")


@dataclass
class Source:
    """What the report is built from: the repository, the year, the period, the scope.

    The organisation tree is the repository's index (`model.index`): a nämnd is a nämnd
    wherever it sits, so a nämnd under Kommunstyrelsen has its own column, its own part
    and its own report, and its organisations are not Kommunstyrelsen's."""

    repo: Repository
    year: Ar
    period: str
    namnd: str | None = None
    index: Index = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.index = Index.of(self.repo)

    @property
    def settings(self) -> m.Installningar:
        return self.repo.installningar

    def name(self, org_id: str) -> str:
        return self.index.name(org_id)

    def typ(self, org_id: str) -> str | None:
        return self.index.typ(org_id)

    def head(self, org_id: str) -> str:
        """The nämnd or bolag ``org_id`` belongs to (the nearest at or above it), the top
        of its branch when there is none, itself when it is not in the tree."""
        return self.index.namnd_of(org_id) or org_id

    def heads(self) -> list[str]:
        """Every organisation that answers for itself, in tree order: a nämnd or bolag
        wherever it sits, and every organisation at the top of the tree."""
        return [o for o in self.index.orgs if self.head(o) == o]

    def own(self, org_id: str) -> list[str]:
        """``org_id`` and the organisations below it that it answers for, in tree order: a
        nämnd further down answers for its own branch."""
        head = self.head(org_id)
        return [o for o in self.index.subtree(org_id) if self.head(o) == head]

    def in_scope(self, org_id: str) -> bool:
        return self.namnd is None or self.head(org_id) == self.namnd

    def order(self, org_id: str | None) -> int:
        """The place of ``org_id`` in the tree, for sorting (unknown ids last)."""
        return self.index.order(org_id)

    def plans(self, year: int | None = None) -> dict[str, m.Plan]:
        """Each organisation's plan for the report's year (or ``year``)."""
        plans = self.index.plans(self.year.ar if year is None else year)
        return {org: doc.data for org, doc in plans.items()}


def tops(src: Source) -> list[str]:
    """The organisations the report has a part for, in tree order: every nämnd and bolag
    wherever it sits, and every other organisation at the top of the tree."""
    return [o for o in src.heads() if src.in_scope(o)]


def columns(src: Source, plans: dict[str, m.Plan]) -> list[tuple[str, str]]:
    """The organisations the report looks at across (the matrix's columns): every nämnd
    wherever it sits (a bolag or other organisation at the top when it has a plan), or in
    a nämnd's report the nämnd and every organisation it answers for, the enheter too,
    whose plan follows up a delmål (and so has, or should have, an assessment)."""
    if src.namnd is None:
        wanted = [o for o in tops(src) if src.typ(o) == "namnd" or o in plans]
    else:
        wanted = [
            o
            for o in src.own(src.namnd)
            if o == src.namnd or ((plan := plans.get(o)) is not None and plan.delmal)
        ]
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
